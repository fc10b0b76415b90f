"""Rules every request and response of the site goes through."""

from django.conf import settings
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from checklist_site import content_cache


class NulInAddressMiddleware:
    """An address holding a NUL character (%00) names no page: 404.

    Parts of the address reach database lookups (labels, slugs, tokens, ?version=), and
    PostgreSQL refuses NUL in a query: each such address was a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or "\x00" in value
            for key, values in request.GET.lists() for value in values
        ):
            raise Http404(_("No page has a NUL character in its address."))
        return self.get_response(request)


class RememberedLanguageMiddleware:
    """The browser that just logged in gets the language its user chose (a cookie, as the
    language menu sets), so that their choice follows them from device to device.

    A login (assessments.preferences.restore_on_login) says which language on the request;
    other requests cost nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = getattr(request, "remembered_language", None)
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, language,
                max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


class PrivateWhenLoggedInMiddleware:
    """Responses to a signed-in browser are marked Cache-Control: private.

    Pages and PDFs shown to someone logged in hold their organisation's data: a shared
    cache (a city hall's proxy) must never keep them for the next visitor. The session
    cookie, sent or being set, tells such a browser apart without a database lookup (the
    user may not be loaded, or the database may be down). Never-cached answers already
    carry private. Anonymous visitors' public pages stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session_cookie = settings.SESSION_COOKIE_NAME
        if session_cookie in request.COOKIES or session_cookie in response.cookies:
            patch_cache_control(response, private=True)
        return response


class ContentStampMiddleware:
    """The content's stamp is read once for all a request's views and templates ask of the
    content kept in this process (see content_cache)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with content_cache.one_stamp():
            return self.get_response(request)
