"""gunicorn's master builds what nearly every page reads of the content before it forks its
workers, so that a new worker's first pages are as quick as its next."""

import logging

import pytest
from django.db import OperationalError
from django.template.base import Template
from django.urls import reverse
from django.utils import translation

from assessments.glossary import Glossary
from assessments.models import ChecklistVersion
from assessments.structure import questions_of
from checklist_site import content_cache
from checklist_site.warm import warm_content, warm_templates
from feedback_library.selection import PublishedLibrary

pytestmark = pytest.mark.django_db


def test_after_warming_the_content_is_read_without_building_it(world,
                                                                django_assert_num_queries):
    warm_content()

    for language in ("en", "fr"):
        with translation.override(language), django_assert_num_queries(2):  # the stamp, each
            glossary, library = Glossary.load(), PublishedLibrary.load()
        assert glossary.terms and library.practices
    version = ChecklistVersion.objects.latest_published()
    with django_assert_num_queries(0):
        assert len(questions_of(version)) == 30


def test_after_warming_the_templates_pages_compile_none(client, world, monkeypatch):
    warm_templates()

    compile_from_string = Template.compile_nodelist

    def compile_nodelist(template):
        # A template in a file, that is (crispy compiles a button's label on each render).
        if template.origin.loader is not None:
            raise AssertionError(f"{template.origin.name} was compiled")
        return compile_from_string(template)

    monkeypatch.setattr(Template, "compile_nodelist", compile_nodelist)
    client.force_login(world.coordinator)
    for page in (reverse("home"), reverse("assessment-question", args=[world.review.pk, "D1.1"]),
                 reverse("library"), reverse("login")):
        assert client.get(page).status_code == 200, page


def test_without_a_database_the_server_starts_and_builds_later(world, monkeypatch, caplog):
    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr("assessments.structure.published_versions", unreachable)
    content_cache.forget()

    with caplog.at_level(logging.WARNING, logger="checklist_site.warm"):
        warm_content()

    assert "could not be read" in caplog.text
