"""Every refusal as JSON: `{"status", "code", "message", "errors"?}`.

The message is in the language the client asks for (Accept-Language: `id` or `en`; the
language cookie and then Indonesian otherwise): other systems say what they read, where the
pages follow only the reader's own choice. Errors vary by it and are kept by no cache.
"""

from django.http import Http404, JsonResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler


def _messages():
    return {
        400: _("The request is not valid: see errors for what to change."),
        404: _("Nothing published is found at this address."),
        405: _("This API is read-only: only GET, HEAD and OPTIONS are allowed."),
        406: _("This API answers in JSON only."),
        429: _("Too many requests from your address: try again after Retry-After seconds."),
    }


def refuse(request, errors):
    """Refuse the request's query with `errors` (by parameter), written in the client's
    language."""
    with translation.override(error_language(request)):
        raise exceptions.ValidationError(_plain(errors))


def error_language(request):
    return translation.get_language_from_request(request, check_path=False)


def _plain(detail):
    """DRF's error details (lists and dicts of lazy strings) as plain JSON values."""
    if isinstance(detail, dict):
        return {str(key): _plain(value) for key, value in detail.items()}
    if isinstance(detail, (list, tuple)):
        return [_plain(item) for item in detail]
    return str(detail)


def error_body(status_code, code, errors=None):
    body = {
        "status": status_code,
        "code": code,
        "message": _messages().get(status_code, _("The request could not be answered.")),
    }
    if errors:
        body["errors"] = _plain(errors)
    return body


def finish(response):
    patch_vary_headers(response, ["Accept-Language"])
    # Kept by no cache: a 404 for an article that is published later must not be remembered.
    patch_cache_control(response, no_store=True)
    response.headers["Content-Language"] = translation.get_language()
    return response


def handle_exception(exc, context):
    """DRF's exception handler with our body: DRF's headers (Retry-After, Allow) are kept."""
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a 500, as everywhere else
    request = context["request"]
    with translation.override(error_language(request)):
        if isinstance(exc, exceptions.ValidationError):
            body = error_body(400, "invalid", exc.detail)
        elif isinstance(exc, (exceptions.NotFound, Http404)):
            body = error_body(404, "not_found")
        elif isinstance(exc, exceptions.Throttled):
            body = error_body(429, "throttled")
        else:
            code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
            body = error_body(response.status_code, code if isinstance(code, str) else "error")
        response.data = body
        return finish(response)


def not_found(request, *args, **kwargs):
    """Any address under /api/ that names nothing, in the same JSON."""
    with translation.override(error_language(request)):
        return finish(JsonResponse(error_body(status.HTTP_404_NOT_FOUND, "not_found"), status=404))
