"""What a run remembers of every record, kept off the heap once there is much of it.

An import remembers where each import key was first read (a key is saved once a run) and the
“Baca Juga” links that wait for a later article. For a million articles that was some 400 MB
of Python objects, growing to the end of the run. Both keep their most recent entries in
memory and move the rest, between two batches, to a private temporary SQLite database (an
empty file name: deleted when closed), so a run's memory stays flat however long its input.
"""

import pickle
import sqlite3

# Entries kept in memory before the older ones move to the temporary database.
IN_MEMORY = 20_000


def _database():
    database = sqlite3.connect("", isolation_level=None)
    # Nothing here outlives the run: neither a journal nor waiting for the disk.
    database.execute("PRAGMA journal_mode = OFF")
    database.execute("PRAGMA synchronous = OFF")
    return database


class FirstReads:
    """Where each import key of a run was first read (as text), by key."""

    def __init__(self):
        self.recent = {}
        self.database = None

    def get(self, key):
        found = self.recent.get(key)
        if found is None and self.database is not None:
            row = self.database.execute(
                "SELECT location FROM first_read WHERE source = ? AND id = ?", tuple(key)
            ).fetchone()
            found = row[0] if row else None
        return found

    def add(self, key, location):
        self.recent[key] = str(location)

    def settle(self):
        """Between two batches: the older keys go to the temporary database if many."""
        if len(self.recent) <= IN_MEMORY:
            return
        if self.database is None:
            self.database = _database()
            self.database.execute(
                "CREATE TABLE first_read (source TEXT, id TEXT, location TEXT, "
                "PRIMARY KEY (source, id)) WITHOUT ROWID"
            )
        with self.database:
            self.database.execute("BEGIN")
            self.database.executemany(
                "INSERT INTO first_read VALUES (?, ?, ?)",
                ((*key, location) for key, location in self.recent.items()),
            )
        self.recent = {}

    def close(self):
        if self.database is not None:
            self.database.close()
            self.database = None


class Waiting:
    """A list that is appended to, cut back to an earlier length, and read in order.

    Only entries appended since the last `settle()` may be cut off (those of the batch being
    written, when it is rolled back).
    """

    def __init__(self):
        self.recent = []
        self.stored = 0
        self.database = None

    def __len__(self):
        return self.stored + len(self.recent)

    def __bool__(self):
        return len(self) > 0

    def append(self, entry):
        self.recent.append(entry)

    def cut_to(self, length):
        """Forget what was appended after the list had `length` entries."""
        if length < self.stored:
            raise ValueError("only entries not yet settled can be forgotten")
        del self.recent[length - self.stored :]

    def settle(self):
        """Between two batches: the entries go to the temporary database if many."""
        if len(self.recent) <= IN_MEMORY:
            return
        if self.database is None:
            self.database = _database()
            self.database.execute("CREATE TABLE waiting (number INTEGER PRIMARY KEY, entry BLOB)")
        with self.database:
            self.database.execute("BEGIN")
            self.database.executemany(
                "INSERT INTO waiting VALUES (?, ?)",
                (
                    (self.stored + number, pickle.dumps(entry))
                    for number, entry in enumerate(self.recent)
                ),
            )
        self.stored += len(self.recent)
        self.recent = []

    def chunks(self, size):
        """Every entry in order, `size` at a time."""
        for start in range(0, self.stored, size):
            rows = self.database.execute(
                "SELECT entry FROM waiting WHERE number >= ? AND number < ? ORDER BY number",
                (start, min(start + size, self.stored)),
            )
            # Our own pickles, written by this run into its private temporary database.
            yield [pickle.loads(entry) for (entry,) in rows]  # noqa: S301
        for start in range(0, len(self.recent), size):
            yield self.recent[start : start + size]

    def clear(self):
        self.recent, self.stored = [], 0
        if self.database is not None:
            self.database.close()
            self.database = None
