from django import template

from assessments.pages import Pages

register = template.Library()


@register.filter
def glossary_links(text, glossary):
    """Link glossary terms in `text`; `glossary` is a Glossary loaded by the view."""
    return glossary.link(text)


@register.simple_tag(takes_context=True)
def page_url(context, page, *args):
    """A page of the assessment shown: `pages` when the view gives them (a quick check's
    private link), else the assessment's own, by id."""
    pages = context.get("pages") or Pages.of_assessment(context["assessment"])
    return pages.url(page, *args)
