import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Takes over `core`'s Notification and its table (core_notification) unchanged."""

    initial = True

    dependencies = [
        ("core", "0002_notification_moves_to_notifications"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("text", models.CharField(max_length=500, verbose_name="nội dung")),
                        ("url", models.CharField(blank=True, max_length=300)),
                        ("key", models.CharField(max_length=120)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("read_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "thông báo",
                        "verbose_name_plural": "thông báo",
                        "db_table": "core_notification",
                        "ordering": ["-created_at"],
                        "indexes": [
                            models.Index(
                                fields=["user", "read_at", "-created_at"], name="notification_unread"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(fields=("user", "key"), name="notification_once")
                        ],
                    },
                )
            ],
        )
    ]
