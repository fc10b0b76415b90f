"""The whole journey in a real Chromium (Debian's package, driven by Playwright).

Screenshots of the question page and the results page are saved in test-artifacts/ for
a person to look at.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from assessments.demo import DEMO_PASSWORD, load_demo

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
# Answers given in order to the thirty questions: a mix, with "no" early on.
ANSWERS = ["Yes", "No", "Partially", "Yes", "Yes", "No"]


@pytest.fixture
def page(live_server, content):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    # Playwright's sync API runs an event loop in this thread; the Django calls made here
    # (loading demo data) are plain synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    load_demo()
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280,
                                                                           "height": 900})
        yield context.new_page()
        browser.close()


def _log_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name=re.compile("Welcome")).wait_for()


def test_a_coordinator_scores_a_proposal_from_start_to_results(page):
    _log_in(page, "coordinator")

    # Register the proposal and start its review.
    page.get_by_role("link", name="Register a project").click()
    page.get_by_label("Title").fill("Street choir for all voices")
    page.get_by_label("Summary").fill("A weekly open choir singing songs from every community.")
    page.get_by_label("Culture, leisure and heritage").check()
    page.get_by_label("Organisation running it").select_option(
        label="Open Doors Association (demo)"
    )
    page.get_by_label("Submitted to").select_option(label="Riverside (demo city)")
    page.get_by_role("button", name="Save the project").click()
    page.get_by_label("Proposal review").check()
    page.get_by_role("button", name="Start").click()

    # Ticking every criterion suggests "yes" before the person chooses.
    page.get_by_role("heading", name=re.compile("D1.1")).wait_for()
    for box in page.locator('input[name="criteria"]').all():
        box.check()
    assert page.locator("#answer-suggestion").inner_text() == "Your ticks suggest: Yes"
    assert page.locator('input[name="value"][value="yes"]').is_checked()
    page.wait_for_timeout(300)  # let the button's colour transition end before the picture
    page.screenshot(path=ARTIFACTS / "question-page.png", full_page=True)

    saw_feedback_after_no = False
    for number in range(30):
        answer = ANSWERS[number % len(ANSWERS)]
        page.locator("label.btn-outline-answer", has_text=answer).click()
        page.get_by_role("button", name="Save and continue").click()
        if answer == "Yes":
            continue
        page.get_by_role("heading", name=re.compile("Feedback on")).wait_for()
        if answer == "No" and not saw_feedback_after_no:
            assert page.get_by_role("heading", name="Recommendations").is_visible()
            assert page.get_by_role("heading", name="Good practices from other cities").is_visible()
            saw_feedback_after_no = True
        page.get_by_role("link", name="Continue").click()

    # After the thirtieth, the overview: every question answered, ready to submit.
    page.get_by_text("30 of 30 answered").first.wait_for()
    page.get_by_role("button", name="Submit the assessment").click()

    page.get_by_role("heading", name=re.compile("Results: Street choir")).wait_for()
    chart = page.locator("svg.score-chart")
    assert chart.is_visible()
    assert chart.locator("rect").count() == 36  # 18 bars, each with its track
    assert page.get_by_role("table").is_visible()
    points = sum({"Yes": 2, "Partially": 1, "No": 0}[ANSWERS[n % len(ANSWERS)]]
                 for n in range(30))
    assert page.locator(".overall-score").get_by_text(f"{points} of 60 points").is_visible()
    assert saw_feedback_after_no
    page.screenshot(path=ARTIFACTS / "results-page.png", full_page=True)


def test_the_guide_and_library_work_with_the_keyboard_alone(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    page.goto("/library/")
    page.get_by_label("Pillar").select_option("equality")
    page.get_by_role("button", name="Show practices").focus()
    page.keyboard.press("Enter")
    page.get_by_text(re.compile(r"\d+ practices? found")).wait_for()
    assert "pillar=equality" in page.url
    page.screenshot(path=ARTIFACTS / "library-page.png", full_page=False)
