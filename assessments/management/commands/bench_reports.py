"""`make bench`: how long the largest report takes to render, and what WeasyPrint alone takes.

The largest report is a fully answered assessment in which every answer is "no" (each
question then draws recommendations, stories and good practices). It is rendered
`--runs` times through our whole path (gathering the results, the template, WeasyPrint
with the stylesheet parsed once), bypassing the report cache. The same HTML, saved to a
file, is then rendered by WeasyPrint alone (parsing the stylesheet each time, as its
command line does). Our own overhead is the difference between the two medians.
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


class Command(BaseCommand):
    help = "Measure PDF report rendering (median time, peak memory) against WeasyPrint alone."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)

    def handle(self, *args, runs, **options):
        assessment = self._largest_assessment()
        out_dir = Path(settings.BASE_DIR) / "var" / "bench"
        out_dir.mkdir(parents=True, exist_ok=True)

        ours = []
        for _ in range(runs):
            started = time.perf_counter()
            html = reports.assessment_report_html(assessment, language="en", with_names=True)
            pdf = reports.render_pdf(html)
            ours.append(time.perf_counter() - started)
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
        self.stdout.write(f"Largest report: {pages} pages, {len(pdf) // 1024} KiB, {runs} runs")
        self.stdout.write(f"  whole path (results + template + WeasyPrint): "
                          f"median {ours_median * 1000:.0f} ms "
                          f"(min {min(ours) * 1000:.0f}, max {max(ours) * 1000:.0f})")
        self.stdout.write(f"  WeasyPrint alone on the saved HTML:           "
                          f"median {alone_median * 1000:.0f} ms "
                          f"(min {min(alone) * 1000:.0f}, max {max(alone) * 1000:.0f})")
        self.stdout.write(f"  our overhead: {(ours_median - alone_median) * 1000:+.0f} ms")
        self.stdout.write(f"  peak memory (RSS) after our renders: {peak_ours:.0f} MiB; "
                          f"after both: {_peak_rss_mib():.0f} MiB")

    @transaction.atomic
    def _largest_assessment(self) -> Assessment:
        city, _ = Organisation.objects.get_or_create(
            name="Benchmark city", defaults={"kind": Organisation.Kind.CITY, "country": "FR"}
        )
        project, _created = Project.objects.get_or_create(
            title="Benchmark: every answer no", organisation=city, city=city,
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


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
