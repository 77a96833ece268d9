"""Background jobs of the tree: a large unit file imported by the worker."""

from django_tasks import task

from trienkhai.core import importjobs
from trienkhai.orgs.imports import job_work


@task()
def run_unit_import(job_uid: str):
    importjobs.run(job_uid, job_work)
