from trienkhai.core.admin_registry import register_app

register_app("dashboards")
