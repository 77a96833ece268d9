"""Every domain model in the admin, so that a superuser can find and correct any row:
search over its text fields, filters on its choices, flags and dates, foreign keys as
ids (no select of 100,000 units), and the change history where the model keeps one.
An app's own `ModelAdmin` (orgs, accounts) takes precedence."""

from django.apps import apps
from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

SKIP_PREFIXES = ("Historical",)


def _admin_for(model):
    fields = [f for f in model._meta.get_fields() if getattr(f, "concrete", False)]
    text = [
        f.name
        for f in fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and f.name not in ("search_key", "sort_key")
    ]
    filters = [
        f.name for f in fields if f.choices or isinstance(f, models.BooleanField | models.DateField)
    ]
    shown = [
        f.name
        for f in fields
        if not isinstance(f, models.TextField | models.ManyToManyField | models.JSONField)
        and not f.primary_key
        and f.name not in ("uid", "search_key", "sort_key", "file")
    ]
    keys = [f.name for f in fields if isinstance(f, models.ForeignKey | models.OneToOneField)]
    many = [f.name for f in model._meta.many_to_many]
    base = SimpleHistoryAdmin if hasattr(model, "history") else admin.ModelAdmin
    attrs = {
        "list_display": ["__str__", *shown[:6]],
        "search_fields": text[:6],
        "list_filter": filters[:6],
        "raw_id_fields": keys + many,
        "list_select_related": keys[:4],
        "show_full_result_count": False,  # no COUNT(*) over a million rows per page
    }
    return type(f"{model.__name__}Admin", (base,), attrs)


def register_app(label):
    for model in apps.get_app_config(label).get_models():
        if model.__name__.startswith(SKIP_PREFIXES) or admin.site.is_registered(model):
            continue
        admin.site.register(model, _admin_for(model))
