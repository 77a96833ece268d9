"""URLs of the load-test settings (`trienkhai.settings_bench`): the normal ones plus
`bench/checkin/<code>/`, a bare view that does exactly one INSERT of a check-in row, with
no validation, no throttle and no ORM, the ceiling for `/api/v1/checkin/<code>/`."""

import hashlib
import json

from django.db import connection
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from trienkhai import urls as base

INSERT = """
    INSERT INTO conferences_checkin
        (conference_id, point_id, key, name, unit_text, is_party_member, created_at)
    SELECT conference_id, id, %s, %s, '', false, now()
    FROM conferences_bridgepoint WHERE code = %s
    ON CONFLICT DO NOTHING
"""


@csrf_exempt
@require_POST
def bare_checkin(request, code):
    data = json.loads(request.body)
    who = data.get("personal_code") or data.get("name") or ""
    key = hashlib.sha256(who.encode()).hexdigest()[:40]
    with connection.cursor() as cursor:
        cursor.execute(INSERT, [key, (data.get("name") or "")[:120], code])
        created = cursor.rowcount == 1
    return JsonResponse({"created": created}, status=201 if created else 200)


urlpatterns = [
    path("bench/checkin/<str:code>/", bare_checkin, name="bench-bare-checkin"),
    *base.urlpatterns,
]
handler403 = base.handler403
handler404 = base.handler404
