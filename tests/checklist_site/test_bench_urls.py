"""The routes `make bench` measures beside the site (checklist_site.bench_urls): each page
it names answers for the person it logs in, and the reads it adds for the question page
refuse whom that page refuses."""

import pytest

from assessments import services
from assessments.management.commands.bench_pages import PAGES
from assessments.models import Question

pytestmark = [pytest.mark.django_db, pytest.mark.urls("checklist_site.bench_urls")]


def test_every_page_the_benchmark_measures_answers(client, world):
    # As in the demo, the question measured drew feedback (its feedback page shows it).
    question = Question.objects.get(indicator__pillar__version=world.review.version, code="D1.2")
    services.save_answer(assessment=world.review, question=question, value="no", comment="",
                         criteria=[], user=world.coordinator, seen_revision=None)
    client.force_login(world.coordinator)

    for name, url, _logged_in, _goal in PAGES:
        if url is None:  # the saves: their addresses are made by the benchmark
            continue
        response = client.get(url.format(review=world.review.pk))
        assert response.status_code == 200, name


def test_the_question_pages_reads_refuse_whom_the_question_page_refuses(client, world):
    client.force_login(world.other_coordinator)

    own = client.get(f"/assessments/{world.review.pk}/questions/D1.2/")
    reads = client.get(f"/bench/question-reads/{world.review.pk}/D1.2/")

    assert own.status_code == reads.status_code == 404


def test_the_question_pages_reads_know_the_checklists_questions(client, world):
    client.force_login(world.coordinator)

    assert client.get(f"/bench/question-reads/{world.review.pk}/Z9.9/").status_code == 404


def test_the_reads_are_for_people_who_are_logged_in(client, world):
    for url in ("/bench/dashboard-reads/", f"/bench/question-reads/{world.review.pk}/D1.2/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
