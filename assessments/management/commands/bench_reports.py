"""`make bench`: how long the largest report takes to render, and what WeasyPrint alone takes.

The largest report is a fully answered assessment in which every answer is "no" (each
question then draws recommendations, stories and good practices). It is rendered
`--runs` times through our whole path (gathering the results, the template, WeasyPrint
with the stylesheet parsed once), bypassing the report cache. The same HTML, saved to a
file, is then rendered by WeasyPrint alone (parsing the stylesheet each time, as its
command line does). Our own overhead is the difference between the two medians.

The same report for a project whose title holds emoji is rendered as many times, each run
beside a plain one so that the machine's load weighs on both alike: emoji are drawn from a
colour bitmap font, and their cost once grew with every page the title appeared on. Their
ratio is given in processor time too, which other programs on the machine sway less.
"""

import resource
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from pypdf import PdfReader
from weasyprint import CSS, HTML

from assessments import reports, services
from assessments.models import Assessment, Organisation, Project, Question

TITLE = "Benchmark: every answer no"
EMOJI_TITLE = "Benchmark: every answer no 🍲🌍🤝🏽 👩‍👩‍👧 🇺🇦"


class Command(BaseCommand):
    help = "Measure PDF report rendering (median time, peak memory) against WeasyPrint alone."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)

    def handle(self, *args, runs, **options):
        assessment = self._largest_assessment(TITLE)
        with_emoji = self._largest_assessment(EMOJI_TITLE)
        out_dir = Path(settings.BASE_DIR) / "var" / "bench"
        out_dir.mkdir(parents=True, exist_ok=True)

        ours, emoji, ours_cpu, emoji_cpu = [], [], [], []
        for _ in range(runs):
            seconds, cpu_seconds, html, pdf = _whole_path(assessment)
            ours.append(seconds)
            ours_cpu.append(cpu_seconds)
            seconds, cpu_seconds, _html, _pdf = _whole_path(with_emoji)
            emoji.append(seconds)
            emoji_cpu.append(cpu_seconds)
        html_file = out_dir / "largest-report.html"
        html_file.write_text(html, encoding="utf-8")
        (out_dir / "largest-report.pdf").write_bytes(pdf)
        pages = len(PdfReader(out_dir / "largest-report.pdf").pages)
        peak_ours = _peak_rss_mib()

        alone = []
        for _ in range(runs):
            started = time.perf_counter()
            HTML(filename=str(html_file), base_url=reports.ASSETS_DIR.as_uri() + "/",
                 url_fetcher=reports.AssetsOnlyFetcher()).write_pdf(
                stylesheets=[CSS(filename=str(reports.ASSETS_DIR / "report.css"))]
            )
            alone.append(time.perf_counter() - started)

        ours_median, alone_median = statistics.median(ours), statistics.median(alone)
        emoji_ratio = statistics.median(emoji) / ours_median
        emoji_cpu_ratio = statistics.median(emoji_cpu) / statistics.median(ours_cpu)
        self.stdout.write(f"Largest report: {pages} pages, {len(pdf) // 1024} KiB, {runs} runs")
        self.stdout.write(f"  whole path (results + template + WeasyPrint): {_figures(ours)}")
        self.stdout.write(f"  WeasyPrint alone on the saved HTML:           {_figures(alone)}")
        self.stdout.write(f"  our overhead: {(ours_median - alone_median) * 1000:+.0f} ms")
        self.stdout.write(f"  with emoji in the project title:              {_figures(emoji)}")
        self.stdout.write(f"    {emoji_ratio:.2f} times the plain title's "
                          f"({emoji_cpu_ratio:.2f} in processor time)")
        self.stdout.write(f"  peak memory (RSS) after our renders: {peak_ours:.0f} MiB; "
                          f"after both: {_peak_rss_mib():.0f} MiB")

    @transaction.atomic
    def _largest_assessment(self, title: str) -> Assessment:
        city, _ = Organisation.objects.get_or_create(
            name="Benchmark city", defaults={"kind": Organisation.Kind.CITY, "country": "FR"}
        )
        project, _created = Project.objects.get_or_create(
            title=title, organisation=city, city=city,
            defaults={"summary": "The largest report the checklist can produce."},
        )
        assessment = project.assessments.first()
        if assessment is None:
            assessment = services.start_assessment(
                project=project, purpose=Assessment.Purpose.PROPOSAL_REVIEW, assessor=city,
                user=None,
            )
            questions = Question.objects.of_version(assessment.version)
            for question in questions:
                services.save_answer(
                    assessment=assessment, question=question, value="no",
                    comment="No evidence of this in the proposal as submitted; the applicant "
                            "was asked to address it in the revised version.",
                    criteria=[], user=None, seen_revision=None,
                )
        return assessment


def _whole_path(assessment: Assessment) -> tuple[float, float, str, bytes]:
    """Seconds on the clock and of processor time to render the report, the HTML, the PDF."""
    started, started_cpu = time.perf_counter(), time.process_time()
    html = reports.assessment_report_html(assessment, language="en", with_names=True)
    pdf = reports.render_pdf(html)
    return time.perf_counter() - started, time.process_time() - started_cpu, html, pdf


def _figures(seconds: list[float]) -> str:
    return (f"median {statistics.median(seconds) * 1000:.0f} ms "
            f"(min {min(seconds) * 1000:.0f}, max {max(seconds) * 1000:.0f})")


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
