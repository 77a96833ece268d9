from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudyConfig(AppConfig):
    name = "trienkhai.study"
    verbose_name = _("Học tập, quán triệt")
    label = "study"
