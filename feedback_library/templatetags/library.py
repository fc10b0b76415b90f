"""How a good practice is introduced wherever it is listed: where, when, and why shown.

Filters rather than included templates: the results page lists several hundred practices
(each weak answer's, folded), and an include with its translated strings and country name
cost more than the rest of such a line together.
"""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from checklist_site.languages import in_own_language

register = template.Library()


# Kept per process. The arguments unused in the body are part of the key: the name is in
# the active language, the address under the active prefix and routes.
@lru_cache(maxsize=1024)
def _country_name(code: str, language: str) -> str:
    return str(countries.name(code))


@lru_cache(maxsize=4096)
def _practice_url(slug: str, prefix: str, urlconf) -> str:
    return reverse("practice-detail", args=[slug])


@register.filter
def place_and_period(practice) -> SafeString:
    """"Lyon, France · 2017-2021"; "France · since 2014" for a national programme. The
    period is marked with its language when it fell back to another than the page's."""
    country = _country_name(practice.country.code, get_language())
    place = f"{practice.city}, {country}" if practice.city else country
    return format_html("{} · {}", place, in_own_language(practice, "period"))


@register.filter
def shown_because(ranked) -> SafeString:
    """Why a ranked practice is shown, in a few words each (a topic's name marked with its
    language when it fell back)."""
    reasons = " · ".join(conditional_escape(reason) for reason in ranked.reasons)
    return format_html("{} {}", _("Shown because:"), mark_safe(reasons))  # noqa: S308 - escaped


@register.filter
def practice_line(ranked) -> SafeString:
    """One practice in the folded list below the first ones: its title linked, where and
    when, why shown. Built here rather than in the template, for the results page lists
    several hundred of them."""
    practice = ranked.practice
    return format_html(
        '<a href="{}">{}</a> <span class="small text-muted">{}</span><br>'
        '<span class="small practice-reasons">{}</span>',
        _practice_url(practice.slug, get_script_prefix(), get_urlconf()),
        in_own_language(practice, "title"),
        place_and_period(practice), shown_because(ranked),
    )
