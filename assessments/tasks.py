"""Work done by workers off the request (`manage.py db_worker`)."""

from django_tasks import task

from . import report_requests


@task()
def render_report(report_id: int) -> None:
    report_requests.render_requested(report_id)
