"""Reports off the request: asked for, queued after the commit, rendered by a worker, kept
in shared storage, and served again as a lookup and a file send."""

import re
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments import report_requests, reports, services
from assessments.models import RenderedReport, ScoreBand
from feedback_library.models import FeedbackEntry
from tests.factories import answer_all
from tests.html import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(world):
    answer_all(world.review, ["yes", "no"], user=world.coordinator)
    return reverse("assessment-report", args=[world.review.pk])


@pytest.fixture
def quick_renders(monkeypatch):
    rendered = []

    def render(html, **kwargs):
        rendered.append(html)
        return b"%PDF-1.7 quick"

    monkeypatch.setattr(reports, "render_pdf", render)
    return rendered


@pytest.fixture
def one_second(monkeypatch):
    """A signed name carries the second it was made in: the test's requests all fall in the
    same one, so that a name given twice is the same name (across a second's turn, the
    test failed now and then)."""
    now = time.time()
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: now))


def test_a_report_is_queued_after_the_commit_and_the_page_says_it_is_being_prepared(
    client, world, url, quick_renders, django_capture_on_commit_callbacks, one_second
):
    client.force_login(world.coordinator)

    with django_capture_on_commit_callbacks() as queued:
        waiting = client.get(url)

    assert waiting.status_code == 202
    assert quick_renders == []  # nothing runs before the transaction commits
    assert len(queued) == 1
    page = waiting.content.decode()
    assert "Your PDF is being prepared" in text_of(waiting.content)
    assert '<noscript><meta http-equiv="refresh"' in page
    assert "js/report_status.js" in page
    state_url = _state_url(waiting)
    assert client.get(state_url).json() == {"status": "queued", "label": "Waiting for a worker"}
    assert client.get(url, HTTP_ACCEPT="application/json").json() == {
        "status": "queued", "label": "Waiting for a worker", "state_url": state_url,
    }

    queued[0]()  # the worker's turn

    assert client.get(state_url).json()["status"] == "ready"
    done = client.get(url)
    assert (done.status_code, done["Content-Type"]) == (200, "application/pdf")
    assert done.getvalue() == b"%PDF-1.7 quick"


def _state_url(waiting) -> str:
    """Where the page that waits for a report follows its render."""
    return re.search(r'data-status-url="([^"]+)"', waiting.content.decode()).group(1)


def _asked_without_a_worker(client, url):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(report_requests, "_enqueue_after_commit", lambda report: None)
        return client.get(url)


def test_a_render_is_followed_by_a_name_only_its_requester_may_use(client, world, url,
                                                                   django_assert_num_queries):
    client.force_login(world.coordinator)
    state_url = _state_url(_asked_without_a_worker(client, url))

    # The person's session, the person, the render: nothing of what the report shows.
    with django_assert_num_queries(3):
        assert client.get(state_url).json()["status"] == "queued"

    client.force_login(world.colleague)  # who may read the same report, by their own name
    assert client.get(state_url).status_code == 404
    client.logout()
    assert client.get(state_url).status_code == 404
    client.force_login(world.coordinator)
    assert client.get(state_url[:-3] + "xx/").status_code == 404  # a forged name
    RenderedReport.objects.all().delete()  # pruned while the page waited
    assert client.get(state_url).status_code == 404


def test_a_rendered_report_is_served_without_building_its_html_again(
    client, world, url, quick_renders, download, monkeypatch
):
    client.force_login(world.coordinator)
    download(client, url)

    def never(*args, **kwargs):
        raise AssertionError("the HTML was built again")

    monkeypatch.setattr(reports, "assessment_report_html", never)
    again = client.get(url)

    assert again.getvalue() == b"%PDF-1.7 quick"
    assert RenderedReport.objects.count() == 1


def _key(world):
    return report_requests.ask_for_assessment_report(
        world.review, language="en", requester="user:1", with_names=True, baseline=None
    ).key


@pytest.mark.parametrize("change", ["answer", "decision", "band", "library", "language"])
def test_what_the_report_shows_changing_gives_a_new_report(world, url, quick_renders, change):
    before = _key(world)
    if change == "answer":
        answer = world.review.answers.get(question__code="D1.1")
        services.save_answer(assessment=world.review, question=answer.question, value="no",
                             comment="", criteria=[], user=world.coordinator,
                             seen_revision=answer.revision)
    elif change == "decision":
        services.record_decision(project=world.project, outcome="funded", reason="",
                                 conditions_on=[], user=world.coordinator)
    elif change == "band":
        ScoreBand.objects.create(city=world.city, label="Promising", min_percentage=40)
    elif change == "library":
        entry = FeedbackEntry.objects.published().first()
        entry.title = "A sharper title"
        entry.save()
    after = (
        report_requests.ask_for_assessment_report(
            world.review, language="fr", requester="user:1", with_names=True, baseline=None
        ).key if change == "language" else _key(world)
    )

    assert after != before
    assert _key(world) == _key(world)  # and nothing else does


