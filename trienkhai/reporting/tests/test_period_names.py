import datetime

from django.conf import settings as django_settings
from django.urls import reverse


def test_the_periods_page_names_every_period_in_the_language_of_the_page(client_as, settings):
    settings.TK_TODAY = datetime.date(2021, 12, 24)
    client = client_as("province_office")
    url = reverse("reporting:periods")
    vietnamese = client.get(url, {"kind": "quarter", "year": 2021}).content.decode()
    assert "Quý IV năm 2021" in vietnamese
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url, {"kind": "quarter", "year": 2021}).content.decode()
    assert "Q4 2021" in english and "Q1 2021" in english
    assert "Quý" not in english


def test_the_completeness_table_of_each_unit_heads_its_periods_by_name(client_as, settings):
    from trienkhai.testing import reporting as rep

    settings.TK_TODAY = datetime.date(2021, 12, 24)
    rep.tourism()
    rep.period("2021Q4")
    page = client_as("province_office").get(
        reverse("reporting:completeness"), {"year": 2021, "root": "HU-399"}
    )
    heads = page.content.decode()
    assert heads.count("<th>Quý IV năm 2021</th>") >= 2  # by branch and unit by unit
    assert "<th>2021Q4</th>" not in heads
