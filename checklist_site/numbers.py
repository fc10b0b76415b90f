"""Numbers as the reader's language writes them."""

from django.utils import formats
from django.utils.translation import pgettext


def percent(value) -> str:
    """"67%" in English, "67 %" in French: where the sign goes is the catalogue's, so that
    a language added later writes it its own way."""
    return pgettext("a percentage", "%(number)s%%") % {"number": formats.number_format(value)}
