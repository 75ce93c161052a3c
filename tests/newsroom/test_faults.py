"""Faults an operator meets: the database drops the site's connection, an import is killed.

Both run the real programs as subprocesses (gunicorn, `manage.py import_articles`) against
a database the test can see too. bench/faults/run.py restarts the real PostgreSQL and Redis
under load; that is not done here.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing

import psycopg
import pytest
from django.db import connection

from tests.helpers import make_article
from tests.servers import (
    POSTGRESQL,
    ROOT,
    get,
    gunicorn,
    postgresql_url,
    subprocess_env,
    wait_until,
)

needs_postgresql = pytest.mark.skipif(
    not POSTGRESQL,
    reason="SQLite has no server to drop connections; set DATABASE_URL to a PostgreSQL database",
)
CONFIG = str(ROOT / "gunicorn.conf.py")
SITE = "newsroom-fault-test"  # application_name of the server's connection
pytestmark = pytest.mark.slow  # gunicorn and `manage.py` as subprocesses


# The database connection is kept across requests (CONN_MAX_AGE) and health-checked.


def site_backends():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = %s",
            [SITE],
        )
        return [pid for (pid,) in cursor.fetchall()]


@needs_postgresql
def test_pages_keep_coming_after_postgresql_drops_the_sites_connection(transactional_db, tmp_path):
    story = make_article(title="Jembatan Gantung Sukamaju Diresmikan")
    env = subprocess_env(postgresql_url(application_name=SITE), tmp_path, DJANGO_CONN_MAX_AGE="600")
    with gunicorn(env, tmp_path / "gunicorn.log") as base:
        assert story.title in get(base + story.get_absolute_url())[1]
        [before] = site_backends()  # the connection outlived its request

        # As a PostgreSQL restart or failover does to every open connection.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND application_name = %s",
                [SITE],
            )
            assert cursor.fetchall() == [(True,)]
        wait_until(lambda: before not in site_backends(), "the connection closing")

        status, page = get(base + story.get_absolute_url())
        [after] = site_backends()

    log = (tmp_path / "gunicorn.log").read_text()
    assert status == 200, log
    assert story.title in page
    assert after != before  # over a new connection
    assert log.count("Booting worker") == 1  # by the same worker: nothing was restarted


# An import killed midway (SIGKILL: no cleanup of any kind) leaves only whole articles.

ARTICLES = 450
# On PostgreSQL the import is stopped, then killed, inside this article's transaction.
PAUSED = 250
TAGS = ["Banjir", "Pemilu", "Harga Pangan", "Nelayan", "Gempa", "Sekolah", "Kopi", "Jalan Tol"]
AUTHORS = [("Nur Aini", "na"), ("Yusuf Maulana", "ym"), ("Dewi Lestari", "dl")]


def corpus():
    """Records with tags, an author and each kind of “Baca Juga” link (to earlier articles
    only, so an article saved before the kill is complete without the importer's last pass)."""
    records = []
    for number in range(ARTICLES):
        related = [
            {
                "title": f"Laporan Lengkap {number}",
                "url": f"https://data.example.id/laporan/{number}",
                "position": None,
            },
            {"title": "Tautan yang belum diisi", "position": 1},
        ]
        if number:
            earlier = records[number // 2]
            related.insert(0, {"title": earlier["title"], "slug": earlier["slug"], "position": 0})
        name, initials = AUTHORS[number % len(AUTHORS)]
        records.append(
            {
                "title": f"Warga Desa {number} Bergotong Royong",
                "slug": f"warga-desa-{number}",
                "lead": f"Ringkasan berita {number}.",
                # Long enough that sanitizing a batch keeps its transaction open a while.
                "body": "".join(
                    f"<p>Paragraf {line} berita {number}: warga membersihkan saluran air.</p>"
                    for line in range(40)
                ),
                "published_at": f"2020-10-{1 + number % 28:02d}T08:{number % 60:02d}:00+07:00",
                "section": "Daerah",
                "tags": sorted({TAGS[number % len(TAGS)], TAGS[(number * 3 + 1) % len(TAGS)]}),
                "author": {"name": name, "initials": initials},
                "related": related,
            }
        )
    return records


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return path


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        **kwargs,
    )


def exported(env):
    """Every stored article as `export_articles` gives it, by slug."""
    result = manage(env, "export_articles", check=True)
    return {item["slug"]: item for item in map(json.loads, result.stdout.splitlines())}


def content(item):
    """What a reader and an editor see of an article: text, tags, byline, “Baca Juga” links."""
    author = item.get("author") or {}
    return {
        "title": item["title"],
        "body": item["body"],
        "tags": sorted(item["tags"]),
        "author": (author.get("name"), author.get("initials")),
        "related": [(link["title"], link.get("slug"), link.get("url")) for link in item["related"]],
    }


@pytest.fixture
def import_env(transactional_db, tmp_path):
    """Settings for `manage.py` subprocesses, on a database this test can read as well:
    pytest-django's on PostgreSQL, committed to as the subprocesses do; a file on SQLite."""
    if POSTGRESQL:
        return subprocess_env(postgresql_url(), tmp_path)
    env = subprocess_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path)
    manage(env, "migrate", "--verbosity", "0", check=True)
    return env


