"""The anonymous quick check: started from the guide, then reached by its private link
alone. Its pages are the assessment's own (question, feedback, results, PDF), found by
the link's token instead of an id (see assessments.pages and assessments.quick_checks)."""

from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import permissions, quick_checks, report_requests
from assessments.forms import DeleteQuickCheckForm
from assessments.pages import Pages
from assessments.progress import Progress
from checklist_site.addresses import client_address
from checklist_site.rate_limits import RateLimited

from .answering import feedback_page, question_page, resume
from .results import deliver, document_language, results_page


def private_page(view):
    """The address of these pages is the key to a person's answers: it must not reach
    anyone as a Referer, be kept by a shared cache, or be indexed by robots.

    strict-origin sends the site's origin alone, never the path that holds the token, to
    other sites and to this one. Not no-referrer: with it, browsers send `Origin: null`
    with the page's own forms, and Django's CSRF check refuses every answer."""
    @wraps(view)
    def private_view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "strict-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        add_never_cache_headers(response)
        return response
    return private_view


def _start_page(request, *, status=200, retry_after=None, error=""):
    response = render(request, "assessments/quick_check_start.html", {
        "keep_days": quick_checks.KEEP_DAYS,
        "retry_minutes": -(-retry_after // 60) if retry_after else None,
        "error": error,
    }, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@private_page
@require_http_methods(["GET", "POST"])
def quick_check_start(request):
    """What a quick check is; started by a POST, whose answer shows the link this once."""
    if request.method != "POST":
        return _start_page(request)
    try:
        assessment, token = quick_checks.start(address=client_address(request))
    except RateLimited as refusal:
        return _start_page(request, status=429, retry_after=refusal.retry_after)
    except quick_checks.QuickCheckError as error:
        return _start_page(request, status=503, error=str(error))
    pages = Pages.of_quick_check(token)
    return render(request, "assessments/quick_check_link.html", {
        "assessment": assessment,
        "pages": pages,
        "link": request.build_absolute_uri(pages.url("overview")),
        "deleted_on": quick_checks.deleted_on(assessment),
        "keep_days": quick_checks.KEEP_DAYS,
    }, status=201)


def opened_by_link(view):
    """A page of the quick check whose link holds the token (404 for any other token),
    kept private: the view gets the quick check and its pages instead of the token."""
    @private_page
    @wraps(view)
    def quick_check_view(request, token, *args, **kwargs):
        return view(request, permissions.get_quick_check(token), Pages.of_quick_check(token),
                    *args, **kwargs)
    return quick_check_view


@opened_by_link
@require_GET
def quick_check(request, assessment, pages):
    progress = Progress.of(assessment)
    return render(request, "assessments/quick_check.html", {
        "assessment": assessment,
        "pages": pages,
        "progress": progress,
        "rows": [(question, progress.answers.get(question.pk)) for question in progress.questions],
        "weak_answers": progress.weak_answers(),
        "deleted_on": quick_checks.deleted_on(assessment),
        "keep_days": quick_checks.KEEP_DAYS,
        "delete_form": DeleteQuickCheckForm(),
    })


@opened_by_link
@require_GET
def quick_check_resume(request, assessment, pages):
    return resume(Progress.of(assessment), pages)


@opened_by_link
def quick_check_question(request, assessment, pages, code):
    return question_page(request, assessment, code, pages=pages, can_answer=True,
                         answerer=None)


@opened_by_link
@require_GET
def quick_check_feedback(request, assessment, pages, code):
    return feedback_page(request, assessment, code, pages=pages, can_answer=True,
                         answerer=None)


@opened_by_link
@require_GET
def quick_check_results(request, assessment, pages):
    return results_page(request, assessment, pages=pages)


@opened_by_link
@require_GET
def quick_check_report(request, assessment, pages):
    return deliver(request, lambda requester: report_requests.ask_for_assessment_report(
        assessment, language=document_language(request), requester=requester, with_names=False,
        baseline=None,
    ))


@opened_by_link
@require_POST
def quick_check_delete(request, assessment, pages):
    form = DeleteQuickCheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm: nothing was deleted."))
        return redirect(pages.url("overview"))
    quick_checks.delete(assessment)
    messages.success(request, _("Your quick check and its answers are deleted."))
    return redirect("guide")
