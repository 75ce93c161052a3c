"""The background tasks in tests: the database backend, as in production (tests/settings.py
keeps it), run here by the worker's own code (`db_worker`'s `Worker.run_task`), in the test's
process and transaction. tests/articles/test_rendition_worker.py starts the real `db_worker`
command."""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

WORKER_ID = "tests"


def run_tasks(queue=None):
    """Run every task that is ready (and those they enqueue, once ready); how many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=WORKER_ID,
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        ready = DBTaskResult.objects.ready()
        if queue:
            ready = ready.filter(queue_name=queue)
        result = ready.first()
        if result is None:
            return ran
        result.claim(WORKER_ID)
        worker.run_task(result)
        ran += 1


def waiting(task_path=None):
    """The tasks still to run (ready now or later)."""
    ready = DBTaskResult.objects.filter(status="READY")
    return ready.filter(task_path=task_path) if task_path else ready
