"""The public library of good practices."""

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from assessments.models import ChecklistVersion, Indicator, Question
from checklist_site import content_cache
from feedback_library.filters import PracticeFilter
from feedback_library.models import GoodPractice

PRACTICES_PER_PAGE = 12


def practice_list(request):
    """The published practices, filtered and paged as the address says. What the page shows
    depends only on the library and the address: rendered once for both (content_cache)."""
    body = content_cache.kept(
        ("library", get_language(), request.GET.urlencode()), lambda: _list_body(request)
    )
    return render(request, "feedback_library/practice_list.html", {"body": body})


def _list_body(request) -> str:
    filters = PracticeFilter(request.GET or None, queryset=GoodPractice.objects.published())
    practices = filters.qs.order_by("title").prefetch_related(
        "topic_areas", Prefetch("indicators", queryset=Indicator.objects.order_by("code"))
    )
    page = Paginator(practices, PRACTICES_PER_PAGE).get_page(request.GET.get("page"))
    return render_to_string("feedback_library/practice_list_body.html", {
        "form": filters.form,
        "page": page,
    }, request=request)


def practice_detail(request, slug):
    practice = get_object_or_404(
        GoodPractice.objects.published().prefetch_related("topic_areas"), slug=slug
    )
    indicators = practice.indicators.order_by("code")
    # The questions it helps with, in the latest version: those it names, and those of
    # the indicators it illustrates.
    version = ChecklistVersion.objects.latest_published()
    questions = (
        Question.objects.of_version(version)
        .filter(
            Q(code__in=practice.questions.values("code"))
            | Q(indicator__code__in=indicators.values("code"))
        )
    )
    return render(request, "feedback_library/practice_detail.html", {
        "practice": practice,
        "indicators": indicators,
        "questions": questions,
    })
