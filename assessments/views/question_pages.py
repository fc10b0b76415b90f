"""The question page, shared by the assessment's answers (of a project or a quick check)
and, in group mode, a person's own: one question with its threshold, and the form to
answer it or the answer given. `Pages` says where the page's links lead."""

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _

from assessments import scoring
from assessments.glossary import Glossary
from assessments.pages import Pages
from assessments.progress import Progress


def initial_of(answer) -> dict | None:
    """What an answer form starts with: the answer given, if any."""
    return {
        "value": answer.value,
        "comment": answer.comment,
        "criteria": list(answer.criteria_met.all()),
        "revision": getattr(answer, "revision", None),
    } if answer else None


def form_after_conflict(form_class, request, conflict, **kwargs):
    """The form as the person filled it in, now carrying the revision they were shown in
    the conflict: saving again means choosing their answer over it."""
    data = request.POST.copy()
    data["revision"] = conflict.revision
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


def next_url(pages: Pages, progress: Progress, question) -> str:
    following = progress.after(question)
    if following is None:
        return pages.url("overview")
    return pages.url("question", following.code)


def announce_suggestion(request, form, answer) -> None:
    if form.suggestion_taken:
        messages.info(request, _(
            "You chose no answer, so the one your ticks suggest was saved: “%(value)s”."
        ) % {"value": answer.get_value_display()})


def render_question(request, *, assessment, pages: Pages, progress: Progress, question, answer,
                    form, can_answer: bool, conflict=None, **extra):
    glossary = Glossary.load()
    criteria = list(question.criteria.order_by("order"))
    criteria_met = set(answer.criteria_met.values_list("pk", flat=True)) if answer else set()
    return render(request, "assessments/question.html", {
        "assessment": assessment,
        "pages": pages,
        "progress": progress,
        "question": question,
        "position": progress.position(question),
        "previous": progress.before(question),
        "next_url": next_url(pages, progress, question),
        "answer": answer,
        "criteria": criteria,
        "criteria_met": criteria_met,
        "ticks_differ": bool(answer) and scoring.ticks_differ(
            answer.value, ticked=len(criteria_met), total=len(criteria)
        ),
        "form": form,
        "can_answer": can_answer,
        "conflict": conflict,
        "glossary": glossary,
        "terms": glossary.terms_in(
            question.text, question.help_text, *(criterion.text for criterion in criteria)
        ),
        **extra,
    }, status=409 if conflict else 200)
