from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from trienkhai.accounts.models import RoleGrant, User
from trienkhai.core.admin_registry import register_app


class RoleInline(admin.TabularInline):
    model = RoleGrant
    extra = 1


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = [*BaseUserAdmin.fieldsets, ("Triển Khai", {"fields": ["unit", "person"]})]
    list_display = ["username", "first_name", "unit", "is_active"]
    autocomplete_fields = ["unit", "person"]
    inlines = [RoleInline]


register_app("accounts")  # the models without an admin of their own above
