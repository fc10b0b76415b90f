"""Counting an address's actions in the shared cache, per window."""

import pytest

from checklist_site import rate_limits


def test_the_action_past_the_limit_is_refused_until_the_window_ends(monkeypatch):
    monkeypatch.setattr(rate_limits.time, "time", lambda: 7200.0 + 1000)
    for _ in range(3):
        rate_limits.count("start", "192.0.2.1", limit=3, seconds=3600)

    with pytest.raises(rate_limits.RateLimited) as refusal:
        rate_limits.count("start", "192.0.2.1", limit=3, seconds=3600)

    assert refusal.value.retry_after == 2600
    monkeypatch.setattr(rate_limits.time, "time", lambda: 7200.0 + 3600)
    rate_limits.count("start", "192.0.2.1", limit=3, seconds=3600)  # a new window


def test_addresses_and_actions_are_counted_apart():
    rate_limits.count("start", "192.0.2.1", limit=1, seconds=60)

    rate_limits.count("start", "192.0.2.2", limit=1, seconds=60)
    rate_limits.count("render", "192.0.2.1", limit=1, seconds=60)


@pytest.mark.parametrize("address, group", [
    ("192.0.2.1", "192.0.2.1"),
    ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
    ("::ffff:192.0.2.1", "192.0.2.1"),
    ("", ""),
])
def test_an_ipv6_network_is_one_address(address, group):
    assert rate_limits.address_group(address) == group
