"""Past one machine: two app servers and two report workers on loopback, one PostgreSQL.

Each server holds no state of its own: a person logged in through one continues on the
other; a report asked for on one is rendered by whichever worker takes it and served by
the other; a worker killed in the middle of a render loses no report; PostgreSQL stopped
for a few seconds loses no acknowledged save, and every process recovers by itself.
"""

import subprocess
import threading
import time
from tempfile import mkdtemp

import psycopg2
import pytest

from assessments.demo import DEMO_PASSWORD
from tests.servers import BASE, PYTHON, Browser, Postgres, Processes, revision_on, wait_until

# Both tests share the servers' setup: one worker of pytest-xdist runs them, first of all
# (tests/conftest.py), so that the other worker does not wait for them at the end.
pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def site():
    postgres = Postgres()
    postgres.start()
    postgres.create_database()
    processes = Processes({
        "DATABASE_URL": postgres.url, "DEBUG": "0", "SECRET_KEY": "two-servers-test",
        "SECURE_COOKIES": "0", "ALLOWED_HOSTS": "127.0.0.1",
        "REPORTS_DIR": mkdtemp(prefix="checklist-servers-reports-"),
        "REPORT_RENDER_SECONDS": "30", "LOG_LEVEL": "WARNING",
    })
    try:
        # Static files need no database: collected while the database is made.
        collecting = processes.manage_started("collectstatic", "--noinput", "-v0")
        processes.manage("migrate", "--noinput", "-v0")
        processes.manage("createcachetable")
        processes.environment["DEBUG"] = "1"  # the demo is refused in production
        processes.manage("setup_demo")
        processes.environment["DEBUG"] = "0"
        processes.finished(collecting)
        yield postgres, processes
    except BaseException:
        print(processes.logs())  # what the servers said, for whoever reads the failure
        raise
    finally:
        processes.stop_all()
        postgres.remove()


def _query(postgres, sql, *params):
    with psycopg2.connect(postgres.url) as connection, connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _assessment(postgres, title, purpose="proposal_review") -> int:
    [(pk,)] = _query(postgres, """
        SELECT a.id FROM assessments_assessment a JOIN assessments_project p
        ON p.id = a.project_id WHERE p.title = %s AND a.purpose = %s""", title, purpose)
    return pk


def _until_ready(browser, server, path, timeout=180):
    wait_until(lambda: browser.json(f"{server}{path}")["status"] == "ready",
               timeout=timeout, interval=0.2, what=f"{path} ready")


def test_two_servers_and_two_workers_share_all_and_recover_by_themselves(site):
    postgres, processes = site
    workers = [processes.worker("worker-1"), processes.worker("worker-2")]
    web_a, web_b = processes.app_servers("web-a", "web-b")
    person = Browser()

    # Logged in through one server, the person goes on through the other.
    person.log_in(web_a, "coordinator", DEMO_PASSWORD)
    status, page, _ = person.get(f"{web_b}/")
    assert status == 200 and b"Welcome, Aoife Brennan" in page

    # A report asked for on one server is rendered by a worker and served by the other.
    cafes = f"/assessments/{_assessment(postgres, 'Library language cafés')}/report.pdf"
    assert person.get(f"{web_a}{cafes}")[0] == 202
    _until_ready(person, web_b, cafes)
    status, pdf, headers = person.get(f"{web_b}{cafes}")
    assert (status, headers["Content-Type"], pdf[:5]) == (200, "application/pdf", b"%PDF-")

    # A worker killed in the middle of a render loses no report: it is queued again.
    allotments = _assessment(postgres, "Shared allotments on the Eastbank estate")
    path = f"/assessments/{allotments}/report.pdf"
    person.get(f"{web_a}{path}")
    wait_until(lambda: _query(postgres, "SELECT count(*) FROM assessments_renderedreport "
                                        "WHERE status = 'rendering'")[0][0] == 1,
               timeout=30, interval=0.05, what="a render starting")
    for worker in workers:
        processes.kill_worker_task(worker)
    # Its time limit and the margin after it pass (the start moved back, not waited out).
    _query(postgres, "UPDATE assessments_renderedreport SET started_at = started_at - "
                     "interval '1 hour' WHERE status = 'rendering' RETURNING id")
    _until_ready(person, web_b, path)
    [(status, attempts)] = _query(
        postgres, "SELECT status, attempts FROM assessments_renderedreport WHERE spec->>"
                  "'assessment' = %s", str(allotments))
    assert (status, attempts) == ("ready", 2)

    # PostgreSQL stopped for a few seconds: no acknowledged save is lost.
    kitchen = _assessment(postgres, "Neighbourhood kitchen nights")
    acknowledged = _save_answers_while(
        person, [web_a, web_b], kitchen,
        during=lambda: (postgres.stop(), time.sleep(3), postgres.start()),
    )
    assert acknowledged, "no save went through"
    stored = dict(_query(postgres, """
        SELECT q.code, a.value FROM assessments_answer a JOIN assessments_question q
        ON q.id = a.question_id WHERE a.assessment_id = %s""", kitchen))
    assert {code: stored.get(code) for code in acknowledged} == acknowledged

    # Every process came back by itself: both servers answer, and a worker renders.
    for server in (web_a, web_b):
        wait_until(lambda server=server: person.get(f"{server}/healthz")[0] == 200,
                   timeout=30, what=f"{server} recovering")
    walks = f"/assessments/{_assessment(postgres, 'Welcome walks for new residents')}/report.pdf"
    person.get(f"{web_b}{walks}")
    _until_ready(person, web_a, walks)


ANSWERS = ["yes", "partially", "no"]
QUESTIONS = ["D1.1", "D1.2", "D2.1", "D2.2", "E1.1", "E1.2"]


def _save_answers_while(person, servers, assessment, *, during) -> dict:
    """Save answers in turn through both servers while `during()` runs, and a little
    before and after; return the last answer each question was acknowledged with."""
    acknowledged: dict[str, str] = {}
    stop = threading.Event()

    def save():
        turn = 0
        while not stop.is_set():
            server, code = servers[turn % 2], QUESTIONS[turn % len(QUESTIONS)]
            value = ANSWERS[turn % len(ANSWERS)]
            url = f"{server}/assessments/{assessment}/questions/{code}/"
            turn += 1
            status, page, _ = person.get(url)
            if status != 200:
                time.sleep(0.2)
                continue
            status, _, _ = person.post(url, {"value": value, "revision": revision_on(page)})
            if status == 302:  # saved: the server said so
                acknowledged[code] = value

    saver = threading.Thread(target=save)
    saver.start()
    time.sleep(2)
    during()
    time.sleep(4)
    stop.set()
    saver.join(timeout=60)
    return acknowledged


def test_a_backup_is_checked_by_restoring_it_with_every_row(site, tmp_path):
    postgres, processes = site

    checked = subprocess.run(
        [PYTHON, "manage.py", "backup_database", "--folder", str(tmp_path)],
        cwd=BASE, env=processes.environment, capture_output=True, text=True, check=False,
    )

    assert checked.returncode == 0, checked.stderr
    assert "Restore checked: the" in checked.stdout
    [dump] = tmp_path.glob("checklist-*.dump")
    assert dump.stat().st_size > 10_000
    assert not _query(postgres, "SELECT datname FROM pg_database WHERE datname LIKE "
                                "'restore_check_%%'")