PAUSE_LOCK = 4242
# Test-only: makes the import wait on an advisory lock the test holds, inside the
# transaction of article PAUSED, after its row and its first tag row are written.
PAUSE_TRIGGER = f"""
CREATE FUNCTION newsroom_test_pause() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT slug FROM articles_article WHERE id = NEW.article_id) = 'warga-desa-{PAUSED}' THEN
        PERFORM pg_advisory_xact_lock_shared({PAUSE_LOCK});
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER newsroom_test_pause AFTER INSERT ON articles_article_tags
    FOR EACH ROW EXECUTE FUNCTION newsroom_test_pause();
"""  # noqa: S608 -- our own constants, no input


def kill_inside_a_transaction_on_postgresql(env, source):
    """Start the import; kill it while it waits, half-way through article PAUSED."""
    with psycopg.connect(postgresql_url(), autocommit=True) as db:
        db.execute(PAUSE_TRIGGER)
        try:
            db.execute("SELECT pg_advisory_lock(%s)", [PAUSE_LOCK])
            importer = start_import(env, source)

            def waits_with_uncommitted_rows():
                return db.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event = 'advisory' AND backend_xid IS NOT NULL"
                ).fetchone() == (1,)

            wait_until(waits_with_uncommitted_rows, "the import pausing", importer)
            importer.send_signal(signal.SIGKILL)
            importer.wait()
            db.execute("SELECT pg_advisory_unlock(%s)", [PAUSE_LOCK])

            # Its server process finds the client gone and rolls the transaction back.
            def no_transaction_open():
                return db.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND backend_xid IS NOT NULL"
                ).fetchone() == (0,)

            wait_until(no_transaction_open, "the killed import's transaction ending")
        finally:
            db.execute("DROP TRIGGER newsroom_test_pause ON articles_article_tags")
            db.execute("DROP FUNCTION newsroom_test_pause")
    return importer


def kill_inside_a_transaction_on_sqlite(env, source, database):
    """Start the import; stop it now and then, and kill it once it is stopped inside a
    write transaction with twenty articles in."""
    importer = start_import(env, source)

    def stopped_inside_a_transaction():
        importer.send_signal(signal.SIGSTOP)
        os.waitpid(importer.pid, os.WUNTRACED)
        with closing(sqlite3.connect(database, timeout=0, isolation_level=None)) as db:
            try:
                count = db.execute("SELECT count(*) FROM articles_article").fetchone()[0]
            except sqlite3.OperationalError:  # stopped while committing: try again later
                count = 0
            try:
                db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:  # locked: the import is writing
                if count > 20:
                    return True
            else:
                db.execute("ROLLBACK")
        importer.send_signal(signal.SIGCONT)
        return False

    # Polled often: a batch's transaction is open for a fraction of a second.
    wait_until(
        stopped_inside_a_transaction, "the import stopped while writing", importer, every=0.005
    )
    importer.send_signal(signal.SIGKILL)
    importer.wait()
    return importer


def start_import(env, source):
    return subprocess.Popen(
        [sys.executable, "manage.py", "import_articles", str(source), "--quiet"],
        cwd=ROOT,
        env=env,
    )


def test_an_import_killed_midway_leaves_only_whole_articles_and_a_rerun_completes_it(
    import_env, tmp_path
):
    records = corpus()
    source = write_jsonl(tmp_path / "arsip.jsonl", records)

    if POSTGRESQL:
        importer = kill_inside_a_transaction_on_postgresql(import_env, source)
    else:
        importer = kill_inside_a_transaction_on_sqlite(import_env, source, tmp_path / "db.sqlite3")

    assert importer.returncode == -signal.SIGKILL
    present = exported(import_env)
    assert 0 < len(present) < ARTICLES
    for record in records:
        if record["slug"] in present:
            assert content(present[record["slug"]]) == content(record)
    if POSTGRESQL:
        # Its row and a tag were written when the import died, uncommitted: not there at all.
        assert records[PAUSED]["slug"] not in present

    rerun = manage(import_env, "import_articles", str(source), "--quiet")

    assert rerun.returncode == 0, rerun.stderr
    # The summary as the operator reads it (the site's language, Indonesian).
    assert rerun.stdout.strip() == (
        f"diimpor {ARTICLES - len(present)}, diperbarui 0, tidak berubah {len(present)}, "
        "dilewati 0, gagal 0"
    )
    complete = exported(import_env)
    assert len(complete) == ARTICLES
    for record in records:
        assert content(complete[record["slug"]]) == content(record)
