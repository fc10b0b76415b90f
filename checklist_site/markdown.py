"""Markdown from the library and the checklist, turned into HTML that is safe to show.

Markdown is rendered first, then the HTML is cleaned with nh3 against an explicit
allow-list: no image, no style, no script, no frame, no event attribute, and links
only to http(s) and mailto addresses, opened with rel="noopener noreferrer".

The parser is markdown-it-py (CommonMark), whose time grows in proportion to the length
of the text: Python-Markdown took seconds on a few thousand "[" and longer than a
worker's timeout on some texts, which stalled every page showing them.
"""

from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote",
    "code", "pre", "h3", "h4", "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


ABSOLUTE_LINK_PREFIXES = ("http://", "https://", "mailto:")


def _only_absolute_links(tag: str, attribute: str, value: str) -> str | None:
    # nh3 keeps relative and protocol-relative ("//elsewhere.example") links; library
    # text links out with full addresses only.
    if attribute == "href" and not value.lower().startswith(ABSOLUTE_LINK_PREFIXES):
        return None
    return value


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        attribute_filter=_only_absolute_links,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# Raw HTML passes the parser as it passed Python-Markdown (curators may write an <abbr>);
# nh3 then removes whatever is not on the allow-list.
_PARSER = MarkdownIt("commonmark", {"html": True})


def render_markdown(text: str) -> SafeString:
    # markdown-it ends each block with a newline; Python-Markdown did not, nor do we.
    html = _PARSER.render(text or "").rstrip("\n")
    return mark_safe(sanitise_html(html))  # noqa: S308 - cleaned by nh3 just above


# Pages show the same stored texts (library entries, pillar narratives) again and again,
# and rendering one takes about 0.4 ms: the HTML of the texts last shown is kept per
# process. Only the text decides it. (The curation preview renders what is typed directly.)
render_stored_markdown = lru_cache(maxsize=512)(render_markdown)
