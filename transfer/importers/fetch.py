"""The safe fetcher, as the importers name it; its one copy is `articles.fetch`."""

from articles.fetch import InputError, check_address, fetch, reached_addresses

__all__ = ["InputError", "check_address", "fetch", "reached_addresses"]
