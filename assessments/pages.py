"""Where an assessment's pages are. The assessments of projects are found by id, behind a
login; a quick check by the token of its private link, which its addresses carry. The same
views and templates serve both and ask this for their links (`{% page_url %}`)."""

from dataclasses import dataclass, field

from django.urls import reverse

ASSESSMENT_ROUTES = {
    "overview": "assessment-overview",
    "resume": "assessment-resume",
    "question": "assessment-question",
    "feedback": "assessment-feedback",
    "history": "answer-history",
    "results": "assessment-results",
    "report": "assessment-report",
}
# In group mode, a person's own answers: the question page leads from one to the next;
# their history and feedback are the settled answers', not these.
OWN_ANSWER_ROUTES = {
    **{page: ASSESSMENT_ROUTES[page] for page in ("overview", "resume", "results", "report")},
    "question": "group-own-answer",
}
QUICK_CHECK_ROUTES = {
    "overview": "quick-check",
    "resume": "quick-check-resume",
    "question": "quick-check-question",
    "feedback": "quick-check-feedback",
    "results": "quick-check-results",
    "report": "quick-check-report",
    "delete": "quick-check-delete",
}


@dataclass(frozen=True)
class Pages:
    key: int | str
    routes: dict[str, str] = field(default_factory=lambda: ASSESSMENT_ROUTES)
    # The address is the key: its pages must not be indexed, nor name it to other sites.
    private: bool = False

    @classmethod
    def of_assessment(cls, assessment) -> "Pages":
        return cls(assessment.pk)

    @classmethod
    def of_own_answers(cls, assessment) -> "Pages":
        return cls(assessment.pk, OWN_ANSWER_ROUTES)

    @classmethod
    def of_quick_check(cls, token: str) -> "Pages":
        return cls(token, QUICK_CHECK_ROUTES, private=True)

    def url(self, page: str, *args) -> str:
        """The page's address; "" for a page this kind of assessment does not have."""
        name = self.routes.get(page)
        return reverse(name, args=[self.key, *args]) if name else ""
