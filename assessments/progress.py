"""Where an assessment stands: its questions in checklist order and which are answered.

The one place that knows the order in which questions are asked, where to resume, what
comes after a question, and what is still missing before submitting.
"""

from dataclasses import dataclass

from django.db.models import Count

from .models import Answer, AnswerValue, Assessment, Question
from .structure import questions_of


@dataclass
class Progress:
    questions: list[Question]
    answers: dict[int, Answer]  # by question pk

    @classmethod
    def of(cls, assessment: Assessment) -> "Progress":
        questions = questions_of(assessment.version)
        answers = {
            answer.question_id: answer
            for answer in Answer.objects.filter(assessment=assessment)
        }
        return cls(questions, answers)

    @property
    def answered(self) -> int:
        return len(self.answers)

    @property
    def total(self) -> int:
        return len(self.questions)

    def question(self, code: str) -> Question | None:
        return next((question for question in self.questions if question.code == code), None)

    def position(self, question: Question) -> int:
        return self.questions.index(question) + 1

    def missing(self) -> list[Question]:
        return [question for question in self.questions if question.pk not in self.answers]

    def first_unanswered(self) -> Question | None:
        return next(iter(self.missing()), None)

    def after(self, question: Question) -> Question | None:
        """The next question in order; after the last, the first still unanswered."""
        index = self.questions.index(question)
        if index + 1 < len(self.questions):
            return self.questions[index + 1]
        return self.first_unanswered()

    def before(self, question: Question) -> Question | None:
        index = self.questions.index(question)
        return self.questions[index - 1] if index else None

    def weak_answers(self) -> list[tuple[Question, Answer]]:
        """The "no" and "partially" answers, in checklist order: those that draw feedback."""
        return [
            (question, self.answers[question.pk]) for question in self.questions
            if question.pk in self.answers
            and self.answers[question.pk].value != AnswerValue.YES
        ]

    def next_weak_after(self, question: Question) -> Question | None:
        """The next question, in order, whose answer draws feedback."""
        index = self.questions.index(question)
        return next(
            (following for following, _ in self.weak_answers()
             if self.questions.index(following) > index),
            None,
        )


def count_progress(assessments: list[Assessment]) -> None:
    """Set `answered` and `questions` on each of a few assessments, read with their
    version: the answers counted in one query for all, the questions taken from the
    version's structure (kept per process once it is published).

    Counted for the few a page shows, once the list is cut: as subqueries of the list's
    own query they cost more to build than the rest of the dashboard's list. (A process's
    first count of a version reads its questions, which it then keeps; a draft's, which
    no assessment is begun on but by hand, are read once per call.)
    """
    answered = dict(
        Answer.objects.filter(assessment__in=assessments).order_by()
        .values_list("assessment").annotate(Count("pk"))
    )
    versions = {assessment.version_id: assessment.version for assessment in assessments}
    questions = {pk: len(questions_of(version)) for pk, version in versions.items()}
    for assessment in assessments:
        assessment.answered = answered.get(assessment.pk, 0)
        assessment.questions = questions[assessment.version_id]
