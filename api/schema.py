"""The OpenAPI description of every operation: what it answers, and how it refuses."""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField(help_text="In the language of Accept-Language (id, en).")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="What is wrong with each query parameter.",
    )


# Every operation may answer these, besides its own 200.
REFUSALS = {
    "400": "A query parameter is not valid (see errors).",
    "404": "Nothing published is at this address.",
    "429": "Too many requests from this address: wait Retry-After seconds.",
}


class PublicSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in REFUSALS.items():
            answer = self._get_response_for_code(ErrorSerializer, code, direction=direction)
            responses.setdefault(code, answer | {"description": description})
        if "200" in responses:
            responses["304"] = {"description": "Not modified (If-None-Match, If-Modified-Since)."}
        return responses

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        for parameter in (operation or {}).get("parameters", []):
            if parameter["in"] == "query":
                # An empty value asks for nothing, as on the pages' forms: `?dari=` is no date.
                parameter["allowEmptyValue"] = True
        return operation
