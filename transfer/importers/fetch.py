"""The safe fetcher, as the importers name it; its one copy is `articles.fetch`."""

from articles.fetch import Fetched, InputError, check_address, fetch, fetch_if_changed

__all__ = ["Fetched", "InputError", "check_address", "fetch", "fetch_if_changed"]
