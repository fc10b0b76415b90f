"""What nearly every page reads of the curated content, built once in gunicorn's master
process before it forks its workers (gunicorn.conf.py, when_ready).

Each worker then starts with these values (shared copy-on-write, with the content's stamp
they were built from, see content_cache) instead of building them on its first requests:
the published library alone made a fresh worker's first results page about 150 ms slower
than the next, and each worker of a server is fresh once.
"""

import logging

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
