"""The whole journey in a real Chromium (Debian's package, driven by Playwright).

Screenshots of the question page and the results page are saved in test-artifacts/ for
a person to look at.
"""

import re

import pytest

from tests.browser import ARTIFACTS, log_in

pytestmark = pytest.mark.browser

# Answers given in order to the thirty questions: a mix, with "no" early on.
ANSWERS = ["Yes", "No", "Partially", "Yes", "Yes", "No"]


def test_a_coordinator_scores_a_proposal_from_start_to_results(page):
    log_in(page, "coordinator")

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
    # The comment's limit is said, and counted down as one types; past it nothing is cut.
    comment = page.get_by_label("Comment or evidence (optional)")
    assert page.locator("#comment-limit").inner_text() == "5,000 characters left"
    comment.fill("Seen in the proposal, page 3.")
    assert page.locator("#comment-limit").inner_text() == "4,971 characters left"
    comment.fill("x" * 5001)
    assert page.locator("#comment-limit").inner_text() == "1 character too many"
    assert len(comment.input_value()) == 5001
    comment.fill("Seen in the proposal, page 3.")
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
        page.get_by_role("link", name="Continue").first.click()

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


def test_an_anonymous_visitor_runs_a_quick_check_leaves_and_comes_back_for_the_pdf(page):
    page.goto("/guide/")
    page.get_by_role("link", name="Take a quick check").click()
    page.get_by_role("button", name="Start a quick check").click()

    # The link, shown this once: the page's own forms work under its referrer policy.
    page.get_by_role("heading", level=1, name=re.compile("keep its link")).wait_for()
    link = page.get_by_label("Your private link").input_value()
    assert re.fullmatch(r"http://[^/]+/quick/[\w-]{43}/", link)
    page.screenshot(path=ARTIFACTS / "quick-check-link.png", full_page=True)
    page.get_by_role("link", name="Start answering").click()

    for number in range(30):
        answer = ANSWERS[number % len(ANSWERS)]
        page.locator("label.btn-outline-answer", has_text=answer).click()
        page.get_by_role("button", name="Save and continue").click()
        if answer != "Yes":
            page.get_by_role("heading", name=re.compile("Feedback on")).wait_for()
            page.get_by_role("link", name="Continue").first.click()
    page.get_by_text("30 of 30 answered").first.wait_for()
    page.context.close()

    # Another day, another device: the link alone brings the answers back.
    device = page.context.browser.new_context(viewport={"width": 390, "height": 844})
    phone = device.new_page()
    phone.goto(link)
    assert phone.get_by_text(re.compile("Kept until .*: a quick check is deleted 90 days "
                                        "after its last change.")).is_visible()
    phone.get_by_role("link", name="Results", exact=True).click()
    phone.get_by_role("heading", name="Results: Quick check").wait_for()
    points = sum({"Yes": 2, "Partially": 1, "No": 0}[ANSWERS[n % len(ANSWERS)]]
                 for n in range(30))
    assert phone.locator(".overall-score").get_by_text(f"{points} of 60 points").is_visible()
    phone.screenshot(path=ARTIFACTS / "quick-check-results.png", full_page=False)
    with phone.expect_download() as downloading:
        phone.get_by_role("button", name="Download the PDF report").click()
    pdf = downloading.value
    assert pdf.suggested_filename.startswith("quick-check-")
    with open(pdf.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
    device.close()
