from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Indonesian unless the reader chose another language with the language switch.

    The browser's Accept-Language is ignored on purpose: many Indonesian phones are set to
    English, and an Indonesian news site should not switch its own words to English for
    them. Only the language cookie (set by Django's `set_language`) changes the language,
    so pages vary by cookie alone, which keeps them cacheable.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        translation.activate(chosen if chosen in supported else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
