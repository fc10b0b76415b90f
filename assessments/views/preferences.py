"""A person's own choices, kept across devices."""

from django.views.i18n import set_language as set_language_cookie

from assessments import preferences
from checklist_site.languages import supported


def set_language(request):
    """The language menu: Django's view sets the cookie and goes back to the page; a
    signed-in person's choice is also kept on their profile, for their other devices."""
    response = set_language_cookie(request)
    language = supported(request.POST.get("language"))
    if request.method == "POST" and language and request.user.is_authenticated:
        preferences.remember_language(request.user, language)
    return response
