from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

from assessments.pages import Pages
from checklist_site import content_cache

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


@register.simple_tag
def feedback_block(feedback, heading_level):
    """The feedback on one answer (assessments/includes/feedback_block.html), rendered
    once per library, language and what decides it (`feedback.shown_for`): the results
    page shows every weak answer's, as their own pages do, on each visit again."""
    def render():
        return render_to_string("assessments/includes/feedback_block.html", {
            "feedback": feedback, "heading_level": heading_level,
        })

    if feedback.shown_for is None:
        return render()
    return content_cache.kept(
        ("feedback-block", get_language(), heading_level, feedback.shown_for), render
    )
