import ipaddress
import re
import uuid

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation

from newsroom import logs


def chosen_language(request):
    """The language the reader chose with the language switch, else the site's own."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Indonesian unless the reader chose another language with the language switch.

    The browser's Accept-Language is ignored on purpose: many Indonesian phones are set to
    English, and an Indonesian news site should not switch its own words to English for
    them. Only the language cookie (set by Django's `set_language`) changes the language,
    so pages vary by cookie alone, which keeps them cacheable.
    """

    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def client_address(request):
    """The address the request came from, as far as our own proxies can vouch for it.

    Behind `NEWSROOM_TRUSTED_PROXY_COUNT` proxies (a load balancer, Varnish), each appends
    the address it was reached from to X-Forwarded-For, so the client is that many entries
    from the right; whatever a client wrote further left is its own claim and ignored.
    Without trusted proxies, or when the header is short or garbled, the connection's own
    address counts. django-axes locks logins out by this address (AXES_CLIENT_IP_CALLABLE).
    """
    count = settings.NEWSROOM_TRUSTED_PROXY_COUNT
    if count:
        hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",")]
        if len(hops) >= count:
            try:
                return str(ipaddress.ip_address(hops[-count]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR")


class QueryLimitMiddleware:
    """Parse the query string up front, so that more parameters than Django allows
    (DATA_UPLOAD_MAX_NUMBER_FIELDS) is a 400 on every page, not only on pages that read it;
    a request whose query outran the statement timeout is a 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET  # noqa: B018 -- parsing raises TooManyFieldsSent, answered with 400
        return self.get_response(request)

    def process_exception(self, request, exception):
        """A statement stopped by the database's statement timeout: busy, not broken."""
        if isinstance(exception, OperationalError) and _was_cancelled(exception):
            # Rendered without the request: its context would query the database again.
            response = HttpResponse(render_to_string("500.html"), status=503)
            response["Retry-After"] = "30"
            return response
        return None


def _was_cancelled(error):
    # psycopg's QueryCanceled (SQLSTATE 57014), which Django wraps in OperationalError.
    return getattr(error.__cause__, "sqlstate", None) == "57014"


class RequestIdMiddleware:
    """Give each request an id, in the `X-Request-ID` response header and in its log lines.

    A load balancer's id is kept when it looks like one, so a request can be followed
    from the proxy's log to ours; anything else is replaced, never logged.
    """

    TRUSTED_ID = re.compile(r"[A-Za-z0-9-]{8,64}")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if self.TRUSTED_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = logs.current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            logs.current_request_id.reset(token)
        response["X-Request-ID"] = request.request_id
        return response
