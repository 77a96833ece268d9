from django.db import migrations, models


def fill(apps, schema_editor):
    from trienkhai.lib.vntext import sort_key_text

    BridgePoint = apps.get_model("conferences", "BridgePoint")
    points = list(BridgePoint.objects.only("pk", "name"))
    for point in points:
        point.sort_key = sort_key_text(point.name or "")
    BridgePoint.objects.bulk_update(points, ["sort_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("conferences", "0004_checkin_same_name")]

    operations = [
        migrations.AddField(
            model_name="bridgepoint",
            name="sort_key",
            field=models.CharField(default="", editable=False, max_length=910),
        ),
        migrations.AlterModelOptions(
            name="bridgepoint",
            options={
                "ordering": ["-is_main", "level", "sort_key"],
                "verbose_name": "điểm cầu",
                "verbose_name_plural": "điểm cầu",
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
