"""Library Markdown is rendered then cleaned against an allow-list: nothing active survives."""

import re

import pytest

from checklist_site.markdown import render_markdown
from tests.html import markup_of

# Hostile inputs gathered from the usual XSS cheat sheets, in Markdown and raw HTML.
HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"javascript:alert(1)\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">click</a>",
    "<a href=\"java&#x09;script:alert(1)\">click</a>",
    "<a href=\"&#106;avascript:alert(1)\">click</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "[click](vbscript:msgbox)",
    "![x](javascript:alert(1))",
    "![x](https://evil.example/pixel.png)",
    "![x](file:///etc/passwd)",
    "<a href=\"https://ok.example\" onclick=\"alert(1)\">ok</a>",
    "<a href=\"https://ok.example\" onmouseover=alert(1)>ok</a>",
    "<p style=\"background:url(javascript:alert(1))\">x</p>",
    "<div style=\"width: expression(alert(1))\">x</div>",
    "<style>body{background:url('javascript:alert(1)')}</style>",
    "<style>@import 'https://evil.example/x.css';</style>",
    "<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">",
    "<link rel=\"attachment\" href=\"file:///etc/passwd\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"https://evil.example/\">",
    "<form action=\"https://evil.example\"><input name=x></form>",
    "<input autofocus onfocus=alert(1)>",
    "<button formaction=javascript:alert(1)>x</button>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<template><script>alert(1)</script></template>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<a href=\"https://ok.example\" target=\"_blank\">ok</a>",
    "<a href=\"https://ok.example\" rel=\"opener\">ok</a>",
    "<p id=\"x\" class=\"admin-only\" data-x=\"1\">x</p>",
    "<h1>Not a second page heading</h1>",
    "<table><tr><td onclick=alert(1)>x</td></tr></table>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<x onclick=alert(1)>x</x>",
    "\"><script>alert(1)</script>",
    "`<script>alert(1)</script>`",
    "    <script>alert(1)</script>",
    "*emphasis* <span onmouseover=\"alert(1)\">hover</span>",
    "[ok](https://ok.example \"title\" onclick=alert(1))",
    "<a href=\"//evil.example\">protocol-relative</a>",
]

ACTIVE = re.compile(
    r"<\s*(script|style|iframe|object|embed|img|svg|link|meta|base|form|input|button|video|"
    r"audio|source|math|template|body|marquee|details|table|h1|x)\b"
    r"|\son\w+\s*=|\sstyle\s*=|javascript:|vbscript:|data:text|\s(id|class|target|src)\s*=",
    re.IGNORECASE,
)


def test_the_corpus_holds_at_least_fifty_hostile_inputs():
    assert len(HOSTILE) >= 50


@pytest.mark.parametrize("text", HOSTILE)
def test_nothing_active_survives(text):
    html = render_markdown(text)

    assert not ACTIVE.search(markup_of(html)), html


@pytest.mark.parametrize("text", HOSTILE)
def test_every_link_that_survives_is_http_or_mailto_and_opens_safely(text):
    html = render_markdown(text)

    for tag in re.findall(r"<a\b[^>]*>", html):
        href = re.search(r'href="([^"]*)"', tag)
        if href:
            assert href.group(1).startswith(("http://", "https://", "mailto:")), tag
        assert 'rel="noopener noreferrer"' in tag


def test_ordinary_markdown_keeps_its_shape():
    html = render_markdown(
        "A **bold** and *light* start.\n\n- one\n- [two](https://example.org)\n\n### Steps"
    )

    assert "<strong>bold</strong>" in html
    assert "<em>light</em>" in html
    assert "<ul>" in html and "<li>one</li>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">two</a>' in html
    assert "<h3>Steps</h3>" in html


@pytest.mark.parametrize("text", ["[" * 50000, "*" * 100000 + "[" * 50000])
def test_texts_that_stalled_the_old_parser_render_as_plain_text(text):
    # Python-Markdown took time growing with the square of such texts: "[" * 8000 took
    # 15 s, these ran past the worker's timeout. CommonMark's parser reads them at once.
    assert render_markdown(text) == f"<p>{text}</p>"
