"""Cursor pages: the next page starts after the last item of this one.

A cursor is the last item's place in the list's order (its values of the ordering fields),
so a page costs the same however deep, and an article published meanwhile shifts nothing
(offsets would repeat or skip items). Cursors are opaque to clients: a cursor that is not one
of ours, or belongs to another order, is a 400.
"""

import base64
import binascii
import json
from datetime import datetime

from django.db.models import DateTimeField, Q
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from .errors import refuse

# Written when the answer is, in the client's language (`errors.refuse`).
_interpolated = lazy(lambda text, limit: str(text) % {"max": limit}, str)
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_CURSOR_LENGTH = 500


class CursorPagination(BasePagination):
    """Pages of `limit` items (1 to 100, 20 unless asked) in the view's `ordering`
    (field names, `-` for descending; the last one unique)."""

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.ordering = view.get_ordering()
        limit = self._limit(request)
        position = self._position(request, queryset.model)
        if position is not None:
            queryset = queryset.filter(self._after(position))
        items = list(queryset.order_by(*self.ordering)[: limit + 1])
        self.next_position = self._values(items[limit - 1]) if len(items) > limit else None
        return items[:limit]

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_next_link(self):
        if self.next_position is None:
            return None
        return replace_query_param(
            self.request.build_absolute_uri(), "cursor", self._encode(self.next_position)
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {"type": "string", "format": "uri", "nullable": True},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "Where the page starts: the `next` address of the page before.",
                "schema": {"type": "string", "maxLength": MAX_CURSOR_LENGTH},
            },
            {
                "name": "limit",
                "in": "query",
                "required": False,
                "description": "Items on a page.",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_LIMIT,
                    "default": DEFAULT_LIMIT,
                },
            },
        ]

    def _limit(self, request):
        value = request.query_params.get("limit")
        if value is None or value == "":
            return DEFAULT_LIMIT
        if not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_LIMIT):
            refuse(
                request,
                {"limit": [_interpolated(_("Give a whole number from 1 to %(max)d."), MAX_LIMIT)]},
            )
        return int(value)

    def _fields(self):
        return [name.removeprefix("-") for name in self.ordering]

    def _values(self, item):
        values = []
        for name in self._fields():
            value = getattr(item, name)
            values.append(value.isoformat() if isinstance(value, datetime) else value)
        return values

    def _encode(self, values):
        raw = json.dumps([list(self.ordering), values], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def _position(self, request, model):
        """The values the cursor carries, checked against the ordering's fields; None without
        a cursor."""
        cursor = request.query_params.get("cursor")
        if cursor is None or cursor == "":
            return None
        try:
            if len(cursor) > MAX_CURSOR_LENGTH or not cursor.isascii():
                raise ValueError
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            ordering, values = json.loads(raw)
            if ordering != list(self.ordering) or len(values) != len(ordering):
                raise ValueError
            return [
                self._checked(model, name, value)
                for name, value in zip(self._fields(), values, strict=True)
            ]
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            refuse(request, {"cursor": [_("This cursor is not one this API gave.")]})

    @staticmethod
    def _checked(model, name, value):
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        if isinstance(field, DateTimeField):
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise ValueError
            return moment
        if field.get_internal_type() in ("AutoField", "BigAutoField", "IntegerField"):
            if type(value) is not int or not 0 < value < 2**63:
                raise ValueError
            return value
        if type(value) is not str or len(value) > 255 or "\x00" in value:
            raise ValueError
        return value

    def _after(self, position):
        """Items after `position` in the ordering: `a > x, or a = x and b > y`."""
        condition, equal = Q(), Q()
        for name, value in zip(self.ordering, position, strict=True):
            field = name.removeprefix("-")
            lookup = "lt" if name.startswith("-") else "gt"
            condition |= equal & Q(**{f"{field}__{lookup}": value})
            equal &= Q(**{field: value})
        return condition
