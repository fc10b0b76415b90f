from django import template

from checklist_site import numbers
from checklist_site.languages import in_own_language, lang_attribute, lang_marked
from checklist_site.markdown import render_stored_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Markdown rendered and sanitised (see checklist_site.markdown)."""
    return render_stored_markdown(text or "")


@register.filter
def percent(value):
    """A percentage in the page's language: "67%", "67 %"."""
    return numbers.percent(value)


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


@register.filter
def disagreement_of(row, perspectives):
    """How far the two readings of a question are apart (see comparison.Perspectives)."""
    level = perspectives.disagreement(row)
    return level.value if level else ""


# The passages of content that fell back to another language say so (see languages.py).
register.simple_tag(lang_attribute, name="lang_attr")
register.simple_tag(in_own_language)
register.filter(lang_marked)
