"""The API keeps the contract its OpenAPI document states (what schemathesis found):
bodies are JSON objects, errors have one documented shape with a list of messages per
field, every status an operation can answer is documented, and fields that may be empty
say so."""

import pytest
from django.urls import reverse

from trienkhai.core import clock
from trienkhai.testing import reporting as make_reports

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def spec(api_as):
    return api_as("leader").get(reverse("api-schema")).json()


def test_options_on_the_report_route_keyed_by_unit_and_period_answers_not_500(api_as):
    response = api_as("commune_reporter").options("/api/v1/reports/units/0/0/")
    assert response.status_code == 200
    assert "PUT" in response["Allow"] and "actions" not in response.json()


def test_a_conference_with_a_list_for_its_end_time_is_a_400_naming_the_field(api_as):
    response = api_as("province_office").post(
        reverse("conference-list"),
        {"title": "Hội nghị", "starts_at": "2021-12-20T08:00:00Z", "ends_at": [None, None]},
    )
    assert response.status_code == 400 and "ends_at" in response.json()["error"]["fields"]


def test_a_form_encoded_body_is_refused_as_the_document_says_json(api_as):
    response = api_as("province_office").post(
        reverse("conference-list"),
        "title=H%E1%BB%99i+ngh%E1%BB%8B&starts_at=2021-12-20",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415
    assert response.json()["error"]["message"].startswith("Kiểu nội dung không được hỗ trợ")


def test_a_body_that_is_a_list_is_refused_with_a_message_on_every_write(api_as, settings):
    settings.TK_TODAY = clock.DEMO_TODAY
    make_reports.tourism()
    make_reports.period("2021Q4")
    client = api_as("district_reporter")
    uid = "e3e70682-c209-1cac-a29f-6fbed82c07cd"
    for url in (f"/api/v1/reports/{uid}/return/", f"/api/v1/reports/{uid}/reopen/"):
        response = client.post(url, [None, None])
        assert response.status_code == 400
        assert response.json()["error"]["message"].startswith("Nội dung phải là một đối tượng")


def test_nested_errors_come_as_a_list_of_messages_per_dotted_field(api_as, world):
    response = api_as("leader").post(
        "/api/v1/oversight/visits/",
        {
            "unit": world.hoanghoa.code,
            "held_on": "2021-12-01",
            "kind": "visit",
            "follow_ups": [{"text": "Rà soát", "deadline": "AAA"}],
        },
    )
    fields = response.json()["error"]["fields"]
    assert response.status_code == 400
    assert list(fields) == ["follow_ups.0.deadline"]
    assert all(isinstance(m, str) for m in fields["follow_ups.0.deadline"])


def test_every_operation_documents_its_errors_in_the_one_error_shape(spec):
    assert "error" in spec["components"]["schemas"]["Error"]["properties"]
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method in ("get", "post", "put", "patch", "delete"):
                codes = set(operation["responses"])
                assert {"400", "401", "403", "404", "429"} <= codes, (method, path)


def test_the_document_says_which_fields_may_be_empty_and_which_lists_are_not_paged(spec):
    schemas = spec["components"]["schemas"]
    for schema, field in (
        ("Task", "parent"),
        ("Point", "district"),
        ("Programme", "document"),
        ("Session", "programme"),
        ("Recommendation", "task"),
    ):
        assert schemas[schema]["properties"][field].get("nullable"), (schema, field)
    links = spec["paths"]["/api/v1/documents/{uid}/links/"]["get"]["responses"]["200"]
    assert links["content"]["application/json"]["schema"]["type"] == "array"


def _api_serializers():
    import importlib
    import inspect
    import pkgutil

    from rest_framework import serializers

    import trienkhai

    for info in pkgutil.walk_packages(trienkhai.__path__, "trienkhai."):
        if ".api" not in info.name or ".tests" in info.name:
            continue
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, serializers.ModelSerializer) and cls.__module__ == info.name:
                yield cls


def test_a_field_read_through_a_column_that_may_be_empty_is_documented_as_nullable():
    from rest_framework import serializers

    wrong = []
    for cls in _api_serializers():
        for name, field in cls._declared_fields.items():
            if field.allow_null or isinstance(field, serializers.SerializerMethodField):
                continue
            if getattr(field, "many", False):
                continue
            model, nullable = cls.Meta.model, False
            for part in (field.source if field.source not in (None, "*") else name).split("."):
                try:
                    column = model._meta.get_field(part)
                except Exception:
                    nullable = False
                    break
                nullable = nullable or getattr(column, "null", False)
                model = column.related_model or model
            if nullable:
                wrong.append(f"{cls.__name__}.{name}")
    assert wrong == []
