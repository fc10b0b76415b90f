"""The public guide: the background information kept one click away from the checklist."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from assessments import quick_checks, revisions
from assessments.glossary import Glossary
from assessments.models import ChecklistVersion, GlossaryTerm, Indicator, Pillar, Question


def _version_asked_for(request) -> ChecklistVersion:
    """The published version named by ?version=, or the latest published one."""
    versions = ChecklistVersion.objects.published()
    label = request.GET.get("version")
    if label:
        return get_object_or_404(versions, label=label)
    version = versions.latest_published()
    if version is None:
        raise Http404(_("No checklist version is published yet."))
    return version


def guide_index(request):
    version = _version_asked_for(request)
    pillars = Pillar.objects.filter(version=version).prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("order"))
    )
    return render(request, "assessments/guide/index.html", {
        "version": version,
        "latest": ChecklistVersion.objects.latest_published(),
        "previous": revisions.previous_version(version),
        "pillars": pillars,
        "quick_check_days": quick_checks.KEEP_DAYS,
    })


def guide_changes(request, label):
    """What a published version changed from the one before it, question by question."""
    version = get_object_or_404(ChecklistVersion.objects.published(), label=label)
    return render(request, "assessments/guide/changes.html", {
        "revision": revisions.revision(version),
    })


def guide_pillar(request, slug):
    version = _version_asked_for(request)
    pillars = list(Pillar.objects.filter(version=version).order_by("order"))
    pillar = next((pillar for pillar in pillars if pillar.slug == slug), None)
    if pillar is None:
        raise Http404(_("No such pillar."))
    indicators = Indicator.objects.filter(pillar=pillar).order_by("order").prefetch_related(
        Prefetch(
            "questions",
            queryset=Question.objects.order_by("order").prefetch_related("criteria"),
        )
    )
    return render(request, "assessments/guide/pillar.html", {
        "version": version,
        "latest": ChecklistVersion.objects.latest_published(),
        "pillar": pillar,
        "pillars": pillars,
        "indicators": indicators,
        "glossary": Glossary.load(),
    })


def glossary(request):
    return render(request, "assessments/guide/glossary.html", {
        "terms": GlossaryTerm.objects.order_by("term"),
    })
