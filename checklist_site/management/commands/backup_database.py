"""Back up the database with pg_dump, and prove the backup restores.

The dump is taken from a snapshot the command also counts every table in, so the check
holds on a site in use: the dump is restored into a fresh database on the same server and
each table's rows are counted again; any difference fails the command. The dump (custom
format, for `pg_restore`) stays in the folder; the check database is dropped.
"""

import subprocess
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import psycopg2
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg2 import sql

COUNT_TABLES = """
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name
"""


def _counts(cursor) -> dict[str, int]:
    cursor.execute(COUNT_TABLES)
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


class Command(BaseCommand):
    help = "Back up the PostgreSQL database with pg_dump and check that the backup restores."

    def add_arguments(self, parser):
        parser.add_argument("--folder", default="backups", help="Where to keep the dump.")

    def handle(self, *args, folder, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Backups are for PostgreSQL (DATABASE_URL=postgres://...).")
        params = connection.get_connection_params()
        dsn = {key: params[key] for key in ("host", "port", "user", "password", "dbname")
               if params.get(key)}
        environment = {"PGPASSWORD": str(params.get("password") or "")}
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        dump = target / f"checklist-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.dump"
        connect = [f"--host={dsn.get('host', 'localhost')}", f"--port={dsn.get('port', 5432)}",
                   f"--username={dsn.get('user', '')}"]

        with closing(psycopg2.connect(**dsn)) as live:
            live.set_session(isolation_level="REPEATABLE READ")
            with live.cursor() as cursor:
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                subprocess.run(  # noqa: S603 - our own arguments, no shell
                    ["pg_dump", *connect, "--format=custom", "--no-owner",  # noqa: S607
                     f"--snapshot={snapshot}", f"--file={dump}", dsn["dbname"]],
                    check=True, env=environment,
                )
                expected = _counts(cursor)
        self.stdout.write(f"Backed up to {dump} ({dump.stat().st_size} bytes).")

        check = f"restore_check_{datetime.now(UTC):%Y%m%d%H%M%S}"
        admin = psycopg2.connect(**{**dsn, "dbname": "postgres"})
        admin.autocommit = True
        try:
            with admin.cursor() as cursor:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(check)))
            subprocess.run(  # noqa: S603
                ["pg_restore", *connect, "--no-owner", "--exit-on-error",  # noqa: S607
                 f"--dbname={check}", str(dump)],
                check=True, env=environment,
            )
            with closing(psycopg2.connect(**{**dsn, "dbname": check})) as restored, \
                    restored.cursor() as cursor:
                found = _counts(cursor)
        finally:
            with admin.cursor() as cursor:
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(
                    sql.Identifier(check)))
            admin.close()

        differing = sorted(table for table in expected.keys() | found.keys()
                           if expected.get(table) != found.get(table))
        if differing:
            raise CommandError("The restored backup differs in: " + ", ".join(
                f"{table} ({expected.get(table)} rows, restored {found.get(table)})"
                for table in differing))
        self.stdout.write(f"Restore checked: the {len(expected)} tables hold the same rows "
                          f"({sum(expected.values())} in all).")