def test_a_render_that_fails_says_so_and_can_be_tried_again(client, world, url, download,
                                                             monkeypatch):
    client.force_login(world.coordinator)

    def broken(html, **kwargs):
        raise RuntimeError("out of fonts")

    monkeypatch.setattr(reports, "render_pdf", broken)
    failed = download(client, url)

    assert failed.status_code == 202
    assert "The PDF could not be prepared." in text_of(failed.content)
    assert RenderedReport.objects.get().error == "out of fonts"
    monkeypatch.setattr(reports, "render_pdf", lambda html, **kwargs: b"%PDF-1.7 fixed")
    retried = download(client, url + "?retry=1")
    assert retried.getvalue() == b"%PDF-1.7 fixed"


@pytest.mark.parametrize("noticed_by", ["asking for the report", "following its render"])
def test_a_render_whose_worker_died_is_queued_again(client, world, url, quick_renders,
                                                    download, settings, noticed_by,
                                                    django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    state_url = _state_url(_asked_without_a_worker(client, url))  # no worker takes it...
    report = RenderedReport.objects.get()
    # ...then one starts rendering it and is killed.
    started = timezone.now() - timedelta(seconds=settings.REPORT_RENDER_SECONDS * 2)
    RenderedReport.objects.filter(pk=report.pk).update(
        status=RenderedReport.Status.RENDERING, started_at=started, attempts=1
    )

    if noticed_by == "following its render":
        with django_capture_on_commit_callbacks(execute=True):
            assert client.get(state_url).json()["status"] == "queued"
        assert client.get(state_url).json()["status"] == "ready"
    served = download(client, url)

    assert served.getvalue() == b"%PDF-1.7 quick"
    report.refresh_from_db()
    assert (report.status, report.attempts) == ("ready", 2)


def test_a_render_past_its_time_limit_is_stopped(world, url, settings, monkeypatch):
    settings.REPORT_RENDER_SECONDS = 1

    def slow(html, **kwargs):
        time.sleep(3)
        return b"%PDF-too-late"

    monkeypatch.setattr(reports, "render_pdf", slow)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(report_requests, "_enqueue_after_commit", lambda report: None)
        report = report_requests.ask_for_assessment_report(
            world.review, language="en", requester="user:1", with_names=True, baseline=None
        )

    started = time.monotonic()
    report_requests.render_requested(report.pk)

    report.refresh_from_db()
    assert time.monotonic() - started < 2.5
    assert report.status == "failed"
    assert "longer than 1 s" in report.error


def test_a_report_deleted_while_it_renders_leaves_no_file_behind(world, url, monkeypatch):
    """A quick check deleted by its holder while a worker renders its PDF: the file the
    worker then stores would belong to no row, and nothing would ever delete it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(report_requests, "_enqueue_after_commit", lambda report: None)
        report = report_requests.ask_for_assessment_report(
            world.review, language="en", requester="user:1", with_names=True, baseline=None
        )
    stored = []

    def render_while_deleted(html, **kwargs):
        RenderedReport.objects.filter(pk=report.pk).delete()
        return b"%PDF-orphan"

    monkeypatch.setattr(reports, "render_pdf", render_while_deleted)
    original_save = report.file.field.storage.save
    monkeypatch.setattr(report.file.field.storage, "save",
                        lambda name, *args, **kwargs: stored.append(
                            original_save(name, *args, **kwargs)) or stored[-1])

    report_requests.render_requested(report.pk)

    assert len(stored) == 1
    assert not report.file.field.storage.exists(stored[0])


def test_two_people_asking_for_the_same_report_share_one_render(client, world, url,
                                                                 quick_renders, download):
    client.force_login(world.coordinator)
    download(client, url)
    client.force_login(world.colleague)
    download(client, url)

    assert len(quick_renders) == 1


def test_old_reports_are_pruned_with_their_files(client, world, url, quick_renders, download,
                                                  settings):
    client.force_login(world.coordinator)
    download(client, url)
    report = RenderedReport.objects.get()
    storage, name = report.file.storage, report.file.name
    assert storage.exists(name)
    RenderedReport.objects.update(
        requested_at=timezone.now() - timedelta(seconds=settings.REPORT_CACHE_SECONDS + 1)
    )

    call_command("prune_reports", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert not RenderedReport.objects.exists()
    assert not storage.exists(name)


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_renders_what_was_queued(content, world, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(reports, "render_pdf", lambda html, **kwargs: b"%PDF-1.7 by the worker")
    report = report_requests.ask_for_assessment_report(
        world.review, language="en", requester="user:1", with_names=True, baseline=None
    )
    assert report.status == "queued"

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    report.refresh_from_db()
    assert report.status == "ready"
    assert report.file.read() == b"%PDF-1.7 by the worker"
