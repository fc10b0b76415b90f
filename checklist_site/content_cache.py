"""What pages build from curated content, kept in each process until that content changes.

Every question, feedback and results page read the glossary, the published library and the
latest checklist version, which change only when a curator edits or publishes. Building
them on each request (the glossary's pattern, the practices with their links) took most
of those pages' time. Each value is kept with the stamp of the content it was built from,
and rebuilt when the stamp moves.

The stamp is read with one cheap query, once per request (ContentStampMiddleware holds
it while the view answers; a streamed body, made after, reads it again): for each
curated table its row count, highest id and summed edit counts (and the last change,
where the table has one), and the published checklist versions' count and last
publication. Any edit, workflow move, restore, import, deletion or publication moves
it, whichever server or process made it, so the next request on every server sees the
change: no timer, no message between servers. A shared cache would cost the same query
and an unpickling on every hit.

One case escapes the stamp: `load_content` writing shipped rows whose text changed while
their counts and dates did not (a new release's fixtures). That comes with a deployment,
which restarts the servers; the loader also forgets this process's values.
"""

import threading
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.db import connection

# Per curated table: the columns whose aggregates move on any change to its rows.
_STAMPED = [
    ("feedback_library", "GoodPractice", ("edit_count",), "updated_at"),
    ("feedback_library", "FeedbackEntry", ("edit_count",), "updated_at"),
    ("assessments", "GlossaryTerm", ("edit_count",), None),
]

# A few values are read by nearly every page (the glossary, the library); the others are
# parts of pages, one per address of a public page, one per answer's feedback for a
# project (about 10 KiB each): the least recently read go first.
MAX_VALUES = 1000

_values: OrderedDict = OrderedDict()
_lock = threading.Lock()
# Within one_stamp(): a place for the first stamp read. Outside, None: each read queries.
_held: ContextVar[dict | None] = ContextVar("content_stamp_held", default=None)


def _stamp_query() -> tuple[str, list]:
    # Only names of our own tables and columns go into the text; values are parameters.
    quote = connection.ops.quote_name
    parts = []
    for app_label, model_name, summed, changed in _STAMPED:
        table = quote(apps.get_model(app_label, model_name)._meta.db_table)
        columns = ["COUNT(*)", "MAX(id)", *(f"SUM({quote(name)})" for name in summed)]
        if changed:
            columns.append(f"MAX({quote(changed)})")
        parts.append(f"(SELECT {', '.join(columns)} FROM {table}) AS {quote(model_name)}")  # noqa: S608
    version = apps.get_model("assessments", "ChecklistVersion")
    table = quote(version._meta.db_table)
    parts.append(f"(SELECT COUNT(*), MAX(published_at) FROM {table} WHERE status = %s) AS v")  # noqa: S608
    return "SELECT * FROM " + ", ".join(parts), [version.Status.PUBLISHED]  # noqa: S608


def stamp() -> tuple:
    """Where the curated content stands now; read once per request."""
    held = _held.get()
    if held and "stamp" in held:
        return held["stamp"]
    with connection.cursor() as cursor:
        cursor.execute(*_stamp_query())
        current = tuple(cursor.fetchone())
    if held is not None:
        held["stamp"] = current
    return current


@contextmanager
def one_stamp():
    """Within the block, the stamp is read once: a request's pages ask for it many times.

    Held in a context variable and dropped when the block ends, whatever happens after:
    request signals would hold it as long as a response's body is unread, and a file left
    unread would freeze it for whatever the thread does next."""
    token = _held.set({})
    try:
        yield
    finally:
        _held.reset(token)


def kept(key, build):
    """The value `build()` makes of the curated content, built again only once the content
    has changed. `key` names the value and what else it depends on (the language, the
    address); each key holds the value of the latest content only."""
    current = stamp()
    with _lock:
        held = _values.get(key)
        if held is not None and held[0] == current:
            _values.move_to_end(key)
            return held[1]
    # Built outside the lock: two threads may both build a value, and either is right.
    value = build()
    with _lock:
        _values[key] = (current, value)
        _values.move_to_end(key)
        while len(_values) > MAX_VALUES:
            _values.popitem(last=False)
    return value


# Values of content that never changes once written (a published checklist version's
# questions): kept without a stamp, until forget().
_lasting: dict = {}


def lasting(key, build):
    """The value `build()` makes of content that no edit changes after it is written, kept
    for the life of the process. `key` names the value and the content it was built from."""
    value = _lasting.get(key)
    if value is None:
        # Two threads may both build it; either is right.
        value = _lasting[key] = build()
    return value


def forget() -> None:
    """Drop this process's values (after loading content, and between tests)."""
    with _lock:
        _values.clear()
        _lasting.clear()
