"""Reading rendered pages in tests."""

import re
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(content: bytes | str) -> _Collector:
    collector = _Collector()
    collector.feed(content.decode() if isinstance(content, bytes) else content)
    return collector


def count_tags(content, tag: str) -> int:
    return sum(1 for name, _ in parse(content).tags if name == tag)


def links(content) -> list[str]:
    return [attrs.get("href", "") for name, attrs in parse(content).tags if name == "a"]


def text_of(content) -> str:
    return " ".join(" ".join(parse(content).text).split())


def markup_of(content) -> str:
    """The tags of escaped or sanitised HTML, without its text.

    A "<" in such text is escaped, so every <...> is a real tag: what is active lives
    here, while a refused link such as "[x](javascript:...)" stays harmless text.
    """
    text = content.decode() if isinstance(content, bytes) else content
    return " ".join(re.findall(r"<[^>]*>", text))
