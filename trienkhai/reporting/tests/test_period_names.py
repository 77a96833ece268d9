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
