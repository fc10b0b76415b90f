import pytest
from django.core.cache import caches

from checklist_site.content import load_content


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The real checklist and library, loaded once for the whole session."""
    with django_db_blocker.unblock():
        load_content()


@pytest.fixture
def content(transactional_db):
    """The real content for tests that run outside a rolled-back transaction."""
    load_content()


@pytest.fixture(autouse=True)
def test_settings(settings):
    """Empty caches of its own for each test; static files served without collectstatic."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in ("default", "reports")
    }
    yield
    for alias in ("default", "reports"):
        caches[alias].clear()
