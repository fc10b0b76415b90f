import copy
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connections, transaction
from django.test import override_settings
from django.utils import translation

from assessments import reports
from assessments.demo import load_demo
from assessments.models import Assessment, Organisation, Project, Role, TeamMember
from checklist_site import content_cache
from checklist_site.content import load_content
from feedback_library import usage
from tests import database
from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.catalogues import write_catalogue
from tests.factories import (
    AssessmentFactory,
    OrganisationFactory,
    ProjectFactory,
    UserFactory,
    in_group_mode,
    member,
)

SERVERS_MODULE = "tests/test_two_servers.py"


def pytest_collection_modifyitems(items):
    """The two-server tests first (pytest-django has put the others in the order their
    database needs): started last, the longest tests would leave the other worker idle."""
    items.sort(key=lambda item: item.get_closest_marker("servers") is None)


def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist: the two-server tests on the same worker, as they share their servers;
    every other test to whichever worker is free. (`--dist loadgroup` would say so with a
    mark, but pytest-xdist 3.8 no longer groups under pytest 9.)"""
    from xdist.scheduler import LoadScopeScheduling

    class TwoServerTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            module = nodeid.split("::")[0]
            return module if module == SERVERS_MODULE else nodeid

    return TwoServerTestsTogether(config, log)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The real checklist and library, loaded once for the whole session."""
    with django_db_blocker.unblock():
        database.made_or_restored("content", load_content)


@pytest.fixture
def content(transactional_db):
    """The real content for tests that run outside a rolled-back transaction (first among
    a test's fixtures: the database is put back to the content alone)."""
    database.made_or_restored("content", load_content)


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS_IN_PLACE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def test_settings(settings):
    """Empty caches of its own for each test; static files served without collectstatic;
    a fast password hasher; report tasks run in place."""
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Nor from a collected folder: WhiteNoise would index all of it (1,500 files left by
    # the two-server test's collectstatic) for each test's client, a third of a second.
    settings.STATIC_ROOT = None
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    # Reports are rendered where they are queued, once the transaction commits.
    settings.TASKS = TASKS_IN_PLACE
    # A request in French leaves the thread in French: each test starts in English.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    caches["default"].clear()
    # Values built from the content: a test's own glossary or library stays with it.
    content_cache.forget()
    # Counts of feedback shown stay with the test that made them.
    usage.flush(write=False)


@dataclass
class World:
    """Two cities with a partner each, secretariat staff, and their projects.

    Our side: `city`, its `coordinator` (and a colleague), `partner` run by
    `partner_member`, the partner's `project` submitted to the city, the city's `review`
    of it (in progress, answered by `team_member` too) and the partner's own
    `self_assessment` (private). The other side: `other_city`, `other_coordinator`,
    `other_partner`, `other_project` and its `other_review`.
    """

    city: Organisation
    other_city: Organisation
    partner: Organisation
    other_partner: Organisation
    secretariat: Organisation
    coordinator: object
    colleague: object
    other_coordinator: object
    partner_member: object
    other_partner_member: object
    curator: object
    analyst: object
    team_member: object
    outsider: object
    project: Project
    other_project: Project
    review: Assessment
    self_assessment: Assessment
    other_review: Assessment


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(scope="module")
def world_of_the_module(django_db_setup, django_db_blocker) -> World:
    """The world built once for a module whose many tests only read it (the permission
    matrix): in a transaction rolled back after the module, around the savepoint each
    test runs in. Tests have it as `shared_world`."""
    with django_db_blocker.unblock():
        kept = transaction.atomic()
        kept.__enter__()
        # Made as each test's settings make users (the hasher) and tasks.
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS, TASKS=TASKS_IN_PLACE):
            built = build_world()
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        kept.__exit__(None, None, None)


@pytest.fixture
def shared_world(db, world_of_the_module) -> World:
    """A test's own copy of the module's world (what it changes in the objects stays its
    own, as what it changes in the database is rolled back to its savepoint)."""
    return copy.deepcopy(world_of_the_module)


