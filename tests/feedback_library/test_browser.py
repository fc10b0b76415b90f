"""Curation in a real Chromium: the live preview shows what assessors will see."""

import pytest

from tests.browser import ARTIFACTS, log_in
from tests.html import markup_of

pytestmark = pytest.mark.browser


def test_the_live_preview_renders_markdown_and_drops_anything_active(page):
    log_in(page, "curator")
    page.goto("/curation/feedback/new/")
    body = page.get_by_label("Body [en]")

    body.fill("Start with **one** step.\n\n- ask\n- listen\n\n<img src=x onerror=alert(1)>"
              "<script>alert(2)</script>[bad](javascript:alert(3))")

    preview = page.locator(".markdown-preview").first
    preview.locator("strong").wait_for()
    assert preview.locator("li").count() == 2
    html = preview.inner_html()
    assert "<img" not in html and "<script" not in html
    assert "javascript:" not in markup_of(html)
    preview.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "curation-preview.png", full_page=False)
