"""Two perspectives and an action plan, tried in a real Chromium as the demo's partner and
coordinator would: share, release, compare, discuss, plan, download."""

import re

import pytest
from pypdf import PdfReader

from assessments.models import Assessment, Project
from tests.browser import ARTIFACTS, log_in

pytestmark = pytest.mark.browser

PROJECT = "Neighbourhood kitchen nights"


def test_both_sides_compare_their_readings_and_the_city_plans_from_its_gaps(page):
    # The demo's partner has shared already: start from before it did.
    Assessment.objects.filter(project__title=PROJECT).update(shared_at=None)
    project_page = f"/projects/{Project.objects.get(title=PROJECT).pk}/"

    log_in(page, "partner")
    page.get_by_role("link", name=PROJECT).first.click()
    page.get_by_role("link", name=re.compile("Self-assessment")).first.click()
    page.get_by_role("button", name="Share with the city").click()
    page.get_by_text("Shared since").wait_for()
    page.get_by_role("button", name="Log out").click()

    log_in(page, "coordinator")
    page.get_by_role("link", name=PROJECT).first.click()
    page.get_by_role("link", name=re.compile("Proposal review")).first.click()
    page.get_by_role("button", name="Release to the partner").click()
    page.get_by_text("Shared since").wait_for()
    page.goto(project_page)
    page.get_by_role("link", name=re.compile("Two perspectives")).click()
    first_difference = page.locator("article.differs").first
    code = first_difference.locator(".code-badge").inner_text()
    first_difference.get_by_label(f"Your note on {code}").fill("Where does the plan say so?")
    first_difference.get_by_role("button", name="Add the note").click()
    page.get_by_text("Your note is added; both sides see it.").wait_for()
    page.screenshot(path=ARTIFACTS / "perspectives.png", full_page=True)

    # Three gaps become actions, each starting from the recommendation it drew.
    page.goto(project_page)
    page.get_by_role("link", name=re.compile("Proposal review")).first.click()
    page.get_by_role("link", name="Action plan").click()
    for number, who in enumerate(["the coordinator", "the kitchen lead", "the equality officer"]):
        page.locator("#gaps-heading ~ ul a").nth(number).click()
        assert page.get_by_label("What").input_value()  # the recommendation, to edit
        page.get_by_label("Who").fill(who)
        page.get_by_role("button", name="Save the action").click()
        page.get_by_text("The action is in the plan.").wait_for()
    page.get_by_text("0 of 3 actions done (0%).").wait_for()
    page.screenshot(path=ARTIFACTS / "action-plan.png", full_page=True)

    page.get_by_role("link", name=re.compile("Proposal review")).first.click()
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("link", name="PDF report").click()
    text = "".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "Action plan" in text and "the kitchen lead" in text
    assert "Two perspectives" in text and "Where does the plan say so?" in text
    page.get_by_role("button", name="Log out").click()

    # The partner sees the city's note, without the coordinator's name, and answers it.
    log_in(page, "partner")
    page.goto(project_page)
    page.get_by_role("link", name=re.compile("Two perspectives")).click()
    note = page.locator("article.differs").first
    assert "Where does the plan say so?" in note.inner_text()
    assert "Riverside" in note.inner_text() and "(Aoife" not in note.inner_text()
    note.get_by_label(f"Your note on {code}").fill("Page 4 of our proposal.")
    note.get_by_role("button", name="Add the note").click()
    page.get_by_text("Page 4 of our proposal.").wait_for()
