"""`make bench`: pages under load against a bare Django view, and single requests at scale.

Run by `.ci/bench-pages` on a throwaway PostgreSQL holding the content and the demo. It
starts gunicorn (gunicorn.conf.py, DEBUG off) with the site and a bare view beside it
(checklist_site.bench_settings), then drives wrk with `--connections` connections on each
page in turn, `--runs` times round: the bare view, the same logged in (the session and
the user read, the least a page of an assessment does), the site's layout with no content
(logged in: what every page draws around its own), the guide, the library, the
dashboard, a question page, its feedback and the results page (as the demo coordinator,
with a session cookie, on the demo's review in progress; the dashboard and the question
page each after what it reads in the empty layout: the least it can cost, whatever it
draws), and answers saved
(POST, yes and no in turn, each the first answer to a question of one of many empty
assessments, with a CSRF token). It prints requests per second, p50 and p95 and the ratio
of each page's throughput to the bare view's in the same round, against the goals.

Then it fills a throwaway city with `--assessments` proposal reviews (bench_portfolio's
fill) and requests its coordinator's dashboard, portfolio, a results page and the
coverage map one at a time, `--single` times each, through the same gunicorn.
"""

import logging
import math
import os
import re
import runpy
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client

from assessments import services
from assessments.management.commands.bench_portfolio import fill_portfolio
from assessments.models import Assessment, ChecklistVersion, Organisation, Question, Role

LUA = Path(settings.BASE_DIR) / ".ci" / "bench-pages.lua"
WRK_THREADS = 2
EMPTY_ASSESSMENTS = 400  # 12,000 first answers to save: more than a run saves
CITY = "Benchmark pages city"
COORDINATOR = "bench-pages-coordinator"
DEMO_COORDINATOR = "coordinator"
DEMO_PROJECT = "Neighbourhood kitchen nights"


@dataclass(frozen=True)
class Goal:
    ratio: float
    p95_ms: float | None = None


# page name, address ({review}: the demo's review in progress; None for the saves),
# logged in, goal (none set for the feedback and results pages)
PAGES = [
    ("bare Django view", "/bench/bare/", False, None),
    ("bare view, logged in", "/bench/signed-in/", True, None),
    ("empty page, site layout", "/bench/empty-page/", True, None),
    ("guide (pillar page, public)", "/guide/equality/", False, Goal(0.10)),
    ("library (public)", "/library/", False, Goal(0.10)),
    ("dashboard's reads, layout", "/bench/dashboard-reads/", True, None),
    ("dashboard", "/", True, Goal(0.10)),
    ("question page's reads, layout", "/bench/question-reads/{review}/D1.2/", True, None),
    ("question page", "/assessments/{review}/questions/D1.2/", True, Goal(0.15, 100)),
    ("feedback page", "/assessments/{review}/questions/D1.2/feedback/", True, None),
    ("results page", "/assessments/{review}/results/", True, None),
    ("answer save (POST)", None, True, Goal(0.10, 100)),
]
SINGLE_GOAL_MS = 150


@dataclass(frozen=True)
class Result:
    per_second: float
    p50: float
    p95: float
    errors: int


