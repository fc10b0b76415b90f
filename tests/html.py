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


def form_actions(content) -> list[str]:
    return [attrs.get("action", "") for name, attrs in parse(content).tags if name == "form"]


def text_of(content) -> str:
    return " ".join(" ".join(parse(content).text).split())


class _Options(HTMLParser):
    """The options of one select, as (label, selected) pairs."""

    def __init__(self, name):
        super().__init__()
        self.name, self.inside, self.options = name, False, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self.inside = attrs.get("name") == self.name
        elif tag == "option" and self.inside:
            self.options.append(["", "selected" in attrs])

    def handle_endtag(self, tag):
        if tag == "select":
            self.inside = False

    def handle_data(self, data):
        if self.inside and self.options:
            self.options[-1][0] += data


def options(content, name: str) -> list[str]:
    """The labels of select `name`, the selected one marked with a star: ['Riverside*']."""
    parser = _Options(name)
    parser.feed(content.decode() if isinstance(content, bytes) else content)
    return [label.strip() + ("*" if selected else "") for label, selected in parser.options]


def checked(content, name: str) -> list[str]:
    """The values of the checked radio buttons or boxes named `name`."""
    return [
        attrs.get("value", "") for tag, attrs in parse(content).tags
        if tag == "input" and attrs.get("name") == name and "checked" in attrs
    ]


def markup_of(content) -> str:
    """The tags of escaped or sanitised HTML, without its text.

    A "<" in such text is escaped, so every <...> is a real tag: what is active lives
    here, while a refused link such as "[x](javascript:...)" stays harmless text.
    """
    text = content.decode() if isinstance(content, bytes) else content
    return " ".join(re.findall(r"<[^>]*>", text))


class _ByLanguage(HTMLParser):
    """The text of a page, by the language its nearest `lang` attribute gives it."""

    VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[str | None] = []
        self.texts: dict[str | None, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(dict(attrs).get("lang") or self.language)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    @property
    def language(self):
        return self.stack[-1] if self.stack else None

    def handle_data(self, data):
        self.texts.setdefault(self.language, []).append(data)


def text_in(content, language: str) -> str:
    """The text of `content` that its markup says is in `language`."""
    parser = _ByLanguage()
    parser.feed(content.decode() if isinstance(content, bytes) else content)
    return " ".join(" ".join(parser.texts.get(language, [])).split())
