"""Every kind of page, checked in Chromium by axe-core against WCAG 2.1 A and AA."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from assessments import quick_checks
from assessments.models import Assessment
from feedback_library.models import GoodPractice
from tests.browser import log_in
from tests.factories import answer_all

pytestmark = pytest.mark.browser

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    # Only violations are read: axe then skips gathering every node that passes.
    "resultTypes": ["violations"],
}
# What scripts add as a page loads: the Markdown previews, each shown once fetched. (A
# function, not an expression: Playwright would eval() the latter, which CSP refuses.)
PREVIEWS_SHOWN = "() => !document.querySelector('.markdown-preview:not([hidden]):empty')"


def _violations(page, path):
    page.goto(path)
    page.wait_for_function(PREVIEWS_SHOWN)  # what scripts add is checked too
    results = Axe().run(page, options=WCAG_21_AA)
    return [
        f"{path}: {violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
    ]


def test_the_check_catches_what_it_should(page):
    page.goto("/")
    page.set_content('<html lang="en"><body><main><img src="x.png">'
                     '<input type="text"><a href="/"></a></main></body></html>')

    found = {v["id"] for v in Axe().run(page, options=WCAG_21_AA).response["violations"]}

    assert {"image-alt", "label", "link-name"} <= found


def test_public_pages_meet_wcag_21_aa(page):
    practice = GoodPractice.objects.published().first()
    paths = ["/", "/guide/", "/guide/diversity/", "/guide/changes/2021.2/", "/guide/glossary/",
             "/library/", f"/library/practices/{practice.slug}/", "/accounts/login/"]

    assert [v for path in paths for v in _violations(page, path)] == []


def test_the_assessment_pages_meet_wcag_21_aa(page):
    log_in(page, "coordinator")
    review = Assessment.objects.get(project__title="Neighbourhood kitchen nights",
                                    purpose="proposal_review")
    done = Assessment.objects.get(project__title="Library language cafés",
                                  purpose="final_evaluation")
    answered_no = review.answers.filter(value="no").select_related("question").first()
    paths = [
        "/", f"/projects/{review.project_id}/", f"/assessments/{review.pk}/",
        f"/assessments/{review.pk}/questions/E2.1/",
        f"/assessments/{review.pk}/questions/{answered_no.question.code}/feedback/",
        f"/assessments/{review.pk}/team/", f"/assessments/{done.pk}/results/",
        f"/organisations/{review.assessor_id}/",
        f"/organisations/{review.assessor_id}/score-bands/",
        f"/organisations/{review.assessor_id}/rounds/",
        f"/projects/{review.project_id}/decision/",
        "/portfolio/?sort=-equality",
    ]

    assert [v for path in paths for v in _violations(page, path)] == []


def test_the_quick_check_pages_meet_wcag_21_aa(page):
    assessment, token = quick_checks.start(address="192.0.2.1")
    answer_all(assessment, ["yes", "no"])
    paths = ["/quick/", f"/quick/{token}/", f"/quick/{token}/questions/D1.1/",
             f"/quick/{token}/questions/D1.2/feedback/", f"/quick/{token}/results/"]

    assert [v for path in paths for v in _violations(page, path)] == []


def test_the_group_pages_meet_wcag_21_aa(page):
    log_in(page, "partner")  # the owner: sees what the team sees, and the owner's controls
    answered_apart = Assessment.objects.get(answer_individually_first=True)
    base = f"/assessments/{answered_apart.pk}"
    paths = [f"{base}/", f"{base}/group/", f"{base}/group/?show=differing",
             f"{base}/group/settle/D1.2/", f"{base}/group/own/D1.2/",
             f"{base}/questions/D1.2/"]

    assert [v for path in paths for v in _violations(page, path)] == []


def test_the_curation_pages_meet_wcag_21_aa(page):
    log_in(page, "curator")
    practice = GoodPractice.objects.published().first()
    paths = ["/curation/", f"/curation/practices/{practice.pk}/", "/curation/feedback/new/",
             "/curation/import/", "/network/coverage/"]

    assert [v for path in paths for v in _violations(page, path)] == []


def test_the_comparison_and_a_final_evaluation_beside_its_baseline_meet_wcag_21_aa(page):
    log_in(page, "coordinator")
    final = Assessment.objects.get(purpose=Assessment.Purpose.FINAL_EVALUATION)
    proposals = Assessment.objects.filter(
        project__funding_round__isnull=False, purpose=Assessment.Purpose.PROPOSAL_REVIEW,
    ).values_list("pk", flat=True)[:3]
    compared = "&".join(f"a={pk}" for pk in proposals)
    paths = [f"/compare/?{compared}", f"/assessments/{final.pk}/results/",
             f"/projects/{final.project_id}/"]

    assert [page.goto(path).status for path in paths] == [200, 200, 200]
    assert [v for path in paths for v in _violations(page, path)] == []
