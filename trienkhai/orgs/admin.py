from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from trienkhai.core.admin_registry import register_app
from trienkhai.orgs.models import Assignment, OrgUnit, Person, Position, Tenure


@admin.register(OrgUnit)
class OrgUnitAdmin(TreeAdmin):
    form = movenodeform_factory(OrgUnit)
    list_display = ["name", "code", "kind", "level", "valid_from", "valid_to"]
    search_fields = ["code", "name", "search_key"]
    list_filter = ["kind", "level"]


class TenureInline(admin.TabularInline):
    model = Tenure
    extra = 0
    autocomplete_fields = ["position"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    search_fields = ["full_name", "search_key"]
    inlines = [TenureInline]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "is_standing_member"]
    search_fields = ["title", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["person", "unit", "start", "end"]
    autocomplete_fields = ["person", "unit"]


register_app("orgs")  # the models without an admin of their own above
