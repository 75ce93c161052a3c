"""The upload of a 12-megapixel photo in the desk, and its renditions in the worker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_popular \
    .venv/bin/python bench/upload/run.py [--rounds 5]

An editor's POST of the image form with a 4000 x 3000 JPEG (a phone's photo, 4 to 5 MB) goes
through Django's whole stack in this process (the test client: no network); its answer time
is what the editor waits. The renditions are then made by the task the upload enqueued, run
here by the worker's own code, timed apart: the editor does not wait for them.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp(prefix="newsroom-bench-media-"))


def photo():
    """A 12-megapixel JPEG with a photo's detail (noise), so it encodes like one."""
    from PIL import Image

    picture = Image.effect_noise((4000, 3000), 64).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    from articles.models import Image

    call_command("migrate", verbosity=0)
    user, _created = get_user_model().objects.get_or_create(
        username="bench-redaktur", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    content = photo()
    print(f"photo: 4000 x 3000, {len(content) / 2**20:.1f} MB")
    worker = Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="bench", excluded_queue_names=[],
    )  # fmt: skip
    answers, renditions = [], []
    for _round in range(options.rounds + 1):
        started = time.perf_counter()
        response = client.post(
            "/admin/articles/image/add/",
            {
                "file": SimpleUploadedFile("foto.jpg", content, content_type="image/jpeg"),
                "alt_text": "Nelayan menarik jaring di Muara Angke",
                "caption": "",
                "credit": "Redaksi",
            },
        )
        answered = time.perf_counter() - started
        assert response.status_code == 302, response.status_code
        started = time.perf_counter()
        for result in DBTaskResult.objects.ready():
            result.claim("bench")
            worker.run_task(result)
        made = time.perf_counter() - started
        image = Image.objects.latest("pk")
        assert image.renditions, "the task made no renditions"
        if _round:  # the first round warms imports and connections
            answers.append(answered)
            renditions.append(made)
    print(
        f"upload answered: median {statistics.median(answers) * 1000:.0f} ms, "
        f"max {max(answers) * 1000:.0f} ms over {options.rounds}"
    )
    print(
        f"renditions in the worker: median {statistics.median(renditions):.2f} s, "
        f"{len(image.renditions)} widths x 2 formats"
    )


if __name__ == "__main__":
    main()
