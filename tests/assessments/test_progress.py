"""Where an assessment stands: order, resuming, what comes next, what is missing."""

from assessments.models import Answer, Question
from assessments.progress import Progress


def _progress(answered: dict[str, str]) -> Progress:
    """Six questions, D1.1 to D3.2, some answered; no database needed."""
    questions = [
        Question(pk=number, code=f"D{(number + 1) // 2}.{2 - number % 2}")
        for number in range(1, 7)
    ]
    answers = {
        question.pk: Answer(question=question, value=answered[question.code])
        for question in questions if question.code in answered
    }
    return Progress(questions, answers)


def _codes(questions) -> list[str]:
    return [question.code for question in questions]


def test_questions_keep_checklist_order_and_say_where_they_stand():
    progress = _progress({"D1.1": "yes", "D2.2": "no"})

    assert _codes(progress.questions) == ["D1.1", "D1.2", "D2.1", "D2.2", "D3.1", "D3.2"]
    assert (progress.answered, progress.total) == (2, 6)
    assert progress.position(progress.question("D2.1")) == 3
    assert progress.question("Z9.9") is None


def test_resume_at_the_first_unanswered_and_list_what_is_missing():
    progress = _progress({"D1.1": "yes", "D2.2": "no"})

    assert progress.first_unanswered().code == "D1.2"
    assert _codes(progress.missing()) == ["D1.2", "D2.1", "D3.1", "D3.2"]
    assert _progress({}).first_unanswered().code == "D1.1"


def test_after_the_last_question_comes_the_first_still_unanswered():
    progress = _progress({"D3.2": "no"})
    last = progress.question("D3.2")

    assert progress.after(progress.question("D1.1")).code == "D1.2"
    assert progress.after(last).code == "D1.1"
    assert progress.before(progress.question("D1.1")) is None
    everything = _progress(dict.fromkeys(_codes(progress.questions), "yes"))
    assert everything.after(everything.question("D3.2")) is None


def test_weak_answers_come_in_order_and_lead_from_one_to_the_next():
    progress = _progress({"D1.1": "no", "D1.2": "yes", "D2.2": "partially", "D3.1": "no"})

    assert [(q.code, a.value) for q, a in progress.weak_answers()] == [
        ("D1.1", "no"), ("D2.2", "partially"), ("D3.1", "no"),
    ]
    assert progress.next_weak_after(progress.question("D1.1")).code == "D2.2"
    assert progress.next_weak_after(progress.question("D1.2")).code == "D2.2"
    assert progress.next_weak_after(progress.question("D3.1")) is None
