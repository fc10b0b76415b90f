"""`manage.py profile_pages` tells where the demo's pages spend their time."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from assessments.demo import load_demo

pytestmark = pytest.mark.django_db


def test_each_page_asked_for_gets_its_time_queries_and_where_the_time_goes():
    load_demo()
    out = StringIO()

    call_command("profile_pages", "question", "library", runs=1, top=2, stdout=out)

    lines = out.getvalue().splitlines()
    assert [line.split(" ")[0] for line in lines if not line.startswith(" ")] == [
        "question", "library"
    ]
    question = "\n".join(lines[:lines.index(next(ln for ln in lines if ln.startswith("library")))])
    assert "queries" in question and "own time under cProfile: " in question
    assert "of the request in assessments/permissions.py:get_assessment_for_user" in question


def test_without_the_demo_it_says_what_to_load():
    with pytest.raises(CommandError, match="setup_demo"):
        call_command("profile_pages", runs=1, stdout=StringIO())


def test_a_page_it_does_not_know_is_refused():
    with pytest.raises(CommandError, match="No such page: portfolio"):
        call_command("profile_pages", "portfolio", runs=1, stdout=StringIO())
