"""Background jobs of the exports app, on Django's tasks API (the django-tasks backport):
the database backend keeps them in our own database until `manage.py db_worker` runs
them, so a worker that restarts finds them again."""

from django_tasks import task

from trienkhai.exports import jobs


@task()
def run_export(export_uid: str):
    jobs.run(export_uid)
