"""Settings come from the environment and fail loudly on values they cannot read."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from checklist_site.settings import env_bool, env_int, env_list

_PRINT_DEBUG_AND_KEY = "import checklist_site.settings as s; print(s.DEBUG, s.SECRET_KEY[:11])"


def _settings_in_a_fresh_process(**environment):
    """Import the settings module with exactly `environment` (plus PATH)."""
    return subprocess.run(
        [sys.executable, "-c", _PRINT_DEBUG_AND_KEY],
        env={"PATH": os.environ["PATH"], **environment},
        cwd=settings.BASE_DIR, capture_output=True, text=True, check=False,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = _settings_in_a_fresh_process()

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_a_development_key_is_used_only_in_debug():
    result = _settings_in_a_fresh_process(DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "development"]


@pytest.mark.parametrize("raw, expected", [("1", True), ("yes", True), ("off", False), ("", False)])
def test_booleans_are_read_from_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)

    assert env_bool("SOME_FLAG", default=not expected) is expected


def test_an_unreadable_boolean_stops_the_start(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "perhaps")

    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG must be a boolean"):
        env_bool("SOME_FLAG", default=False)


def test_an_unreadable_number_stops_the_start(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "ten")

    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER must be a whole number"):
        env_int("SOME_NUMBER", default=1)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("SOME_HOSTS", "checklist.example.org, .example.net,")

    assert env_list("SOME_HOSTS", default=[]) == ["checklist.example.org", ".example.net"]


def test_database_connections_persist():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 60


def test_the_cached_template_loader_stays_on():
    from django.template import engines

    loaders = engines["django"].engine.template_loaders
    assert [type(loader).__module__ for loader in loaders] == ["django.template.loaders.cached"]
