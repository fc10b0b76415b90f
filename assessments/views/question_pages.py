"""The question page, shared by the assessment's answers (of a project or a quick check)
and, in group mode, a person's own: one question with its threshold, and the form to
answer it or the answer given. `Pages` says where the page's links lead."""

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _

from assessments import scoring
from assessments.forms import AnswerForm
from assessments.glossary import Glossary
from assessments.pages import Pages
from assessments.progress import Progress


def ticked(answer) -> set[int]:
    """The criteria ticked beside `answer` (of any kind), by pk: one query, none without.
    Read from the table of ticks alone, without joining the criteria."""
    if not answer:
        return set()
    ticks = type(answer)._meta.get_field("criteria_met")
    return set(
        ticks.remote_field.through.objects.filter(**{ticks.m2m_field_name(): answer})
        .values_list(ticks.m2m_reverse_name(), flat=True)
    )


def initial_of(answer, criteria_met: set[int] | None = None) -> dict | None:
    """What an answer form starts with: the answer given, if any, and `criteria_met` (its
    ticks, read here when not given)."""
    if not answer:
        return None
    return {
        "value": answer.value,
        "comment": answer.comment,
        "criteria": sorted(ticked(answer) if criteria_met is None else criteria_met),
        "revision": getattr(answer, "revision", None),
    }


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
                    form=None, can_answer: bool, conflict=None, **extra):
    """The page; `form`: the one posted, when it is shown again, else None for the answer
    given. The question's criteria are loaded with it (structure.questions_of)."""
    criteria_met = ticked(answer)
    if form is None:
        form = AnswerForm(initial=initial_of(answer, criteria_met), question=question)
    glossary = Glossary.load()
    criteria = list(question.criteria.all())
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
