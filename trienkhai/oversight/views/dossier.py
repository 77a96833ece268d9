"""TEMPORARY stub."""

from django.http import Http404


def dossier(request, *args, **kwargs):
    raise Http404
