"""The load test of `make bench`: people answering their assessment from start to end.

Each simulated person logs in (one of the `load<n>` accounts `bench_load_setup` made),
answers the thirty questions one page at a time (a mix of yes, partially and no, reading
the feedback each weak answer draws), then asks for the PDF report, follows its render as
the page's script does until a worker has rendered it, and downloads it. People are spread
over the app servers named in LOAD_SERVERS (comma-separated), as a load balancer would.
"""

import itertools
import os
import re
import time

from locust import HttpUser, between, task

SERVERS = os.environ["LOAD_SERVERS"].split(",")
PASSWORD = "load-test-pass-2021"  # noqa: S105 - the benchmark's throwaway accounts
ANSWERS = ["yes", "partially", "no", "yes", "yes", "partially"]
numbers = itertools.count()


def _token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)


class Person(HttpUser):
    # Reading a page and clicking on: between every two pages a person asks for, far
    # quicker than anyone reads a question (the task waits between its own requests too).
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.number = next(numbers)
        self.server = SERVERS[self.number % len(SERVERS)]
        login = self.client.get(f"{self.server}/accounts/login/", name="login page")
        self.client.post(f"{self.server}/accounts/login/", name="log in", data={
            "username": f"load{self.number}", "password": PASSWORD,
            "csrfmiddlewaretoken": _token(login),
        }, headers={"Referer": f"{self.server}/accounts/login/"})
        home = self.client.get(f"{self.server}/", name="dashboard")
        self.assessment = re.search(r"/assessments/(\d+)/", home.text).group(1)
        self.done = False

    @task
    def answer_everything_then_download_the_report(self):
        if self.done:
            self.wait()
            return
        base = f"{self.server}/assessments/{self.assessment}"
        page = self.client.get(f"{base}/resume/", name="question")
        for turn in range(30):
            code = re.search(r"/questions/([A-Z]\d\.\d)/", page.url)
            if code is None:
                break
            value = ANSWERS[turn % len(ANSWERS)]
            self.wait()
            saved = self.client.post(page.url, name="save answer", data={
                "value": value, "csrfmiddlewaretoken": _token(page),
                "revision": (re.search(r'name="revision" value="(\d*)"', page.text)
                             or [None, ""])[1],
            }, headers={"Referer": page.url})
            # The save redirects to the next question, or after a weak answer (the
            # default choice) to its feedback, whose "Continue" leads on.
            if "/feedback/" in saved.url:
                self.wait()
                onward = re.search(r'href="(/assessments/[^"]+)">Continue', saved.text)
                page = self.client.get(f"{self.server}{onward.group(1)}", name="question")
            else:
                page = saved
        self._download(f"{base}/report.pdf")
        self.done = True

    def _download(self, url):
        """As the page that waits for a report does (report_status.js): its render's state
        a second after asking, then every two seconds; the file once it is ready."""
        waiting = self.client.get(url, name="ask for the report")
        if waiting.status_code == 200:  # rendered already
            return
        state_url = self.server + re.search(r'data-status-url="([^"]+)"', waiting.text).group(1)
        deadline = time.monotonic() + 120
        time.sleep(1)
        while time.monotonic() < deadline:
            state = self.client.get(state_url, name="report state",
                                    headers={"Accept": "application/json"}).json()
            if state["status"] == "ready":
                self.client.get(url, name="download the report")
                return
            if state["status"] == "failed":
                raise RuntimeError("the report failed")
            time.sleep(2)
