"""The anonymous quick check: the checklist by private link, without an account, deleted
90 days after its last change, and counted nowhere."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from assessments import network, permissions, quick_checks
from assessments.models import Answer, Assessment, RenderedReport
from assessments.models.tokens import token_hash
from assessments.portfolio import portfolio_of
from feedback_library import coverage
from tests.factories import answer_all
from tests.html import checked, count_tags, form_actions, links, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def quick():
    """A quick check just started, and the token of its private link."""
    return quick_checks.start(address="192.0.2.1")


def _url(name, token, *args):
    return reverse(name, args=[token, *args])


def _last_changed(assessment, days_ago):
    moment = timezone.now() - timedelta(days=days_ago)
    Assessment.objects.filter(pk=assessment.pk).update(created_at=moment, updated_at=moment)
    Answer.objects.filter(assessment=assessment).update(updated_at=moment)


def _start(client, address="192.0.2.7"):
    return client.post(reverse("quick-check-start"), REMOTE_ADDR=address)


# Starting, and coming back ---------------------------------------------------------------

def test_the_guide_offers_a_quick_check_to_anyone(client):
    guide = client.get(reverse("guide"))

    assert reverse("quick-check-start") in links(guide.content)
    start = client.get(reverse("quick-check-start"))
    assert start.status_code == 200
    assert "deleted 90 days after their last change" in text_of(start.content)
    assert not Assessment.objects.quick_checks().exists()  # only a POST starts one


def test_starting_shows_the_private_link_once_and_keeps_only_its_hash(client):
    response = _start(client)

    assert response.status_code == 201
    assessment = Assessment.objects.quick_checks().get()
    link = re.search(r'value="(http://testserver/quick/([\w-]+)/)"', response.content.decode())
    token = link.group(2)
    assert len(token) >= 43  # 32 random bytes
    assert assessment.link_hash == token_hash(token)
    assert token not in str(Assessment.objects.filter(pk=assessment.pk).values().get())
    text = text_of(response.content)
    assert "This link is shown this once." in text
    assert "Anyone who has it can read and change your answers." in text
    assert (assessment.project, assessment.assessor, assessment.purpose) == (None, None, "")
    assert assessment.version.label == "2021.2"  # the latest published
    # Nothing after this page shows the link again, nor is there any way to ask for it.
    overview = client.get(link.group(1))
    assert link.group(1) not in overview.content.decode()


def test_the_link_opens_the_check_on_any_device_signed_in_or_not(quick, world):
    assessment, token = quick
    phone, colleague = Client(), Client()
    colleague.force_login(world.other_coordinator)

    for device in (phone, colleague):
        response = device.get(_url("quick-check", token))
        assert response.status_code == 200
        assert response.context["assessment"] == assessment


def test_a_wrong_or_shortened_token_opens_nothing(client, quick):
    _assessment, token = quick

    for wrong in (token[:-1], token + "x", token.upper(), "x"):
        assert client.get(_url("quick-check", wrong)).status_code == 404


def test_resume_goes_to_the_first_unanswered_question(client, quick):
    assessment, token = quick
    answer_all(assessment, ["yes"])
    Answer.objects.filter(question__code="E3.2").delete()

    response = client.get(_url("quick-check-resume", token))

    assert response.url == _url("quick-check-question", token, "E3.2")


# Answering, feedback, results and the PDF ---------------------------------------------------

def test_a_weak_answer_is_saved_anonymously_and_its_feedback_follows(client, quick, world):
    assessment, token = quick
    client.force_login(world.coordinator)  # signed in or not, a quick check names no one

    saved = client.post(_url("quick-check-question", token, "D1.1"),
                        {"value": "no", "comment": "Not yet"})

    assert saved.url == _url("quick-check-feedback", token, "D1.1")
    answer = assessment.answers.get()
    assert (answer.value, answer.comment, answer.answered_by) == ("no", "Not yet", None)
    assert answer.changes.get().changed_by is None
    feedback = client.get(saved.url)
    assert feedback.status_code == 200
    assert feedback.context["feedback"].recommendations
    # Continue leads to the next question of the quick check, not of any assessment.
    assert feedback.context["next_url"] == _url("quick-check-question", token, "D1.2")
    assert "feedback-timing" not in feedback.content.decode()  # no account to keep it in


def test_the_question_page_links_only_to_the_quick_checks_own_pages(client, quick):
    assessment, token = quick
    answer_all(assessment, ["no"])

    page = client.get(_url("quick-check-question", token, "D1.2"))

    assessment_links = [link for link in links(page.content) if "/assessments/" in link]
    assert assessment_links == []
    assert _url("quick-check-question", token, "D1.1") in links(page.content)
    assert _url("quick-check-feedback", token, "D1.2") in links(page.content)
    assert checked(page.content, "value") == ["no"]


def test_two_windows_saving_the_same_answer_do_not_overwrite_each_other(quick):
    _assessment, token = quick
    url = _url("quick-check-question", token, "I2.1")
    laptop, phone = Client(), Client()
    laptop.post(url, {"value": "yes", "comment": "Three partners named"})

    # The phone loaded the page before that save, and now saves "no".
    response = phone.post(url, {"value": "no", "comment": "Partners not confirmed"})

    assert response.status_code == 409
    text = text_of(response.content)
    assert "perhaps in another window or on another device" in text
    answer = Answer.objects.get(question__code="I2.1")
    assert (answer.value, answer.comment) == ("yes", "Three partners named")


def test_results_show_the_scores_and_no_export(client, quick):
    assessment, token = quick
    answer_all(assessment, ["yes", "no"])

    response = client.get(_url("quick-check-results", token))

    assert response.status_code == 200
    text = text_of(response.content)
    assert "Results: Quick check" in text
    assert "30 of 60 points" in text
    assert _url("quick-check-report", token) in form_actions(response.content)
    assert not [link for link in links(response.content) if "export" in link]


def test_the_pdf_is_rendered_for_the_link_and_says_what_it_is(client, quick, download,
                                                              report_html):
    assessment, token = quick
    answer_all(assessment, ["partially"])

    response = download(client, _url("quick-check-report", token), REMOTE_ADDR="192.0.2.9")

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response["Content-Disposition"].startswith('attachment; filename="quick-check-')
    text = text_of(report_html[-1])
    assert "Quick check" in text
    assert "DRAFT" not in text  # never submitted, nor meant to be
    assert "Run by" not in text
    assert RenderedReport.objects.get().requested_by == "address:192.0.2.9"


def test_pdfs_of_a_quick_check_are_rate_limited_per_address(client, quick, settings,
                                                            report_html, download):
    assessment, token = quick
    settings.REPORTS_PER_MINUTE = 1
    url = _url("quick-check-report", token)
    download(client, url)
    answer_all(assessment, ["no"])  # a change: a new PDF to render

    refused = client.get(url)

    assert refused.status_code == 429
    assert "the most we build per person" in text_of(refused.content)


# Private pages ------------------------------------------------------------------------------

@pytest.mark.parametrize("name, args", [
    ("quick-check", []), ("quick-check-resume", []), ("quick-check-question", ["D1.1"]),
    ("quick-check-results", []), ("quick-check-report", []),
])
def test_its_pages_keep_the_link_out_of_indexes_caches_and_other_sites(
    client, quick, report_html, name, args
):
    _assessment, token = quick

    response = client.get(_url(name, token, *args))

    assert response["X-Robots-Tag"] == "noindex, nofollow"
    # The origin alone: never the path that holds the token (see views.quick_checks).
    assert response["Referrer-Policy"] == "strict-origin"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    if response.status_code == 200:
        page = response.content.decode()
        assert '<meta name="robots" content="noindex, nofollow">' in page
        assert '<meta name="referrer" content="strict-origin">' in page


def test_the_page_that_shows_the_link_is_private_too(client):
    response = _start(client)

    assert response["Referrer-Policy"] == "strict-origin"
    assert "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_other_pages_stay_indexable(client):
    page = client.get(reverse("guide"))

    assert "X-Robots-Tag" not in page
    assert page["Referrer-Policy"] == "same-origin"
    assert 'name="robots"' not in page.content.decode()


# Deleting --------------------------------------------------------------------------------

def test_the_page_says_when_the_check_will_be_deleted(client, quick):
    assessment, token = quick
    answer_all(assessment, ["yes"])
    _last_changed(assessment, 10)

    response = client.get(_url("quick-check", token))

    day = date_format(timezone.localtime(timezone.now() + timedelta(days=80)))
    assert f"Kept until {day}: a quick check is deleted 90 days after its last change." in (
        text_of(response.content)
    )


def test_deleting_asks_for_a_tick_and_changes_nothing_without_it(client, quick):
    assessment, token = quick

    response = client.post(_url("quick-check-delete", token), follow=True)

    assert "Tick the box to confirm: nothing was deleted." in text_of(response.content)
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_the_holder_deletes_the_check_its_answers_and_its_pdfs_at_once(
    client, quick, download, report_html, django_capture_on_commit_callbacks
):
    assessment, token = quick
    answer_all(assessment, ["no"])
    download(client, _url("quick-check-report", token))
    report = RenderedReport.objects.get()
    storage, name = report.file.storage, report.file.name
    assert storage.exists(name)

    with_confirmation = {"confirm": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("quick-check-delete", token), with_confirmation,
                               follow=True)

    assert "Your quick check and its answers are deleted." in text_of(response.content)
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    assert not Answer.objects.filter(assessment=assessment.pk).exists()
    assert not RenderedReport.objects.exists()
    assert not storage.exists(name)
    assert client.get(_url("quick-check", token)).status_code == 404


def test_the_daily_command_deletes_a_check_unchanged_for_91_days_and_keeps_one_of_89(world):
    old, _token = quick_checks.start(address="192.0.2.1")
    recent, _token = quick_checks.start(address="192.0.2.1")
    answer_all(old, ["no"])
    answer_all(recent, ["no"])
    _last_changed(old, 91)
    _last_changed(recent, 89)
    answer_all(world.review, ["no"])
    _last_changed(world.review, 400)  # assessments of projects are never pruned

    call_command("prune_quick_checks", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert set(Assessment.objects.quick_checks()) == {recent}
    assert Assessment.objects.filter(pk=world.review.pk).exists()
    assert not Answer.objects.filter(assessment=old.pk).exists()


def test_an_answer_changed_lately_keeps_an_old_check(quick):
    assessment, _token = quick
    answer_all(assessment, ["no"])
    _last_changed(assessment, 200)
    Answer.objects.filter(question__code="D1.1").update(updated_at=timezone.now())

    assert quick_checks.delete_expired() == 0
    assert quick_checks.deleted_on(assessment).date() == (
        timezone.now() + timedelta(days=90)
    ).date()


# Starting is rate-limited per address -------------------------------------------------------

def test_starting_past_the_limit_is_refused_with_a_clear_message(client, settings):
    settings.QUICK_CHECKS_PER_HOUR = 2
    _start(client)
    _start(client)

    refused = _start(client)

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "Too many quick checks were started from your address in the last hour" in (
        text_of(refused.content)
    )
    assert Assessment.objects.quick_checks().count() == 2
    assert _start(client, address="198.51.100.3").status_code == 201  # another address


def test_one_ipv6_network_counts_as_one_address(client, settings):
    settings.QUICK_CHECKS_PER_HOUR = 1
    _start(client, address="2001:db8:1:2::10")

    assert _start(client, address="2001:db8:1:2::99").status_code == 429
    assert _start(client, address="2001:db8:1:3::10").status_code == 201


# Counted nowhere -------------------------------------------------------------------------

@pytest.fixture
def answered(quick):
    """A quick check answered "no" throughout, and marked submitted so that it would count
    in the network's figures if anything let it in."""
    assessment, token = quick
    answer_all(assessment, ["no"])
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    return assessment, token


