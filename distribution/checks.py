"""System checks of the pictures search engines get with every article: the publication's
logo and its default picture (settings NEWSROOM_LOGO and NEWSROOM_DEFAULT_IMAGE)."""

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _
from PIL import UnidentifiedImageError

from distribution import seo

# Google asks for article pictures at least this wide (large previews in Discover).
LARGE_WIDTH = 1200


@checks.register()
def publication_pictures(app_configs, **kwargs):
    problems = []
    if not settings.NEWSROOM_DEFAULT_IMAGE:
        problems.append(
            checks.Error(
                _("NEWSROOM_DEFAULT_IMAGE names no picture."),
                hint=_("Give one path under static/, or several crops separated by commas."),
                id="distribution.E001",
            )
        )
    named = [("NEWSROOM_LOGO", settings.NEWSROOM_LOGO)]
    named += [("NEWSROOM_DEFAULT_IMAGE", path) for path in settings.NEWSROOM_DEFAULT_IMAGE]
    for setting, path in named:
        try:
            width, _height = seo.static_image_size(path)
        except (OSError, ValueError, UnidentifiedImageError):
            problems.append(
                checks.Error(
                    _("%(setting)s: “%(path)s” is not a PNG, JPEG or WebP picture under static/.")
                    % {"setting": setting, "path": path},
                    id="distribution.E002",
                )
            )
            continue
        if setting == "NEWSROOM_DEFAULT_IMAGE" and width < LARGE_WIDTH:
            problems.append(
                checks.Warning(
                    _("%(setting)s: “%(path)s” is %(width)d px wide; Google asks for %(min)d.")
                    % {"setting": setting, "path": path, "width": width, "min": LARGE_WIDTH},
                    id="distribution.W001",
                )
            )
    return problems
