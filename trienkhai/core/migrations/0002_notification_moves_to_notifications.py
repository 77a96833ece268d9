from django.db import migrations


class Migration(migrations.Migration):
    """The model moves to the notifications app; its table stays where it is."""

    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        )
    ]
