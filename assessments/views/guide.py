"""The public guide: the background information kept one click away from the checklist.

A guide page shows published content only: its body is rendered once per version, pillar
and language, and again only when a curator changes the content (content_cache).
"""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments import quick_checks, revisions
from assessments.glossary import Glossary
from assessments.models import ChecklistVersion, GlossaryTerm, Indicator, Pillar, PillarSlug
from assessments.structure import latest_published_version, published_versions, questions_of
from checklist_site import content_cache


def _version_asked_for(request) -> ChecklistVersion:
    """The published version named by ?version=, or the latest published one."""
    versions = published_versions()
    label = request.GET.get("version")
    if label:
        version = next((version for version in versions if version.label == label), None)
        if version is None:
            raise Http404(_("No such checklist version is published."))
        return version
    if not versions:
        raise Http404(_("No checklist version is published yet."))
    return versions[0]


def guide_index(request):
    version = _version_asked_for(request)
    body = content_cache.kept(("guide", get_language(), version.pk), lambda: render_to_string(
        "assessments/guide/index_body.html", {
            "version": version,
            "latest": latest_published_version(),
            "previous": revisions.previous_version(version),
            "pillars": Pillar.objects.filter(version=version).prefetch_related(
                Prefetch("indicators", queryset=Indicator.objects.order_by("order"))
            ),
            "quick_check_days": quick_checks.KEEP_DAYS,
        },
    ))
    return render(request, "assessments/guide/index.html", {"body": body})


def guide_changes(request, label):
    """What a published version changed from the one before it, question by question."""
    version = get_object_or_404(ChecklistVersion.objects.published(), label=label)
    return render(request, "assessments/guide/changes.html", {
        "revision": revisions.revision(version),
    })


def guide_pillar(request, slug):
    version = _version_asked_for(request)
    if slug not in PillarSlug.values:
        raise Http404(_("No such pillar."))
    pillar, body = content_cache.kept(
        ("guide-pillar", get_language(), version.pk, slug), lambda: _pillar_page(version, slug)
    )
    if pillar is None:
        raise Http404(_("No such pillar."))
    return render(request, "assessments/guide/pillar.html", {"pillar": pillar, "body": body})


def _pillar_page(version, slug) -> tuple[Pillar | None, str]:
    pillars = list(Pillar.objects.filter(version=version).order_by("order"))
    pillar = next((pillar for pillar in pillars if pillar.slug == slug), None)
    if pillar is None:
        return None, ""
    indicators: dict[int, list] = {}
    for question in questions_of(version):
        if question.indicator.pillar_id == pillar.pk:
            indicators.setdefault(question.indicator, []).append(question)
    return pillar, render_to_string("assessments/guide/pillar_body.html", {
        "version": version,
        "latest": latest_published_version(),
        "pillar": pillar,
        "pillars": pillars,
        "indicators": list(indicators.items()),
        "glossary": Glossary.load(),
    })


def glossary(request):
    return render(request, "assessments/guide/glossary.html", {
        "terms": GlossaryTerm.objects.order_by("term"),
    })
