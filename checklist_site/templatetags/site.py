from functools import lru_cache

from django import template

from checklist_site.markdown import render_markdown

register = template.Library()

# Pages show the same stored texts (library entries, pillar narratives) again and again,
# and rendering one takes about 0.4 ms: the HTML of the texts last shown is kept per
# process. Only the text decides it. (The curation preview renders what is typed directly.)
_rendered = lru_cache(maxsize=512)(render_markdown)


@register.filter
def markdown(text):
    """Markdown rendered and sanitised (see checklist_site.markdown)."""
    return _rendered(text or "")


@register.filter
def minutes(duration):
    """Whole minutes of a timedelta, rounded up: "wait 15 minutes"."""
    return -(-int(duration.total_seconds()) // 60)


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, for dictionaries keyed by a variable."""
    return mapping.get(key)


@register.filter
def page_numbers(page):
    """The page numbers to link to: the first and last, and two either side of this one,
    with the paginator's ellipsis for the gaps (a list of 400 pages is not a menu)."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


@register.simple_tag(takes_context=True)
def page_query(context, param, number):
    """The current address's query with `param` set to `number`: the link to another page
    of one list, keeping the other lists' pages and any filters."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"
