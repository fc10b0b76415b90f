"""The language a person reads the site and their e-mails in.

Anonymous visitors have the language cookie that the menu sets (Django's own). A signed-in
person's choice is also kept on their profile, and their browser gets it back at each
login: on a new device, a colleague's computer, after the cookie expired. E-mails go out
in the recipient's chosen language where an account says it, else in the sender's.

The profile is read at login and when an e-mail is sent, never on other requests.
"""

from django.conf import settings
from django.utils import translation

from checklist_site.languages import supported

from .models import Profile


def remember_language(user, language: str) -> None:
    """Keep `language` (a code of settings.LANGUAGES) as the user's choice."""
    if supported(language) is None:
        raise ValueError(f"{language!r} is not a language of the site")
    Profile.objects.update_or_create(user=user, defaults={"language": language})


def chosen_language(user) -> str | None:
    """The user's chosen language, if they chose one the site still offers."""
    return supported(Profile.objects.language_of(user))


def email_language(*, user=None, email: str = "") -> str:
    """The language of an e-mail to `user`, or to the account with address `email`: the
    one they chose, else the language active now (the sender's, or the page's)."""
    chosen = (
        chosen_language(user) if user is not None
        else supported(Profile.objects.language_of_address(email))
    )
    return chosen or translation.get_language() or settings.LANGUAGE_CODE


def restore_on_login(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: the chosen language goes back to this browser (the cookie
    is set by checklist_site.middleware.RememberedLanguageMiddleware)."""
    if request is not None:
        request.remembered_language = chosen_language(user)
