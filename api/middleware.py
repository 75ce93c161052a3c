"""CORS for the read-only API: any origin may read it, with no credentials.

One rule, so a middleware of a few lines rather than a dependency: every answer under
`/api/` (kept pages too: this runs before the page cache) allows any origin to read it and
the caching headers, and a preflight (a conditional GET sends If-None-Match, which browsers
ask about first) is answered here for GET and HEAD only. Nothing else on the site is shared.
"""

from django.http import HttpResponse

PREFIX = "/api/"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
ALLOWED_HEADERS = "Accept, Accept-Language, If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "ETag, Last-Modified, Retry-After, Content-Language"
PREFLIGHT_SECONDS = "86400"


class ReadOnlyCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = PREFLIGHT_SECONDS
        else:
            response = self.get_response(request)
            response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        response["Access-Control-Allow-Origin"] = "*"
        return response
