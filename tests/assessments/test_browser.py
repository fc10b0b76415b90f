"""The whole journey in a real Chromium (Debian's package, driven by Playwright).

Screenshots of the question page and the results page are saved in test-artifacts/ for
a person to look at.
"""

import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments import report_requests, reports
from assessments.demo import DEMO_PASSWORD
from assessments.models import Assessment, Project, Question, RenderedReport
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


def test_the_waiting_page_follows_the_render_and_starts_the_download(page, monkeypatch):
    """report_status.js: while no worker has the report the page says so; once one has
    rendered it, the page sees it and the download starts by itself."""
    monkeypatch.setattr(report_requests, "_enqueue_after_commit", lambda report: None)
    monkeypatch.setattr(reports, "render_pdf", lambda html, **kwargs: b"%PDF-1.7 at last")
    review = Assessment.objects.get(
        project__title="Neighbourhood kitchen nights",
        purpose=Assessment.Purpose.PROPOSAL_REVIEW, assessor__name__startswith="Riverside",
    )
    log_in(page, "coordinator")

    page.goto(f"/assessments/{review.pk}/report.pdf")
    page.get_by_role("heading", name="Your PDF is being prepared").wait_for()
    page.get_by_role("status").filter(has_text="Waiting for a worker").wait_for()
    with page.expect_download() as downloading:
        report_requests.render_requested(RenderedReport.objects.get().pk)  # a worker's turn

    with open(downloading.value.path(), "rb") as file:
        assert file.read() == b"%PDF-1.7 at last"


# Three colleagues invited to answer alone first: they agree on every question but D1.2
# and E1.1 (by position in the checklist: the 2nd and the 11th).
MEMBERS = {"amara": {1: "No", 10: "Partially"}, "bruno": {1: "Partially", 10: "Partially"},
           "chen": {1: "No", 10: "No"}}


def _join_and_answer_alone(browser, base_url, name, link, assessment, codes, *, clicking):
    """`name` joins from the e-mailed link and answers alone: every question clicked
    through in the page when `clicking`, else each own answer's form posted as the page
    posts it (the same address, fields and CSRF token), without drawing thirty pages."""
    member = browser.new_context(base_url=base_url).new_page()
    member.goto(link)
    member.get_by_label("Username").fill(name)
    member.get_by_label("First name").fill(name.title())
    member.get_by_label("Last name").fill("Example")
    member.get_by_label(re.compile(r"Password\W*$")).fill(DEMO_PASSWORD + name)
    member.get_by_label("Password confirmation").fill(DEMO_PASSWORD + name)
    member.get_by_role("button", name="Create my account and join").click()
    member.get_by_role("heading", level=1, name=re.compile(codes[0])).wait_for()
    token = member.locator("form.answer-form input[name=csrfmiddlewaretoken]").get_attribute(
        "value")
    for index, code in enumerate(codes):
        value = MEMBERS[name].get(index, "Yes")
        if not clicking:
            address = reverse("group-own-answer", args=[assessment.pk, code])
            saved = member.request.post(address, headers={"Referer": base_url + address}, form={
                "csrfmiddlewaretoken": token, "value": value.lower(), "comment": ""})
            assert saved.ok, (code, saved.status)
            continue
        member.get_by_role("heading", level=1, name=re.compile(code)).wait_for()
        assert member.get_by_text("Your own answer.").is_visible()
        member.locator("label.btn-outline-answer", has_text=value).click()
        member.get_by_role("button", name="Save and continue").click()
    if not clicking:
        member.goto(reverse("assessment-overview", args=[assessment.pk]))
    return member


