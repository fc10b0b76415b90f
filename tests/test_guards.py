"""Guards over the whole project: migrations, templates, the Content Security Policy."""

import ast
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import engines
from django.urls import reverse

TEMPLATES = sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))


@pytest.mark.django_db
def test_no_model_change_lacks_its_migration():
    out = StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=out)

    assert "No changes detected" in out.getvalue()


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.name)
def test_every_template_compiles(path):
    engines["django"].get_template(str(path.relative_to(Path(settings.BASE_DIR) / "templates")))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.name)
def test_no_template_holds_an_inline_script_style_or_event_handler(path):
    text = path.read_text()

    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", text), "inline script"
    assert not re.search(r"<style\b", text), "inline style element"
    assert not re.search(r"\sstyle\s*=", text), "style attribute"
    assert not re.search(r"\son[a-z]+\s*=", text), "event handler attribute"


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get(reverse("guide"))["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


# The checklist app knows nothing of the library, except where feedback is shown.
SHOWS_FEEDBACK = {"assessments/results.py", "assessments/views/answering.py"}


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


def test_only_the_pages_that_show_feedback_import_the_library():
    base = Path(settings.BASE_DIR)
    importing = {
        str(path.relative_to(base))
        for path in (base / "assessments").rglob("*.py")
        if "migrations" not in path.parts
        and any(module.split(".")[0] == "feedback_library" for module in _imported_modules(path))
    }

    assert importing <= SHOWS_FEEDBACK
    assert importing  # the rule reads real imports: the two that show feedback do
