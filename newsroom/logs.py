"""Log lines an operator can trust: each names its request, none carries a whole payload.

`RequestIdMiddleware` (articles/middleware.py) sets `current_request_id` for the request
it serves; the filters here are attached to the console handler in settings.LOGGING.
"""

import contextvars
import logging
import re

current_request_id = contextvars.ContextVar("current_request_id", default="-")

# Longer messages are cut: a 10 KB path or query must not land whole in the logs.
MESSAGE_LIMIT = 500
# C0 and C1 control characters; a raw newline in a message would forge a log line.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class RequestIdFilter(logging.Filter):
    """Give every record `request_id`, for the log format ("-" outside a request)."""

    def filter(self, record):
        request_id = current_request_id.get()
        if request_id == "-":
            # Django logs 4xx and 5xx responses after the middleware has returned; it
            # passes the request along with the record.
            request_id = getattr(getattr(record, "request", None), "request_id", "-")
        record.request_id = request_id
        return True


class TidyFilter(logging.Filter):
    """Cut long messages and traceback lines, and show control characters escaped."""

    def filter(self, record):
        try:
            record.msg = tidy(record.getMessage())
        except (TypeError, ValueError):
            return True  # arguments that do not fit the message: logging reports that itself
        record.args = None
        if record.exc_info and not record.exc_text:
            # A traceback keeps its lines; each is cut and escaped like a message.
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = "\n".join(tidy(line) for line in text.split("\n"))
        return True


def tidy(text):
    if len(text) > MESSAGE_LIMIT:
        text = f"{text[:MESSAGE_LIMIT]}… [{len(text) - MESSAGE_LIMIT} more characters]"
    return CONTROL.sub(_escaped, text)


def _escaped(match):
    return match.group().encode("unicode_escape").decode("ascii")


def configuration(level):
    """`LOGGING`: each line names its request (the X-Request-ID header); messages are cut and
    control characters escaped, so a hostile path cannot flood the log or forge a line."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "newsroom.logs.RequestIdFilter"},
            "tidy": {"()": "newsroom.logs.TidyFilter"},
        },
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id", "tidy"],
                "formatter": "plain",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # Without handlers of its own (Django's default gives it a debug-only console and mail
        # to ADMINS), Django's logger reaches only the console above, filters and all.
        "loggers": {"django": {"handlers": [], "level": level}},
    }
