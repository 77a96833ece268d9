"""A conference's totals by level and district: the live panel, and the summary report."""

from django.db.models import Count, Q, Sum

from trienkhai.conferences.models import REPORTED, CheckIn, PointLevel


def totals_context(conference):
    points = conference.points.all()
    by_level = {
        row["level"]: row
        for row in points.values("level").annotate(
            n=Count("pk"),
            reported=Count("pk", filter=REPORTED),
            delegates=Sum("present", filter=Q(uses_check_in=False), default=0),
        )
    }
    checked = dict(
        CheckIn.objects.filter(conference=conference)
        .values("point__level")
        .annotate(n=Count("pk"))
        .values_list("point__level", "n")
    )
    levels = []
    for value, label in PointLevel.choices:
        row = by_level.get(value, {"n": 0, "reported": 0, "delegates": 0})
        levels.append(
            {
                "label": label,
                "points": row["n"],
                "reported": row["reported"],
                "delegates": row["delegates"] + checked.get(value, 0),
            }
        )
    district_checked = dict(
        CheckIn.objects.filter(conference=conference, point__district__isnull=False)
        .values("point__district")
        .annotate(n=Count("pk"))
        .values_list("point__district", "n")
    )
    districts = list(
        points.filter(district__isnull=False)
        .values("district", "district__name")
        .annotate(n=Count("pk"), delegates=Sum("present", filter=Q(uses_check_in=False), default=0))
        .order_by("district__sort_key")
    )
    for row in districts:
        row["delegates"] += district_checked.get(row["district"], 0)
    return {
        "conference": conference,
        "totals": points.totals(),
        "levels": levels,
        "districts": districts,
    }