def build_world() -> World:
    city = OrganisationFactory(name="Riverside", country="IE")
    other_city = OrganisationFactory(name="Lindenau", country="DE")
    partner = OrganisationFactory(
        name="Open Doors", kind=Organisation.Kind.PARTNER, country="IE", cities=[city]
    )
    other_partner = OrganisationFactory(
        name="Bridges", kind=Organisation.Kind.PARTNER, country="DE", cities=[other_city]
    )
    secretariat = OrganisationFactory(name="ICC", kind=Organisation.Kind.SECRETARIAT)
    project = ProjectFactory(title="Kitchen nights", organisation=partner, city=city)
    other_project = ProjectFactory(title="Girls' football", organisation=other_partner,
                                   city=other_city)
    review = AssessmentFactory(project=project, assessor=city)
    team_member = UserFactory(username="teammate")
    TeamMember.objects.create(assessment=review, user=team_member)
    return World(
        city=city, other_city=other_city, partner=partner, other_partner=other_partner,
        secretariat=secretariat,
        coordinator=member(city, Role.COORDINATOR, username="coordinator"),
        colleague=member(city, Role.COORDINATOR, username="colleague"),
        other_coordinator=member(other_city, Role.COORDINATOR, username="other-coordinator"),
        partner_member=member(partner, Role.MEMBER, username="partner"),
        other_partner_member=member(other_partner, Role.MEMBER, username="other-partner"),
        curator=member(secretariat, Role.CURATOR, username="curator"),
        analyst=member(secretariat, Role.ANALYST, username="analyst"),
        team_member=team_member,
        outsider=UserFactory(username="outsider"),
        project=project,
        other_project=other_project,
        review=review,
        self_assessment=AssessmentFactory(
            project=project, purpose=Assessment.Purpose.SELF_ASSESSMENT, assessor=partner
        ),
        other_review=AssessmentFactory(project=other_project, assessor=other_city),
    )


@pytest.fixture
def team(world) -> list:
    """The city's review answered individually first (group mode) by its invited team
    member and two colleagues invited with them, Inês and Yusuf Testa."""
    in_group_mode(world.review)
    members = [world.team_member]
    for username, first_name in (("ines", "Inês"), ("yusuf", "Yusuf")):
        member = UserFactory(username=username, first_name=first_name, last_name="Testa")
        TeamMember.objects.create(assessment=world.review, user=member)
        members.append(member)
    return members


@pytest.fixture
def coordinator(client, world):
    """The test client, signed in as our city's coordinator."""
    client.force_login(world.coordinator)
    return client


@pytest.fixture
def catalogues(settings, tmp_path):
    """`catalogues(language, {english: translated})`: the interface's catalogue for
    `language`, in place of the repository's, whatever those hold."""
    def install(language: str, messages: dict[str, str]) -> None:
        write_catalogue(tmp_path / "locale", language, messages)
        # Set anew each time: Django then forgets the catalogues it loaded.
        settings.LOCALE_PATHS = [tmp_path / "locale"]
    return install


@pytest.fixture
def report_html(monkeypatch):
    """The HTML of each report asked for, with WeasyPrint left out (the PDF is tested in
    test_reports)."""
    rendered = []

    def keep_html(html, **kwargs):
        rendered.append(html)
        return b"%PDF-"

    monkeypatch.setattr(reports, "render_pdf", keep_html)
    return rendered


@pytest.fixture
def download(django_capture_on_commit_callbacks):
    """A report's address fetched as a browser does: asked for (the render is queued when
    the request's transaction commits, and runs in place in tests), then asked again."""
    def fetch(client, url, data=None, **headers):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(url, data, **headers)
        if response.status_code == 202:
            response = client.get(url, data, **headers)
        return response
    return fetch


# Browser tests -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium():
    """One Chromium for the browser tests of a module (starting it takes a while); each
    test has contexts of its own."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    # Playwright's sync API runs an event loop in this thread; the Django calls made here
    # (loading demo data) are plain synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # Queries made while Playwright's loop ran used connections local to that
        # context: close them here, or they outlive the test database.
        connections.close_all()


@pytest.fixture
def page(chromium, live_server, content):
    database.made_or_restored("demo", load_demo)
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context(base_url=live_server.url,
                                   viewport={"width": 1280, "height": 900})
    yield context.new_page()
    # With the contexts the test opened itself (a second device, invited members).
    for opened in chromium.contexts:
        opened.close()
