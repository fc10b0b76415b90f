from django import template

register = template.Library()


@register.filter
def glossary_links(text, glossary):
    """Link glossary terms in `text`; `glossary` is a Glossary loaded by the view."""
    return glossary.link(text)
