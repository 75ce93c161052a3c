"""JSON out, with `<`, `>` and `&` written as escapes (as Django's `json_script` does): the
same values for every JSON reader, and nothing a browser sniffing the body could take for
markup, whatever an error message quotes back."""

from rest_framework import renderers

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


class JSONRenderer(renderers.JSONRenderer):
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rendered = super().render(data, accepted_media_type, renderer_context)
        if not rendered or not any(byte in rendered for byte in b"<>&"):
            return rendered
        return rendered.decode().translate(_ESCAPES).encode()
