"""Background jobs of conferences: a large file of bridge points imported by the worker."""

from django_tasks import task

from trienkhai.conferences.imports import job_work
from trienkhai.core import importjobs


@task()
def run_points_import(job_uid: str):
    importjobs.run(job_uid, job_work)
