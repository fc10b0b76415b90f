"""The question page, shared by the assessment's answers and, in group mode, a person's own:
one question with its threshold, and the form to answer it or the answer given."""

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _

from assessments import scoring
from assessments.glossary import Glossary


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


def render_question(request, *, assessment, progress, question, answer, form, can_answer,
                    url_of, next_url, conflict=None, **extra):
    """The question page: a question with its threshold, and the form to answer it (or the
    answer given). For the assessment's answer, or in group mode for a person's own;
    `url_of(question)` is the address of another question's page of the same kind."""
    previous = progress.before(question)
    glossary = Glossary.load()
    criteria = list(question.criteria.order_by("order"))
    criteria_met = set(answer.criteria_met.values_list("pk", flat=True)) if answer else set()
    return render(request, "assessments/question.html", {
        "assessment": assessment,
        "progress": progress,
        "question": question,
        "position": progress.position(question),
        "previous": previous,
        "previous_url": url_of(previous) if previous else "",
        "next_url": next_url,
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


def announce_suggestion(request, form, answer) -> None:
    if form.suggestion_taken:
        messages.info(request, _(
            "You chose no answer, so the one your ticks suggest was saved: “%(value)s”."
        ) % {"value": answer.get_value_display()})
