"""A real PostgreSQL streaming replica of the test database's cluster (`streaming_replica`).

When PostgreSQL is the test database, the fixture makes, once per test session, a second
cluster on a free port with Debian's postgresql-common tools: `pg_createcluster`, its data
folder replaced by `pg_basebackup` of the primary (WAL streamed, `-R`: it follows the primary
from then on), started with `pg_ctlcluster`, dropped at the end with `pg_dropcluster --stop`.
It runs as root (the tools and `runuser -u postgres`), after pytest-django created the test
database on the primary, so the copy has it.

The primary must accept replication connections from 127.0.0.1: when its pg_hba.conf has no
`host replication all 127.0.0.1/32 trust` line, the fixture appends one and reloads the
primary's configuration (never restarts it). On SQLite the tests that need it skip; under
CI (the variable CI set) failing to make the replica fails them.
"""

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.servers import POSTGRESQL, free_port

CLUSTER_PREFIX = "newsroom_replica_"
REPLICATION_LINE = "host replication all 127.0.0.1/32 trust"
# A hot standby needs at least the primary's values of these.
PRIMARY_MINIMUMS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


@dataclass
class StreamingReplica:
    version: str
    cluster: str
    port: int
    database: str

    @property
    def url(self):
        """The replica as one of DATABASE_REPLICA_URLS."""
        return f"postgres://postgres@127.0.0.1:{self.port}/{self.database}"

    def sql(self, statement, *params):
        """The first row of `statement` run on the replica."""
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=self.database
        ) as replica:
            return replica.execute(statement, params).fetchone()

    def pause(self):
        """Stop replaying the primary's changes (they are still received)."""
        self.sql("SELECT pg_wal_replay_pause()")
        wait_for(lambda: self.sql("SELECT pg_get_wal_replay_pause_state()")[0] == "paused")

    def resume(self):
        self.sql("SELECT pg_wal_replay_resume()")

    def catch_up(self):
        """Wait until the replica has replayed everything the primary has written so far."""
        (written,) = primary_sql("SELECT pg_current_wal_lsn()::text")
        wait_for(lambda: self.sql("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", written)[0])

    def stop(self):
        ctl(self.version, self.cluster, "stop", "-m", "fast")

    def start(self):
        ctl(self.version, self.cluster, "start")
        wait_for(self.answers)

    def answers(self):
        """Whether the replica is up and replaying."""
        try:
            return self.sql("SELECT pg_is_in_recovery()")[0]
        except psycopg.OperationalError:
            return False


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not within {seconds} s: {condition}")
        time.sleep(0.05)


def primary_sql(statement, *params, dbname=None):
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"] or "postgres",
        password=db["PASSWORD"] or None,
        dbname=dbname or db["NAME"],
        autocommit=True,
    ) as primary:
        return primary.execute(statement, params).fetchone()


def run(*command):
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=300)


def ctl(version, cluster, action, *options):
    run("pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, action, *options)


def _cannot(reason):
    if os.environ.get("CI") and POSTGRESQL:
        pytest.fail(f"no streaming replica: {reason}")
    pytest.skip(reason)


def _allow_replication():
    """Let 127.0.0.1 connect to the primary for replication (idempotent: one line, once)."""
    (hba_file,) = primary_sql("SHOW hba_file", dbname="postgres")
    lines = [" ".join(line.split()) for line in Path(hba_file).read_text().splitlines()]
    if REPLICATION_LINE not in lines:
        with Path(hba_file).open("a") as hba:
            hba.write("\n# Added by Newsroom's tests (tests/replicas/): pg_basebackup.\n")
            hba.write(f"{REPLICATION_LINE}\n")
        primary_sql("SELECT pg_reload_conf()", dbname="postgres")


def _drop_leftovers(version):
    """Replicas of test sessions that ended without dropping theirs (a killed run)."""
    listing = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
    for line in listing.splitlines():
        found_version, name, *_rest = line.split()
        if found_version == version and name.startswith(CLUSTER_PREFIX):
            pid = int(name.removeprefix(CLUSTER_PREFIX))
            if not Path(f"/proc/{pid}").exists():
                run("pg_dropcluster", "--stop", version, name)


def _make_replica():
    (version_number,) = primary_sql("SHOW server_version_num")
    version = str(int(version_number) // 10000)
    minimums = {name: primary_sql(f"SHOW {name}")[0] for name in PRIMARY_MINIMUMS}
    _allow_replication()
    _drop_leftovers(version)
    cluster, port = f"{CLUSTER_PREFIX}{os.getpid()}", free_port()
    run("pg_createcluster", version, cluster, "-p", str(port))
    replica = StreamingReplica(version, cluster, port, connection.settings_dict["NAME"])
    try:
        config = Path(f"/etc/postgresql/{version}/{cluster}")
        (config / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        )
        (config / "conf.d" / "newsroom-replica.conf").write_text(
            "".join(f"{name} = {value}\n" for name, value in minimums.items())
        )
        data = Path(f"/var/lib/postgresql/{version}/{cluster}")
        # Emptied, not removed: pg_basebackup (as postgres) fills the folder postgres owns.
        for entry in data.iterdir():
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        db = connection.settings_dict
        run(
            "runuser", "-u", "postgres", "--",
            "pg_basebackup", "-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432),
            "-U", db["USER"] or "postgres", "-D", str(data), "-R", "-X", "stream", "-c", "fast",
        )  # fmt: skip
        replica.start()
        replica.catch_up()
    except BaseException:
        run("pg_dropcluster", "--stop", version, cluster)
        raise
    return replica


@pytest.fixture(scope="session")
def streaming_replica(django_db_setup, django_db_blocker):
    """A streaming replica of the test database, following the primary."""
    if not POSTGRESQL:
        pytest.skip("a streaming replica needs PostgreSQL as the test database")
    missing = [tool for tool in ("pg_createcluster", "pg_basebackup") if not shutil.which(tool)]
    if missing:
        _cannot(f"{', '.join(missing)} not installed (Debian's postgresql-common)")
    if os.geteuid() != 0:
        _cannot("making a PostgreSQL cluster needs root (pg_createcluster, runuser)")
    with django_db_blocker.unblock():
        try:
            replica = _make_replica()
        except (OSError, subprocess.SubprocessError, psycopg.Error, TimeoutError) as error:
            detail = getattr(error, "stderr", "") or ""
            _cannot(f"the replica could not be made: {error} {detail}".strip())
    yield replica
    run("pg_dropcluster", "--stop", replica.version, replica.cluster)


@pytest.fixture
def replica(streaming_replica):
    """The session's replica, replaying and up again after each test."""
    yield streaming_replica
    if not streaming_replica.answers():
        streaming_replica.start()
    streaming_replica.resume()
    streaming_replica.catch_up()
