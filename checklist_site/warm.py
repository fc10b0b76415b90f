"""What nearly every page reads of the curated content, and the templates pages render,
built once in gunicorn's master process before it forks its workers (gunicorn.conf.py,
when_ready).

Each worker then starts with these (shared copy-on-write; the content with the stamp it
was built from, see content_cache) instead of building them on its first requests: the
published library alone made a fresh worker's first results page about 150 ms slower than
the next, and compiling templates its first dashboard 60 ms slower (103 ms against 41,
in-process). Each worker of a server is fresh once.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError
from django.utils import translation

logger = logging.getLogger(__name__)


def warm_content() -> None:
    """Build the published checklists' questions, and the glossary and the published
    library in each language. Without a database, nothing: the workers build them later."""
    from assessments.glossary import Glossary
    from assessments.structure import published_versions, questions_of
    from feedback_library.selection import PublishedLibrary

    try:
        for version in published_versions():
            questions_of(version)
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                Glossary.load()
                PublishedLibrary.load()
    except DatabaseError:
        logger.warning("The content could not be read before the workers started.")


def warm_templates() -> None:
    """Compile the templates pages render (kept by Django's cached loaders): the site's
    own, its crispy pack's form layouts and Django's form widgets; and read each
    language's translations and the addresses' patterns in it."""
    import django.forms
    from django.forms.renderers import get_default_renderer
    from django.template import engines
    from django.template.loader import get_template
    from django.template.utils import get_app_template_dirs
    from django.urls import reverse

    ours = Path(settings.BASE_DIR) / "templates"
    site_dirs = [*engines["django"].engine.dirs, *get_app_template_dirs("templates")]
    for directory in map(Path, site_dirs):
        for name in _templates_in(directory):
            if directory == ours or name.startswith(f"{settings.CRISPY_TEMPLATE_PACK}/"):
                get_template(name)
    renderer = get_default_renderer()
    for name in _templates_in(Path(django.forms.__file__).parent / "templates"):
        renderer.get_template(name)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            reverse("home")


def _templates_in(directory: Path) -> list[str]:
    return [path.relative_to(directory).as_posix() for path in sorted(directory.rglob("*.html"))]