class Command(BaseCommand):
    help = "Pages under load (wrk, gunicorn) against a bare view; single requests at scale."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=15)
        parser.add_argument("--connections", type=int, default=20)
        parser.add_argument("--runs", type=int, default=2)
        parser.add_argument("--assessments", type=int, default=10_000)
        parser.add_argument("--single", type=int, default=20)

    def handle(self, *args, seconds, connections, runs, assessments, single, **options):
        if settings.DEBUG:
            raise CommandError("Measure with DEBUG off, as the site runs.")
        coordinator = get_user_model().objects.filter(username=DEMO_COORDINATOR).first()
        if coordinator is None:
            raise CommandError("Load the demo first (.ci/bench-pages does).")
        work = Path(tempfile.mkdtemp(prefix="checklist-bench-pages."))
        csrf = secrets.token_hex(16)  # 32 characters, as Django's own secrets
        cookie = f"{settings.SESSION_COOKIE_NAME}={_session(coordinator)}; csrftoken={csrf}"
        review, slots = _answering(coordinator)
        (work / "slots.txt").write_text("\n".join(slots) + "\n")
        with _Gunicorn(work) as server:
            self.stdout.write(
                f"Pages under load: gunicorn ({server.describe()}), {connections} connections, "
                f"{seconds} s each, {runs} rounds; PostgreSQL; {os.cpu_count()} cores"
            )
            rounds = []
            for _ in range(runs):
                results = {}
                for name, url, logged_in, _goal in PAGES:
                    env = {"BENCH_COOKIE": cookie if logged_in else ""}
                    if name.startswith("answer save"):
                        env |= {"BENCH_SLOTS": str(work / "slots.txt"), "BENCH_CSRF": csrf}
                        url = slots[0]
                    results[name] = _wrk(server.url(url.format(review=review.pk)), env,
                                         seconds=seconds, connections=connections)
                rounds.append(results)
            if rounds:  # --runs 0: the single requests alone
                self._table(rounds)
            self._single(server, assessments=assessments, runs=single)

    def _table(self, rounds: list[dict[str, Result]]) -> None:
        bare = [results[PAGES[0][0]] for results in rounds]
        self.stdout.write(f"{'page':30} {'req/s':>11} {'p50 ms':>11} {'p95 ms':>11} "
                          f"{'ratio':>11}  goal")
        for name, _url, _logged_in, goal in PAGES:
            found = [results[name] for results in rounds]
            ratios = [mine.per_second / base.per_second
                      for mine, base in zip(found, bare, strict=True)]
            met = goal is None or (
                min(ratios) >= goal.ratio
                and (goal.p95_ms is None or max(r.p95 for r in found) < goal.p95_ms)
            )
            wanted = "" if goal is None else (
                f"ratio >= {goal.ratio:.2f}"
                + (f", p95 < {goal.p95_ms:.0f} ms" if goal.p95_ms else "")
                + (": met" if met else ": NOT met")
            )
            errors = sum(r.errors for r in found)
            self.stdout.write(
                f"{name:30} {_span([r.per_second for r in found], '.0f'):>11} "
                f"{_span([r.p50 for r in found], '.0f'):>11} "
                f"{_span([r.p95 for r in found], '.0f'):>11} {_span(ratios, '.3f'):>11}  "
                f"{wanted}{f' ({errors} errors)' if errors else ''}"
            )

    def _single(self, server, *, assessments: int, runs: int) -> None:
        started = time.perf_counter()
        Organisation.objects.filter(name=CITY).delete()
        city = Organisation.objects.create(name=CITY, kind=Organisation.Kind.CITY)
        fill_portfolio(city, assessments=assessments)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        coordinator, _created = get_user_model().objects.get_or_create(username=COORDINATOR)
        services.join_organisation(user=coordinator, organisation=city, role=Role.COORDINATOR)
        curator = get_user_model().objects.get(username="curator")
        submitted = Assessment.objects.filter(
            project__city=city, status=Assessment.Status.SUBMITTED
        ).order_by("pk").first()
        self.stdout.write(
            f"One request at a time, {assessments} assessments in one city (built in "
            f"{time.perf_counter() - started:.0f} s), {runs} runs each, goal < {SINGLE_GOAL_MS} ms:"
        )
        for name, url, user in [
            ("dashboard", "/", coordinator),
            ("portfolio", "/portfolio/", coordinator),
            ("results page", f"/assessments/{submitted.pk}/results/", coordinator),
            ("coverage map", "/network/coverage/", curator),
        ]:
            times = _time_requests(server.url(url), _session(user), runs)
            median, p95 = statistics.median(times), percentile(times, 95)
            self.stdout.write(
                f"  {name:14} median {median:.0f} ms, p95 {p95:.0f} ms, max {max(times):.0f} ms"
                f": {'met' if p95 < SINGLE_GOAL_MS else 'NOT met'}"
            )