@pytest.mark.parametrize("persona", ["coordinator", "partner_member", "team_member",
                                     "curator", "analyst", "outsider"])
def test_no_one_sees_it_in_their_scope(world, answered, persona):
    assessment, _token = answered
    user = getattr(world, persona)

    assert assessment not in permissions.visible_assessments(user)
    assert assessment not in permissions.portfolio_assessments(user)
    with pytest.raises(Http404):
        permissions.get_assessment_for_user(user, assessment.pk)


def test_it_is_in_no_portfolio(world, answered):
    rows = portfolio_of(world.coordinator).assessments

    assert answered[0].pk not in {row.pk for row in rows}


def test_it_counts_in_no_network_figure(world, answered):
    assert answered[0] not in network.submitted(network.Filters())
    assert answered[0] not in network.submitted(network.Filters(purpose=""))


def test_its_answers_are_no_demand_on_the_coverage_map(world, answered):
    d11_no = next(cell for row in coverage.coverage("12") if row.question.code == "D1.1"
                  for cell in row.cells if cell.answer == "no")

    assert d11_no.demand == 0


def test_no_export_or_api_reaches_it(client, world, answered):
    assessment, _token = answered
    client.force_login(world.coordinator)

    assert client.get(reverse("assessment-export", args=[assessment.pk, "json"])).status_code == 404
    assert client.get(reverse("api-assessment-detail", args=[assessment.pk])).status_code == 404
    listed = client.get(reverse("api-assessment-list")).json()
    assert assessment.pk not in {row["id"] for row in listed["results"]}
    assert client.get(reverse("assessment-overview", args=[assessment.pk])).status_code == 404


def test_an_assessment_is_either_of_a_project_or_a_quick_check(world, quick):
    assessment, _token = quick

    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(project=world.project)


def test_a_quick_check_page_has_one_h1_and_names_no_organisation(client, quick):
    _assessment, token = quick

    page = client.get(_url("quick-check", token))

    assert count_tags(page.content, "h1") == 1
    assert "Dashboard" not in text_of(page.content)
