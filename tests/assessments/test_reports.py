"""The PDF report: what a city attaches to a funding decision, and nothing it must not hold."""

import io
import re
import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments import group, reports
from assessments.models import Answer, Question, RenderedReport, ScoreBand
from feedback_library.models import FeedbackEntry
from tests.factories import (
    AssessmentFactory,
    UserFactory,
    answer_all,
    answer_alone,
    in_group_mode,
)
from tests.html import options, text_of

pytestmark = pytest.mark.django_db

CODES = [f"{p}{i}.{n}" for p in "DEI" for i in range(1, 6) for n in (1, 2)]


def _pdf(response) -> PdfReader:
    return PdfReader(io.BytesIO(response.getvalue()))


def _text(reader: PdfReader) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _pictures_drawn(page) -> int:
    """How many raster pictures the page draws (each colour emoji is one)."""
    xobjects = page["/Resources"].get("/XObject") or {}
    drawn = []

    def visit(operator, operands, *matrices):
        if operator == b"Do" and xobjects[operands[0]].get_object()["/Subtype"] == "/Image":
            drawn.append(operands[0])

    page.extract_text(visitor_operand_before=visit)
    return len(drawn)


def _forget_rendered_reports():
    """As after a deploy: every report must be rendered anew (the rows stay, and with
    them the render limit's count)."""
    for report in RenderedReport.objects.all():
        RenderedReport.objects.filter(pk=report.pk).update(key=f"forgotten:{uuid.uuid4()}")


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.coordinator)
    return client


@pytest.fixture
def clock(monkeypatch):
    """The time the render limit reads, moved by the test (`clock.seconds = 61`), from a
    start one second before a minute turns."""
    start = timezone.now().replace(second=59, microsecond=0)
    clock = SimpleNamespace(seconds=0)
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(seconds=clock.seconds))
    return clock


@pytest.fixture
def quick_renders(monkeypatch):
    """Renders that skip WeasyPrint: the render limit counts renders, whatever they hold."""
    monkeypatch.setattr(reports, "render_pdf", lambda html: b"%PDF-1.7 rendered")


@pytest.fixture
def renders(monkeypatch):
    """Counts the PDFs actually rendered, and keeps the fetchers they used."""
    # The stylesheet is parsed with a fetcher of its own, once per process: parsed before
    # counting, so that the first test of a process to render counts renders only.
    reports._stylesheet()
    fetchers = []

    class RecordingFetcher(reports.AssetsOnlyFetcher):
        def __init__(self):
            super().__init__()
            fetchers.append(self)

    monkeypatch.setattr(reports, "AssetsOnlyFetcher", RecordingFetcher)
    return fetchers


