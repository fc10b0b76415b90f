"""Who calls the API, and how often: personal tokens and a limit per token.

Kept apart from the API's views: Django REST framework imports these classes from its
settings while it loads its own views.
"""

from django.conf import settings
from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Give one token after Bearer.")
        token = (
            ApiToken.objects.active().select_related("user")
            .filter(token_hash=ApiToken.hash(parts[1].decode(errors="replace"))).first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("This token is not valid, or was revoked.")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class PerTokenThrottle(SimpleRateThrottle):
    """A limit per token (or per signed-in user without one, or per address), counted in
    the cache every server shares."""

    scope = "api"

    def get_rate(self):
        return f"{settings.API_REQUESTS_PER_MINUTE}/min"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
