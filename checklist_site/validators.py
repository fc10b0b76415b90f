"""Checks on text that every way in shares: curation forms, the admin and imports.

Length limits sit on the model fields, so every model form (curation, admin, import)
applies them. The longest shipped texts (fixtures/, November 2026) are a pillar narrative
of 2,229 characters, a feedback body of 1,169 and a practice summary of 299: the limits
leave ample room for real writing and keep each page and PDF showing them quick.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

MARKDOWN_MAX_LENGTH = 10_000
SHORT_TEXT_MAX_LENGTH = 2_000

markdown_length = MaxLengthValidator(MARKDOWN_MAX_LENGTH)
short_text_length = MaxLengthValidator(SHORT_TEXT_MAX_LENGTH)

# Half of a UTF-16 pair, alone: JSON can carry one ("\ud800"), but it is no character,
# and PostgreSQL refuses to store it. HTML forms cannot carry one (Django decodes their
# bytes with replacement), so imports are where they come from.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

LONE_SURROGATE_MESSAGE = _(
    "This text holds a broken character (half of a UTF-16 pair, such as \\ud800), "
    "which cannot be stored. Remove it."
)
NUL_MESSAGE = _("This text holds a NUL character, which cannot be stored. Remove it.")


def has_lone_surrogate(text: str) -> bool:
    return bool(_LONE_SURROGATE.search(text))


def unstorable_text_problem(text: str) -> str | None:
    """Why PostgreSQL would refuse to store `text`, or None."""
    if "\x00" in text:
        return str(NUL_MESSAGE)
    if has_lone_surrogate(text):
        return str(LONE_SURROGATE_MESSAGE)
    return None


def validate_no_lone_surrogate(value) -> None:
    # NUL is already refused by Django's form CharField (ProhibitNullCharactersValidator).
    if isinstance(value, str) and has_lone_surrogate(value):
        raise ValidationError(LONE_SURROGATE_MESSAGE, code="lone_surrogate")


def printable(text: str) -> str:
    """`text` with NUL and lone surrogates written as escapes, safe to echo in a page."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")
