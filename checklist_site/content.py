"""The real content shipped in fixtures/: the checklist and the feedback library."""

from django.conf import settings
from django.core.management import call_command

from checklist_site import content_cache

# In dependency order: topic areas and the checklist before the library that points to them.
CONTENT_FIXTURES = [
    "topic-areas.json",
    "checklist-2021.1.json",
    "checklist-2021.2.json",
    "glossary.json",
    "good-practices.json",
    "feedback.json",
]


def content_fixture_paths() -> list[str]:
    return [str(settings.BASE_DIR / "fixtures" / name) for name in CONTENT_FIXTURES]


def load_content(*, verbosity: int = 0) -> None:
    """Load (or reload) the shipped content; rows are matched on natural keys."""
    call_command("loaddata", *content_fixture_paths(), verbosity=verbosity)
    # Reloaded rows may keep their counts and dates (see content_cache): forget at least
    # what this process built from them.
    content_cache.forget()
