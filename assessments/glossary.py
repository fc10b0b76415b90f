"""Linking glossary terms wherever they appear in checklist and library text.

Terms are looked for in text, never in markup: HTML is split into tags and text, and
each text part is unescaped before the search and escaped again after it, so a term
named "quot" or "amp" never lands inside an entity such as &quot;.
"""

import html as html_entities
import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from checklist_site import content_cache

from .models import GlossaryTerm

_TAG = re.compile(r"(<[^>]+>)")


@dataclass(frozen=True)
class Glossary:
    # Keyed by the lower-case term, as it appears in text.
    terms: dict[str, GlossaryTerm]
    pattern: re.Pattern | None

    @classmethod
    def load(cls) -> "Glossary":
        """The glossary in the active language, built once until a curator changes it."""
        return content_cache.kept(("glossary", get_language()), cls._build)

    @classmethod
    def _build(cls) -> "Glossary":
        terms = {term.term.lower(): term for term in GlossaryTerm.objects.all()}
        if not terms:
            return cls(terms, None)
        # Longest first, so "systemic discrimination" wins over "discrimination".
        alternatives = sorted(terms, key=len, reverse=True)
        pattern = re.compile(
            # A plural ("stereotypes") links to its singular term.
            r"\b(" + "|".join(re.escape(term) for term in alternatives) + r")(?:s|es)?\b",
            re.IGNORECASE,
        )
        return cls(terms, pattern)

    def terms_in(self, *texts: str) -> list[GlossaryTerm]:
        """The glossary terms that appear in any of the plain `texts`, in glossary order."""
        if self.pattern is None:
            return []
        found = {match.lower() for text in texts for match in self.pattern.findall(text)}
        return sorted((self.terms[key] for key in found), key=lambda term: term.term.lower())

    def link(self, html: str) -> SafeString:
        """`html` with the first occurrence of each glossary term linked to its definition.

        `html` is escaped unless it is already safe (rendered, sanitised Markdown); text
        inside an existing link is left alone.
        """
        html = str(conditional_escape(html))
        if self.pattern is None:
            return mark_safe(html)  # noqa: S308 - escaped above
        glossary_url = reverse("glossary")
        linked: set[str] = set()
        inside_link = False
        parts = []
        for part in _TAG.split(html):
            if part.startswith("<"):
                lowered = part.lower()
                if lowered.startswith("<a ") or lowered == "<a>":
                    inside_link = True
                elif lowered.startswith("</a"):
                    inside_link = False
                parts.append(part)
            elif inside_link:
                parts.append(part)
            else:
                parts.append(self._link_text(html_entities.unescape(part), glossary_url, linked))
        return mark_safe("".join(parts))  # noqa: S308 - tags kept, text escaped again

    def _link_text(self, text: str, glossary_url: str, linked: set[str]) -> str:
        """Plain `text`, escaped, with the terms not linked yet turned into links."""
        pieces, start = [], 0
        for match in self.pattern.finditer(text):
            term = self.terms[match.group(1).lower()]
            if term.slug in linked:
                continue
            linked.add(term.slug)
            pieces.append(escape(text[start:match.start()]))
            pieces.append(
                f'<a class="glossary-term" href="{glossary_url}#term-{term.slug}" '
                f'title="{escape(term.definition)}">{escape(match.group(0))}</a>'
            )
            start = match.end()
        pieces.append(escape(text[start:]))
        return "".join(pieces)
