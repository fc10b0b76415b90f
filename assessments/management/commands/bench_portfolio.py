"""`make bench`: how long the portfolio takes with 10,000 assessments in one city.

A throwaway city gets `--assessments` proposal reviews (one project each, run by its
partners, in funding rounds, some decided, every question answered) and three score
bands, one with a pillar minimum, all written with bulk_create. Its coordinator's
portfolio is then requested `--runs` times through Django's test client, as sorted by
default, sorted by the equality score, and filtered by a band; a bare view (no query, no
template) through the same client and middleware gives the framework's own share. The
city is deleted at the end: the figures do not depend on what an earlier run left.
"""

import random
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import include, path
from django.utils import timezone

from assessments import services
from assessments.models import (
    Answer,
    Assessment,
    ChecklistVersion,
    Decision,
    FundingRound,
    Organisation,
    Outcome,
    Project,
    Question,
    Role,
    ScoreBand,
    TopicArea,
)

CITY = "Benchmark portfolio city"
COORDINATOR = "bench-portfolio-coordinator"
# Answers drawn with these weights, so that scores and bands spread.
VALUES, WEIGHTS = ["yes", "partially", "no"], [5, 3, 2]
BATCH = 2000


def bare(request):
    return HttpResponse("ok")


# The project's routes, and the bare view beside them.
urlpatterns = [
    path("bench/bare/", bare),
    path("", include("checklist_site.urls")),
]


@transaction.atomic
def fill_portfolio(city: Organisation, *, assessments: int, seed: int = 1) -> None:
    """`assessments` proposal reviews by `city`, one project each, run by three partners,
    in three funding rounds but every fourth outside any, every fifth decided, half
    submitted, every question answered (with bulk_create: a few queries a thousand rows)."""
    draw = random.Random(seed)  # noqa: S311 - made-up answers, no secret
    version = ChecklistVersion.objects.latest_published()
    questions = list(Question.objects.of_version(version).values_list("pk", flat=True))
    topics = list(TopicArea.objects.all())
    partners = Organisation.objects.bulk_create([
        Organisation(name=f"{city.name}: partner {seed}.{number}", kind=Organisation.Kind.PARTNER)
        for number in range(3)
    ])
    today = timezone.localdate()
    rounds = FundingRound.objects.bulk_create([
        FundingRound(city=city, name=f"Call {seed}.{number}", opens_on=today, closes_on=today)
        for number in range(3)
    ])
    projects = Project.objects.bulk_create([
        Project(
            title=f"Proposal {seed}.{number:05d}", summary="A proposal for the benchmark.",
            organisation=partners[number % len(partners)], city=city,
            funding_round=rounds[number % len(rounds)] if number % 4 else None,
        )
        for number in range(assessments)
    ], batch_size=BATCH)
    Project.topic_areas.through.objects.bulk_create([
        Project.topic_areas.through(project=project, topicarea=topic)
        for number, project in enumerate(projects)
        for topic in (topics[number % len(topics)], topics[(number + 7) % len(topics)])
    ] if topics else [], batch_size=BATCH)
    Decision.objects.bulk_create([
        Decision(project=project, outcome=draw.choice(Outcome.values))
        for project in projects[::5]
    ], batch_size=BATCH)
    now = timezone.now()
    reviews = Assessment.objects.bulk_create([
        Assessment(
            project=project, purpose=Assessment.Purpose.PROPOSAL_REVIEW, assessor=city,
            version=version,
            status=Assessment.Status.SUBMITTED if number % 2 else Assessment.Status.IN_PROGRESS,
            submitted_at=now if number % 2 else None,
        )
        for number, project in enumerate(projects)
    ], batch_size=BATCH)
    for start in range(0, len(reviews), BATCH // len(questions) or 1):
        Answer.objects.bulk_create([
            Answer(assessment=review, question_id=question,
                   value=draw.choices(VALUES, WEIGHTS)[0])
            for review in reviews[start:start + BATCH // len(questions) or 1]
            for question in questions
        ])


def _median_ms(client, url, runs) -> tuple[float, int]:
    """The median time of `runs` requests, in milliseconds, and the queries of one."""
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, len(queries)


def _clean():
    Project.objects.filter(city__name=CITY).delete()
    Organisation.objects.filter(name__startswith=CITY).delete()
    get_user_model().objects.filter(username=COORDINATOR).delete()


class Command(BaseCommand):
    help = "Time the portfolio with many assessments in one city, against a bare view."

    def add_arguments(self, parser):
        parser.add_argument("--assessments", type=int, default=10_000)
        parser.add_argument("--runs", type=int, default=20)

    def handle(self, *args, assessments, runs, **options):
        _clean()
        city = Organisation.objects.create(name=CITY, kind=Organisation.Kind.CITY)
        try:
            self._measure(city, assessments=assessments, runs=runs)
        finally:
            _clean()

    def _measure(self, city, *, assessments, runs):
        started = time.perf_counter()
        fill_portfolio(city, assessments=assessments)
        ScoreBand.objects.bulk_create([
            ScoreBand(city=city, label="Emerging", min_percentage=40),
            ScoreBand(city=city, label="Intercultural", min_percentage=60),
            ScoreBand(city=city, label="Strongly intercultural", min_percentage=70,
                      min_equality=70),
        ])
        # The planner's statistics, as autovacuum would gather them after such a load.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(f"Portfolio: {assessments} assessments with "
                          f"{Answer.objects.filter(assessment__project__city=city).count()} "
                          f"answers in one city, built in {time.perf_counter() - started:.0f} s; "
                          f"{runs} runs, {connection.vendor}")
        coordinator, _created = get_user_model().objects.get_or_create(username=COORDINATOR)
        services.join_organisation(user=coordinator, organisation=city, role=Role.COORDINATOR)
        client = Client(SERVER_NAME="localhost")
        client.force_login(coordinator)
        with override_settings(ROOT_URLCONF=__name__):
            bare_ms, _queries = _median_ms(client, "/bench/bare/", runs)
            for name, url in [
                ("default sort (newest first)", "/portfolio/"),
                ("sorted by equality", "/portfolio/?sort=-equality"),
                ("filtered by a band", "/portfolio/?band=Intercultural&sort=title"),
            ]:
                median, queries = _median_ms(client, url, runs)
                self.stdout.write(f"  {name + ':':30} median {median:.0f} ms, {queries} queries, "
                                  f"{median / bare_ms:.0f} times the bare view")
        self.stdout.write(f"  bare view through the same client: median {bare_ms:.1f} ms")