def test_three_invited_members_answer_apart_see_where_they_differ_settle_and_download(
    page, live_server, mailoutbox
):
    project = Project.objects.get(title="Youth radio in three languages")
    log_in(page, "coordinator")
    page.goto(f"/projects/{project.pk}/")
    page.get_by_label("Proposal review").check()
    page.get_by_label("Team members answer individually first").check()
    page.get_by_role("button", name="Start").click()
    page.get_by_text("Your own answer.").wait_for()
    assessment = project.assessments.latest("created_at")
    codes = list(Question.objects.of_version(assessment.version).values_list("code", flat=True))
    spread_url = f"/assessments/{assessment.pk}/group/"

    # The owner invites three colleagues; each joins from the e-mailed link and answers alone.
    page.goto(f"/assessments/{assessment.pk}/team/")
    for name in MEMBERS:
        page.get_by_label("E-mail address").fill(f"{name}@example.org")
        page.get_by_role("button", name="Send the invitation").click()
        page.get_by_text(f"An invitation was sent to {name}@example.org").wait_for()
    links = [re.search(r"https?://\S+", mail.body).group() for mail in mailoutbox]
    members = {}
    for name, link in zip(MEMBERS, links, strict=True):
        # The first clicks through all thirty questions; the others post the same forms.
        member = _join_and_answer_alone(page.context.browser, live_server.url, name, link,
                                        assessment, codes, clicking=name == "amara")
        member.get_by_role("heading", name="Answering individually first").wait_for()
        # Nobody sees the others' answers before finishing their own.
        assert member.goto(spread_url).status == 403
        member.go_back()
        member.get_by_role("button", name="Finish and see the others' answers").click()
        member.get_by_role("heading", level=1, name="How the members answered").wait_for()
        members[name] = member
    chen = members["chen"]
    assert chen.get_by_text("3 people answered alone. They agree on 28 questions and differ "
                            "on 2.").is_visible()
    chen.get_by_role("link", name="Where they differ (2)").click()
    assert chen.get_by_text("2 of 3 said no, 1 of 3 said partially").is_visible()

    # The owner opens the round and chooses Bruno to settle with them.
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("button", name="Open the own answers to the team").click()
    page.get_by_role("heading", level=1, name="How the members answered").wait_for()
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_label("Who settles the answers with you").select_option(label="Bruno Example")
    page.locator("form.group-options").get_by_role("button", name="Save").click()
    page.get_by_text("settles with the owner").wait_for()

    # Bruno settles where they differ, with a reason, and the rest as agreed.
    bruno = members["bruno"]
    bruno.goto(spread_url + "?show=differing")
    bruno.get_by_role("link", name="Settle D1.2").click()
    bruno.get_by_role("heading", name="How each member answered").wait_for()
    bruno.locator("label.btn-outline-answer", has_text="No").click()
    bruno.get_by_label("Why this answer?").fill("Two of us found no activity built on it.")
    bruno.wait_for_timeout(300)  # let the button's colour transition end before the picture
    bruno.screenshot(path=ARTIFACTS / "group-settle-page.png", full_page=True)
    bruno.get_by_role("button", name="Settle this answer").click()
    bruno.get_by_text("Settled: D1.2, no.").wait_for()
    bruno.goto(spread_url)
    bruno.get_by_role("button", name="Settle the 28 questions on which all agree").click()
    bruno.get_by_text("28 questions on which everyone agreed are settled as agreed.").wait_for()
    bruno.goto(f"/assessments/{assessment.pk}/group/settle/E1.1/")
    bruno.locator("label.btn-outline-answer", has_text="Partially").click()
    bruno.get_by_label("Why this answer?").fill("A first step, not yet a commitment.")
    bruno.get_by_role("button", name="Settle this answer").click()
    bruno.get_by_text("Settled: E1.1, partially.").wait_for()
    bruno.goto(spread_url)
    assert bruno.get_by_text("30 of 30 answers are settled.").is_visible()
    bruno.screenshot(path=ARTIFACTS / "group-spread-page.png", full_page=True)

    # The settled answers are the assessment's: the owner submits and downloads the report.
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_text("30 of 30 answered").first.wait_for()
    page.get_by_role("button", name="Submit the assessment").click()
    page.get_by_role("heading", name=re.compile("Results: Youth radio")).wait_for()
    with page.expect_download(timeout=60_000) as report:
        page.get_by_role("button", name="Download the PDF report").click()
    assert report.value.suggested_filename.endswith(".pdf")
    text = " ".join(" ".join((sheet.extract_text() or "").split())
                    for sheet in PdfReader(report.value.path()).pages)
    assert "3 people first answered alone" in text
    assert "2 of 3 said no, 1 of 3 said partially" in text
    assert "Two of us found no activity built on it." in text
