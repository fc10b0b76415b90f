"""The client's address behind reverse proxies: what lockouts and render limits count."""

import pytest
from django.test import RequestFactory

from checklist_site.addresses import client_address


def _request(forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **headers)


@pytest.mark.parametrize("proxies, forwarded, address", [
    (0, None, "10.0.0.1"),
    (0, "203.0.113.9", "10.0.0.1"),  # no proxy trusted: the header is the client's word
    (1, "203.0.113.9", "203.0.113.9"),
    (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # what the client wrote itself is ignored
    (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
    (2, "203.0.113.9", "10.0.0.1"),  # shorter than the chain: the connection counts
    (1, "", "10.0.0.1"),
])
def test_the_client_is_read_through_the_trusted_proxies(settings, proxies, forwarded, address):
    settings.TRUSTED_PROXY_COUNT = proxies

    assert client_address(_request(forwarded)) == address
