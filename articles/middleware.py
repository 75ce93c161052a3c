from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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


class QueryLimitMiddleware:
    """Parse the query string up front, so that more parameters than Django allows
    (DATA_UPLOAD_MAX_NUMBER_FIELDS) is a 400 on every page, not only on pages that read it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET  # noqa: B018 -- parsing raises TooManyFieldsSent, answered with 400
        return self.get_response(request)
