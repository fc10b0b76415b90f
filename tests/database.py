"""States of the test database that tests start from (the shipped content; the demo on
top of it), made once per test process and put back in a moment afterwards.

Making them is slow (loaddata looks up every natural key; the demo answers its
assessments through the services), and a test outside a rolled-back transaction leaves
an emptied database behind. On PostgreSQL the rows of every table are saved with COPY
once made, and copied back, with the sequences, for each later test that asks.
Elsewhere (SQLite in `make test-sqlite`) each state is simply made again.
"""

import io
from collections.abc import Callable

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

_saved: dict[str, dict[str, str]] = {}


def made_or_restored(name: str, make: Callable[[], object]) -> None:
    """Bring the database to the state `name`: `make()` it the first time, then restore it."""
    if connection.vendor != "postgresql":
        make()
    elif name in _saved:
        _restore(_saved[name])
    else:
        make()
        _saved[name] = _rows_of_every_table()


def _rows_of_every_table() -> dict[str, str]:
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True):
            copied = io.StringIO()
            cursor.copy_expert(f"COPY {connection.ops.quote_name(table)} TO STDOUT", copied)
            rows[table] = copied.getvalue()
    return rows


def _restore(rows: dict[str, str]) -> None:
    tables = ", ".join(connection.ops.quote_name(table) for table in rows)
    models = apps.get_models(include_auto_created=True)
    # Foreign keys are checked at commit (Django makes them deferrable): any table order.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables}")
        for table, copied in rows.items():
            if copied:
                cursor.copy_expert(f"COPY {connection.ops.quote_name(table)} FROM STDIN",
                                   io.StringIO(copied))
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    # The content types are those saved, with the ids they had then.
    ContentType.objects.clear_cache()