def _session(user) -> str:
    client = Client()
    logging.getLogger("axes").setLevel(logging.WARNING)  # a line per login otherwise
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def demo_review() -> Assessment:
    """The demo city's review of the demo's project, in progress."""
    return Assessment.objects.select_related("project__city").get(
        project__title=DEMO_PROJECT, purpose=Assessment.Purpose.PROPOSAL_REVIEW,
        assessor__name__startswith="Riverside",
    )


def _answering(coordinator) -> tuple[Assessment, list[str]]:
    """The demo's review whose pages are read, and the addresses of first answers to save:
    every question of EMPTY_ASSESSMENTS new final evaluations of the demo's project."""
    review = demo_review()
    project, city = review.project, review.project.city
    version = ChecklistVersion.objects.latest_published()
    empty = Assessment.objects.bulk_create([
        Assessment(project=project, purpose=Assessment.Purpose.FINAL_EVALUATION, assessor=city,
                   version=version, created_by=coordinator)
        for _ in range(EMPTY_ASSESSMENTS)
    ])
    codes = list(Question.objects.of_version(version).values_list("code", flat=True))
    slots = [f"/assessments/{assessment.pk}/questions/{code}/"
             for code in codes for assessment in empty]
    return review, slots


class _Gunicorn:
    """gunicorn with the site's configuration and the bench settings, on a free port."""

    def __init__(self, work: Path):
        self.work = work
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def describe(self) -> str:
        config = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
        return f"{config['workers']} workers x {config['threads']} threads"

    def __enter__(self):
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "checklist_site.bench_settings", "DEBUG": "0",
            "BIND": f"127.0.0.1:{self.port}", "ALLOWED_HOSTS": "127.0.0.1",
        }
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(  # noqa: S603 - our own server, our own arguments
            [str(gunicorn), "-c", "gunicorn.conf.py", "checklist_site.wsgi",
             "--access-logfile", "/dev/null", "--error-logfile", str(self.work / "gunicorn.log")],
            cwd=settings.BASE_DIR, env=env,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url("/healthz"), timeout=1)  # noqa: S310
                return self
            except OSError:
                time.sleep(0.2)
        self.process.kill()
        raise CommandError(f"gunicorn did not start: see {self.work / 'gunicorn.log'}")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def _wrk(url: str, env: dict, *, seconds: int, connections: int) -> Result:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise CommandError("wrk is missing: `make bench` installs Debian's wrk package")
    output = subprocess.run(  # noqa: S603 - wrk, our script, our server
        [wrk, f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
         "-s", str(LUA), url],
        env=os.environ | env | {"BENCH_THREADS": str(WRK_THREADS)},
        capture_output=True, text=True, check=True,
    ).stdout
    found = re.search(r"RESULT requests=(\d+) seconds=([\d.]+) p50=([\d.]+) p95=([\d.]+) "
                      r"p99=[\d.]+ non2xx3xx=(\d+) socket=(\d+)", output)
    if found is None:
        raise CommandError(f"wrk said:\n{output}")
    requests, duration, p50, p95, status_errors, socket_errors = found.groups()
    return Result(int(requests) / float(duration), float(p50), float(p95),
                  int(status_errors) + int(socket_errors))


def _time_requests(url: str, session: str, runs: int) -> list[float]:
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", f"{settings.SESSION_COOKIE_NAME}={session}")]
    opener.open(url, timeout=30).read()  # once first, as a person coming back would
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        with opener.open(url, timeout=30) as response:
            response.read()
        if response.geturl() != url:  # sent to the login page, say
            raise CommandError(f"{url} answered with {response.geturl()}")
        times.append((time.perf_counter() - started) * 1000)
    return times


def percentile(values: list[float], percent: int) -> float:
    """The nearest-rank percentile: the smallest value that `percent` % of them do not
    exceed (of 20 values, the 95th is the 19th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * percent / 100) - 1)]


def _span(values: list[float], spec: str) -> str:
    low, high = min(values), max(values)
    return format(low, spec) if format(low, spec) == format(high, spec) else (
        f"{format(low, spec)}-{format(high, spec)}"
    )
