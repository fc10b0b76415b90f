"""Real processes for tests past one machine: a PostgreSQL cluster of the test's own, app
servers (gunicorn with the production configuration) and report workers, on loopback."""

import contextlib
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, *, timeout: float, interval: float = 0.2, what: str = "it"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(interval)
    raise AssertionError(f"{what} did not happen within {timeout} s")


class Postgres:
    """A throwaway cluster that the test may stop and start (as `.ci/with-postgres` does,
    but owned by the test, so stopping it touches no other test)."""

    def __init__(self):
        self.bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        self.dir = Path(tempfile.mkdtemp(prefix="checklist-servers-pg-"))
        self.port = free_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        if self.as_postgres:
            shutil.chown(self.dir, "postgres")
        self._run("initdb", "-D", str(self.dir / "data"), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/checklist"

    def _run(self, tool, *args):
        subprocess.run([*self.as_postgres, str(self.bin / tool), *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self):
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c max_connections=100")
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "log"),
                  "-w", "-o", options, "start")

    def stop(self):
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")

    def create_database(self):
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                  "checklist")

    def remove(self):
        subprocess.run([*self.as_postgres, str(self.bin / "pg_ctl"), "-D",
                        str(self.dir / "data"), "-m", "immediate", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


class Processes:
    """App servers and workers started for a test, all stopped at its end."""

    def __init__(self, environment: dict):
        self.environment = {**os.environ, **environment}
        self.started: list[subprocess.Popen] = []
        self.log_dir = Path(tempfile.mkdtemp(prefix="checklist-servers-logs-"))

    def manage(self, *args):
        self.finished(self.manage_started(*args))

    def manage_started(self, *args) -> subprocess.Popen:
        """A management command started, for one that can run beside the next ones."""
        return subprocess.Popen([PYTHON, "manage.py", *args], cwd=BASE, env=self.environment,
                                stdout=subprocess.DEVNULL)

    @staticmethod
    def finished(command: subprocess.Popen):
        if command.wait() != 0:
            raise subprocess.CalledProcessError(command.returncode, command.args)

    def _spawn(self, name, command, extra=None) -> subprocess.Popen:
        log = open(self.log_dir / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            command, cwd=BASE, env={**self.environment, **(extra or {})}, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.started.append(process)
        return process

    def app_servers(self, *names) -> list[str]:
        """App servers started together (each takes a while to load the application),
        returned once every one answers."""
        addresses = {}
        for name in names:
            port = free_port()
            self._spawn(name, [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py",
                               "checklist_site.wsgi"],
                        {"BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1",
                         "GUNICORN_THREADS": "4"})
            addresses[name] = f"http://127.0.0.1:{port}"
        for name, address in addresses.items():
            wait_until(lambda address=address: urllib.request.urlopen(
                f"{address}/healthz", timeout=2).status == 200,
                timeout=60, interval=0.05, what=f"{name} answering")
        return list(addresses.values())

    def worker(self, name) -> subprocess.Popen:
        """A report worker that is started again whenever it exits, as its service would be."""
        loop = (f"while true; do {PYTHON} manage.py db_worker --no-reload --no-startup-delay "
                "--interval 0.2 --max-tasks 50; sleep 0.5; done")
        return self._spawn(name, ["sh", "-c", loop])

    def kill_worker_task(self, worker: subprocess.Popen):
        """Kill the db_worker under a worker's loop (the loop then starts a new one)."""
        found = subprocess.run(["pgrep", "-P", str(worker.pid)], capture_output=True, text=True)
        for pid in found.stdout.split():
            os.kill(int(pid), signal.SIGKILL)

    def stop_all(self):
        for process in self.started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        for process in self.started:
            process.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(f"--- {path.name}\n{path.read_text()[-3000:]}"
                         for path in sorted(self.log_dir.glob("*.log")))


class Browser:
    """A person's browser: cookies, and the CSRF token Django's forms want back."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )

    def request(self, url, data=None, headers=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers={
            "Referer": url, **(headers or {}),
        })
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def token(self) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")

    def get(self, url, **headers):
        return self.request(url, headers=headers)

    def post(self, url, data):
        return self.request(url, {**data, "csrfmiddlewaretoken": self.token()})

    def log_in(self, server, username, password):
        self.get(f"{server}/accounts/login/")
        status, _, _ = self.post(f"{server}/accounts/login/",
                                 {"username": username, "password": password})
        assert status == 302, f"login failed: {status}"

    def json(self, url) -> dict:
        status, body, _ = self.get(url, Accept="application/json")
        assert status == 200, status
        return json.loads(body)


def revision_on(page: bytes) -> str:
    found = re.search(rb'name="revision" value="(\d+)"', page)
    return found.group(1).decode() if found else ""