def test_the_report_is_a_pdf_with_a_sensible_name(coordinator, world, quick_renders, download):
    answer_all(world.review, ["yes", "no", "partially"], user=world.coordinator)

    response = download(coordinator, reverse("assessment-report", args=[world.review.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert re.fullmatch(
        r'attachment; filename="kitchen-nights-proposal-review-\d{4}-\d{2}-\d{2}\.pdf"',
        response["Content-Disposition"],
    )


def test_the_report_holds_every_answer_its_feedback_bookmarks_and_metadata(
    coordinator, world, download
):
    answer_all(world.review, ["yes", "no", "partially"], user=world.coordinator)
    ScoreBand.objects.create(city=world.city, label="Promising", min_percentage=40)

    reader = _pdf(download(coordinator, reverse("assessment-report", args=[world.review.pk])))

    assert 10 <= len(reader.pages) <= 40
    text = _text(reader)
    assert "Kitchen nights" in text
    for code in CODES:
        assert code in text
    assert "Proposal review" in text
    assert "Checklist version" in text and "2021.1" in text
    assert "Score band: Promising (set by Riverside)" in text
    assert "The three weakest indicators" in text
    assert "RECOMMENDATION" in text and "GOOD PRACTICES" in text
    assert f"Page 1 of {len(reader.pages)}" in text
    assert [item.title for item in reader.outline] == [
        "Summary", "Diversity", "Equality", "Interaction", "Glossary",
    ]
    assert reader.metadata.title == "Kitchen nights · Proposal review"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_each_good_practice_in_the_report_says_why_it_is_shown(world):
    answer_all(world.review, ["no"], user=world.coordinator)

    text = text_of(reports.assessment_report_html(world.review, language="en", with_names=True))

    assert "Shown because: written for E2.1" in text
    assert text.count("Shown because:") == 3 * 30  # each of the three shown per answer


def test_a_draft_is_marked_draft_on_every_page_and_a_submitted_one_is_not(
    coordinator, world, download
):
    answer_all(world.review, ["yes"], user=world.coordinator)  # a short report is enough
    url = reverse("assessment-report", args=[world.review.pk])

    draft = _pdf(download(coordinator, url))

    assert all("DRAFT" in page.extract_text() for page in draft.pages)
    coordinator.post(reverse("assessment-submit", args=[world.review.pk]))
    submitted = _pdf(download(coordinator, url))
    assert not any("DRAFT" in page.extract_text() for page in submitted.pages)


HEADING_TAGS = {"h1", "h2", "h3", "h4"}


def _is_heading(box) -> bool:
    classes = (box.element.get("class") or "").split() if box.element is not None else []
    return box.element_tag in HEADING_TAGS or "entry-kind" in classes


def _stranded_headings(document) -> list[str]:
    """Headings that end their page: nothing of the content below them on the same page."""
    stranded = []
    for number, page in enumerate(document.pages, start=1):
        blocks = [
            box for box in page._page_box.descendants()
            if box.element is not None and box.is_in_normal_flow() and box.height
            and getattr(box, "children", None) is not None
        ]
        for heading in filter(_is_heading, blocks):
            bottom = heading.position_y + heading.margin_height()
            if not any(box.position_y >= bottom - 1 for box in blocks if not _is_heading(box)):
                text = "".join(heading.element.itertext()).strip()
                stranded.append(f"page {number}: {text}")
    return stranded


def test_the_report_is_built_in_the_same_number_of_queries_whatever_the_answers(
    world, django_assert_num_queries, django_assert_max_num_queries
):
    answer_all(world.review, ["no"], user=world.coordinator)
    world.review.answers.exclude(question__code="D1.1").delete()
    # What is kept between requests (checklist, glossary, library) is built first.
    reports.assessment_report_html(world.review, language="en", with_names=True)
    with django_assert_max_num_queries(20) as few:
        reports.assessment_report_html(world.review, language="en", with_names=True)

    answer_all(world.review, ["no", "partially"], user=world.coordinator)

    with django_assert_num_queries(len(few.captured_queries)):
        reports.assessment_report_html(world.review, language="en", with_names=True)


def test_a_report_with_the_spread_takes_as_many_queries_whatever_the_team(
    world, django_assert_num_queries, django_assert_max_num_queries
):
    small = in_group_mode(world.review)
    answer_alone(small, world.team_member, ["no"], skip=CODES[1:])
    larger = in_group_mode(AssessmentFactory(project=world.project, assessor=world.city))
    for number in range(6):
        member = UserFactory(username=f"member{number}")
        answer_alone(larger, member, ["yes", "partially", "no"][number % 3:])
    for assessment in (small, larger):
        group.open_round(assessment, user=world.coordinator)
    group.settle_agreed(larger, user=world.coordinator)
    question = Question.objects.get(indicator__pillar__version=small.version, code="D1.1")
    group.settle(assessment=small, question=question, value="no", comment="", criteria=[],
                 reason="", user=world.coordinator, seen_revision=None)
    reports.assessment_report_html(small, language="en", with_names=True)  # content read once
    with django_assert_max_num_queries(25) as few:
        reports.assessment_report_html(small, language="en", with_names=True)

    with django_assert_num_queries(len(few.captured_queries)):
        html = reports.assessment_report_html(larger, language="en", with_names=True)

    assert "6 people first answered alone" in text_of(html)


def test_no_heading_is_left_alone_at_the_foot_of_a_page(world):
    answer_all(world.review, ["no"], user=world.coordinator)  # the longest report
    html = reports.assessment_report_html(world.review, language="en", with_names=True)

    document = reports.lay_out(html)

    assert len(document.pages) > 30
    assert _stranded_headings(document) == []


def test_a_second_download_renders_nothing_until_the_assessment_changes(
    coordinator, world, renders, download
):
    answer_all(world.review, ["yes"], user=world.coordinator)
    url = reverse("assessment-report", args=[world.review.pk])

    first = download(coordinator, url).getvalue()
    second = download(coordinator, url).getvalue()

    assert len(renders) == 1
    assert first == second
    coordinator.post(reverse("assessment-question", args=[world.review.pk, "D1.1"]),
                     {"value": "no", "revision": 1})
    download(coordinator, url)
    assert len(renders) == 2


def test_too_many_renders_in_a_minute_get_a_clear_message(
    coordinator, world, settings, clock, quick_renders, download
):
    settings.REPORTS_PER_MINUTE = 2
    answer_all(world.review, ["yes"], user=world.coordinator)
    url = reverse("assessment-report", args=[world.review.pk])
    question = reverse("assessment-question", args=[world.review.pk, "D1.1"])

    assert download(coordinator, url).status_code == 200  # hh:mm:59
    clock.seconds = 1  # the next minute: renders still count within 60 seconds
    coordinator.post(question, {"value": "no", "revision": 1})
    assert download(coordinator, url).status_code == 200
    assert download(coordinator, url).status_code == 200  # already rendered: not counted
    clock.seconds = 2
    coordinator.post(question, {"value": "partially", "revision": 2})
    refused = download(coordinator, url)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "58"
    assert "reports built in the last minute" in refused.content.decode()


def test_renders_older_than_a_minute_no_longer_count(
    coordinator, world, settings, clock, quick_renders, download
):
    settings.REPORTS_PER_MINUTE = 2
    url = reverse("assessment-report", args=[world.review.pk])

    statuses = {}
    for seconds in (0, 30, 59, 60.5, 61, 90.5):
        clock.seconds = seconds
        _forget_rendered_reports()
        statuses[seconds] = download(coordinator, url).status_code

    assert statuses == {
        0: 200, 30: 200,
        59: 429,  # two in the last 60 s; this refusal is not counted
        60.5: 200,  # the render at 0 is now more than a minute old
        61: 429,
        90.5: 200,  # the one at 30 is out of the window
    }


def test_anonymous_visitors_are_counted_by_their_address(
    client, settings, clock, quick_renders, download
):
    settings.REPORTS_PER_MINUTE = 1
    url = reverse("blank-checklist", args=["2021.1"])

    assert download(client, url, REMOTE_ADDR="203.0.113.7").status_code == 200
    _forget_rendered_reports()
    assert download(client, url, REMOTE_ADDR="198.51.100.20").status_code == 200
    _forget_rendered_reports()
    assert download(client, url, REMOTE_ADDR="203.0.113.7").status_code == 429


def test_emoji_in_the_project_title_are_drawn_on_the_cover_not_on_every_page(
    coordinator, world, download
):
    world.project.title = "Kitchen nights 🍲🌍🤝🏽"
    world.project.save(update_fields=["title"])
    answer_all(world.review, ["yes"], user=world.coordinator)

    reader = _pdf(download(coordinator, reverse("assessment-report", args=[world.review.pk])))

    drawn = [_pictures_drawn(page) for page in reader.pages]
    assert drawn[0]  # the cover title keeps its emoji
    assert not any(drawn[1:])
    assert all("Kitchen nights" in page.extract_text() for page in reader.pages[1:])
    assert reader.metadata.title == "Kitchen nights 🍲🌍🤝🏽 · Proposal review"


@pytest.mark.parametrize(("title", "in_the_running_header"), [
    ("Kitchen nights 🍲🌍🤝🏽", "Kitchen nights"),
    ("👩‍👩‍👧 family day 🏳️‍🌈 🇺🇦 🏴󠁧󠁢󠁳󠁣󠁴󠁿", "family day"),  # joined, flags
    ("I ❤️ Leeds, ☕ at 1️⃣", "I Leeds, at"),  # emoji style asked for; keycap
    ("© ™ ❤ → ★ ☑ café", "© ™ ❤ → ★ ☑ café"),  # symbols the text font draws
    ("Проєкт İstanbul क्\u200dष", "Проєкт İstanbul क्\u200dष"),  # a joiner inside a word
    ("🍲🌍", ""),
])
def test_the_running_header_leaves_out_emoji_only(title, in_the_running_header):
    assert reports.without_emoji(title) == in_the_running_header


def test_comments_in_many_scripts_render_in_the_report(coordinator, world, download):
    answer_all(world.review, ["yes"], user=world.coordinator)
    Answer.objects.filter(question__code="D1.1").update(
        comment="Проєкт для всіх. Güzel İstanbul ağacı. Καλημέρα σας. 🌍🤝🏽 ✨"  # noqa: RUF001
    )

    text = _text(_pdf(download(coordinator, reverse("assessment-report", args=[world.review.pk]))))

    for word in ("Проєкт", "İstanbul", "ağacı", "Καλημέρα"):  # noqa: RUF001
        assert word in text


@pytest.mark.parametrize("label", ["2021.1", "2021.2"])
def test_the_blank_checklist_is_for_anyone_with_every_question_and_criterion(client, label,
                                                                             download):
    response = download(client, reverse("blank-checklist", args=[label]))

    assert response["Content-Type"] == "application/pdf"
    text = _text(_pdf(response))
    for code in CODES:
        assert code in text
    assert text.count("This is the case if:") == 30
    assert f"Checklist version {label}" in text
    # The version's own wording of a question 2021.2 revised.
    assert Question.objects.get(indicator__pillar__version__label=label, code="I2.1").text in text
    assert client.get(reverse("blank-checklist", args=["1999.1"])).status_code == 404


# The language asked for, and tags for assistive technology ------------------------------

def _structure(reader: PdfReader) -> list:
    """The structure elements of a tagged PDF, in reading order."""
    elements = []

    def visit(node):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                visit(child)
        elif isinstance(node, dict) and "/S" in node:
            elements.append(node)
            if "/K" in node:
                visit(node["/K"])

    visit(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return elements


def _marked_text(reader: PdfReader) -> dict[tuple[int, int], str]:
    """The text drawn inside each marked-content sequence, by (page object, MCID)."""
    texts: dict[tuple[int, int], str] = {}
    for page in reader.pages:
        texts.update(_marked_text_of(page))
    return texts


def _marked_text_of(page) -> dict[tuple[int, int], str]:
    texts: dict[tuple[int, int], str] = {}
    open_ids: list[int | None] = []

    def operator(name, operands, *matrices):
        if name == b"BDC":
            open_ids.append(operands[1].get("/MCID") if len(operands) > 1 else None)
        elif name == b"BMC":
            open_ids.append(None)
        elif name == b"EMC":
            open_ids.pop()

    def text(value, *state):
        mcid = next((mcid for mcid in reversed(open_ids) if mcid is not None), None)
        if mcid is not None:
            key = (page.indirect_reference.idnum, mcid)
            texts[key] = texts.get(key, "") + value

    page.extract_text(visitor_operand_before=operator, visitor_text=text)
    return texts


def _text_tagged(reader: PdfReader, language: str) -> str:
    """The text of the structure elements whose /Lang is `language`."""
    drawn = _marked_text(reader)

    def page_of(node, page):
        return node["/Pg"].indirect_reference.idnum if "/Pg" in node else page

    def contents(node, page):
        node = node.get_object()
        if isinstance(node, int):
            return drawn.get((page, node), "")
        if isinstance(node, list):
            return " ".join(contents(child, page) for child in node)
        if "/MCID" in node:
            return drawn.get((page_of(node, page), node["/MCID"]), "")
        return contents(node["/K"], page_of(node, page)) if "/K" in node else ""

    return " ".join(" ".join(
        contents(element, None) for element in _structure(reader)
        if element.get("/Lang") == language
    ).split())


def test_the_report_asked_for_in_french_is_french_tagged_and_marks_what_fell_back_to_english(
    coordinator, world, download, catalogues
):
    catalogues("fr", {"Proposal review": "Examen de la proposition"})
    # A short report (five weak answers of thirty): what is tested is how it is tagged.
    answer_all(world.review, ["no", "yes", "yes", "yes", "yes", "yes"], user=world.coordinator)
    question = Question.objects.get(indicator__pillar__version=world.review.version,
                                    code="D1.1")
    Question.objects.filter(pk=question.pk).update(text_fr="")  # its translation missing

    response = download(coordinator, reverse("assessment-report", args=[world.review.pk]),
                        {"lang": "fr"})  # from an English page

    assert re.fullmatch(r'attachment; filename="kitchen-nights-examen-de-la-proposition-'
                        r'\d{4}-\d{2}-\d{2}\.pdf"', response["Content-Disposition"])
    reader = _pdf(response)
    catalogue = reader.trailer["/Root"]
    assert catalogue["/Lang"] == "fr"
    assert catalogue["/MarkInfo"]["/Marked"]
    assert 'pdfuaid:part="1"' in catalogue["/Metadata"].get_object().get_data().decode()
    elements = _structure(reader)
    assert {"/H1", "/H2", "/P", "/L", "/LI"} <= {element["/S"] for element in elements}
    [chart] = [element for element in elements if element["/S"] == "/Figure"]
    assert chart["/Alt"] == "Scores by pillar and indicator"
    assert _text_tagged(reader, "en") == " ".join(question.text_en.split())
    assert "Examen de la proposition" in _text(reader)


def test_a_document_in_a_language_the_site_does_not_offer_is_not_found(coordinator, world):
    for url in (reverse("assessment-report", args=[world.review.pk]),
                reverse("blank-checklist", args=["2021.2"])):
        response = coordinator.get(url, {"lang": "xx"})

        assert response.status_code == 404
    assert not RenderedReport.objects.exists()


def test_the_results_page_offers_the_documents_in_each_language_its_own_first(
    client, world
):
    client.force_login(world.coordinator)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})

    page = client.get(reverse("assessment-results", args=[world.review.pk]))

    assert options(page.content, "lang") == ["English", "Français*"]


# Nothing outside the report assets, ever ---------------------------------------------

HOSTILE = """
<link rel="attachment" href="file:///etc/passwd" title="passwd">
<img src="file:///etc/passwd">
<img src="{assets}/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd">
<link rel="stylesheet" href="http://127.0.0.1:1/steal.css">
<style>@import url("file:///etc/passwd"); @import url("https://example.org/x.css");</style>
<img src="https://example.org/pixel.png">
"""


def _hostile(assets_url):
    return HOSTILE.format(assets=assets_url)


def test_the_fetcher_serves_assets_and_data_urls_only(tmp_path, monkeypatch):
    monkeypatch.setattr(reports, "ASSETS_DIR", tmp_path / "assets")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("secret")
    (tmp_path / "assets" / "link.txt").symlink_to(tmp_path / "secret.txt")
    fetcher = reports.AssetsOnlyFetcher()
    assets = (tmp_path / "assets").as_uri()

    assert fetcher.fetch(f"{assets}/logo.svg").read() == b"<svg/>"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    for url in [
        "file:///etc/passwd",
        f"{assets}/%2e%2e/secret.txt",
        f"{assets}/../secret.txt",
        f"{assets}/link.txt",  # a symlink inside the folder pointing outside
        "file://otherhost/etc/passwd",
        "http://127.0.0.1:1/",
        "https://example.org/",
        "ftp://example.org/file",
    ]:
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 8


def test_hostile_html_fetches_nothing_outside_the_assets_and_attaches_nothing():
    fetcher = reports.AssetsOnlyFetcher()
    hostile = _hostile(reports.ASSETS_DIR.as_uri())
    html = f"<html lang='en'><body><p>Report</p>{hostile}</body></html>"

    pdf = PdfReader(io.BytesIO(reports.render_pdf(html, fetcher=fetcher)))

    assert set(fetcher.requested) == set(fetcher.refused)
    assert "file:///etc/passwd" in fetcher.refused
    assert "http://127.0.0.1:1/steal.css" in fetcher.refused
    assert any("%2e%2e" in url for url in fetcher.refused)
    assert not pdf.attachments
    assert "root:" not in _text(pdf)


def test_hostile_comments_and_library_entries_reach_the_pdf_as_harmless_text(
    coordinator, world, renders, download
):
    answer_all(world.review, ["no"] + ["yes"] * 29, user=world.coordinator)  # D1.1: no
    hostile = _hostile(reports.ASSETS_DIR.as_uri())
    Answer.objects.filter(question__code="D1.1").update(comment=hostile)
    FeedbackEntry.objects.filter(question__code="D1.1", applies_to="no").update(
        body=f"Read this.\n\n{hostile}\n\n<script>alert(1)</script>"
    )

    reader = _pdf(download(coordinator, reverse("assessment-report", args=[world.review.pk])))

    [fetcher] = renders
    outside = [url for url in fetcher.requested
               if not url.startswith(reports.ASSETS_DIR.as_uri())]
    assert outside == []
    assert not reader.attachments
    text = _text(reader)
    assert "root:" not in text
    assert "alert(1)" not in text
    assert 'rel="attachment" href="file:///etc/passwd"' in text  # the comment, as text
