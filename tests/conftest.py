import pytest

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
