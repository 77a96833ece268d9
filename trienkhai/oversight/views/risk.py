"""TEMPORARY stubs while the views are written (replaced before commit)."""

from django.http import Http404


def risk_list(request, *args, **kwargs):
    raise Http404
