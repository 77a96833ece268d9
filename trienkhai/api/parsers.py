"""What the API reads: JSON, and only a JSON object (every endpoint takes named fields).

The OpenAPI document then says application/json for every body, and what it does not
allow is refused at the edge with the API's structured error: a form-encoded or
multipart body (415: the token endpoint alone also takes a form, as a login does), and
a body that is a list, a string or a number (400), which endpoints reading named fields
would otherwise each have to catch.
"""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.metadata import SimpleMetadata
from rest_framework.parsers import JSONParser


class ObjectJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise ParseError(_("Nội dung phải là một đối tượng JSON, gồm các trường có tên."))
        return data


class RouteMetadata(SimpleMetadata):
    """OPTIONS answers the route's name, description and formats, without describing
    each method's fields: DRF would fetch the object for that, which routes keyed by
    unit and period (or any object the caller may not see) cannot give."""

    def determine_actions(self, request, view):
        return {}
