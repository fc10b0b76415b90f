"""`manage.py profile_pages`: where a page's time goes (issue 12's profiles, README).

Each page is asked for once through Django's test client, as the demo coordinator on the
demo's review in progress (load the demo first), so that what is kept between requests
is built; then timed `--runs` times, its queries counted and timed once, and profiled
with cProfile over `--runs` more. It prints how the functions' own time divides between
the database, the template engine, the ORM, our code and the rest, then the `--top` of
our own functions by the share of the request spent in them and what they call.
"""

import cProfile
import pstats
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client

from assessments.management.commands.bench_pages import DEMO_COORDINATOR, demo_review

PAGES = {
    "question": "/assessments/{review}/questions/D1.2/",
    "feedback": "/assessments/{review}/questions/D1.2/feedback/",
    "library": "/library/",
    "dashboard": "/",
    "results": "/assessments/{review}/results/",
}
WHOLE = ("django/core/handlers/base.py", "get_response")
TEMPLATES = ("django/template/backends/django.py", "render")
# Where each function's own time goes, the first that matches its file or name.
LAYERS = [
    ("database", ("sqlite3.Cursor", "psycopg2")),
    ("template engine", ("django/template/",)),
    ("ORM", ("django/db/",)),
    ("our code", ("/assessments/", "/feedback_library/", "/checklist_site/")),
    ("rest of Django", ("django/",)),
]
OTHER = "libraries and Python"
# Our code shown by cumulative time, less the wrappers that always hold the whole request.
WRAPPERS = ("middleware.py", "/views/", "/management/")


class Command(BaseCommand):
    help = "Profiles pages of the demo through the test client (cProfile)."

    def add_arguments(self, parser):
        parser.add_argument("pages", nargs="*", help=f"Any of {', '.join(PAGES)}; all if none.")
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--top", type=int, default=5)

    def handle(self, *args, pages, runs, top, **options):
        unknown = set(pages) - set(PAGES)
        if unknown:
            raise CommandError(f"No such page: {', '.join(sorted(unknown))}.")
        coordinator = get_user_model().objects.filter(username=DEMO_COORDINATOR).first()
        if coordinator is None:
            raise CommandError("Load the demo first: manage.py setup_demo.")
        client = Client(SERVER_NAME="localhost")
        client.force_login(coordinator)
        review = demo_review()
        for page in pages or PAGES:
            url = PAGES[page].format(review=review.pk)
            if client.get(url).status_code != 200:
                raise CommandError(f"{url} did not answer 200")
            self._profile(client, page, url, runs=runs, top=top)

    def _profile(self, client, page, url, *, runs, top):
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        queries = []
        with connection.execute_wrapper(_timed(queries)):
            client.get(url)
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [client.get(url) for _ in range(runs)])
        stats = pstats.Stats(profiler).stats
        whole = _time_in(stats, *WHOLE)
        self.stdout.write(
            f"{page} {url}: median {statistics.median(times):.1f} ms over {runs} requests; "
            f"{len(queries)} queries, {sum(queries):.1f} ms in the database"
        )
        own: dict[str, float] = {}
        for (path, _line, name), (_cc, _nc, own_time, _ct, _callers) in stats.items():
            layer = next((layer for layer, marks in LAYERS
                          if any(mark in path or mark in name for mark in marks)), OTHER)
            own[layer] = own.get(layer, 0) + own_time
        total = sum(own.values())
        self.stdout.write("  own time under cProfile: " + ", ".join(
            f"{layer} {seconds / total:.0%}"
            for layer, seconds in sorted(own.items(), key=lambda item: -item[1])
        ))
        self.stdout.write(f"  {_time_in(stats, *TEMPLATES) / whole:4.0%} of the request in "
                          "rendering templates (with all they call)")
        ours = sorted(
            ((cumulative, f"{path.rsplit('/', 2)[-2]}/{path.rsplit('/', 1)[-1]}:{name}")
             for (path, _line, name), (_cc, _nc, _tt, cumulative, _callers) in stats.items()
             if any(mark in path for mark in LAYERS[3][1]) and ".venv" not in path
             and not any(part in path for part in WRAPPERS)),
            reverse=True,
        )
        for cumulative, name in ours[:top]:
            self.stdout.write(f"  {cumulative / whole:4.0%} of the request in {name}")


def _timed(queries: list[float]):
    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - started) * 1000)
    return wrapper


def _time_in(stats, path_end: str, name: str) -> float:
    return sum(cumulative for (path, _line, function), (_cc, _nc, _tt, cumulative, _callers)
               in stats.items() if path.endswith(path_end) and function == name)
