"""The concretisation matrix opens on the user's own unit; for a leader of the Standing
Committee (no units below it), on the committee it belongs to."""

import pytest
from django.urls import reverse

from trienkhai.testing import factories as make
from trienkhai.testing import programmes as make_programmes

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def obligations(world):
    programme = make.programme(world.province, "Chương trình phát triển du lịch")
    for district in (world.hoanghoa, world.ngason):
        make_programmes.concretisation(programme, district)
    return programme


def test_the_leader_sees_the_districts_of_its_committee_not_an_empty_matrix(client_as, obligations):
    page = client_as("leader").get(reverse("programmes:matrix")).content.decode()
    assert "các đơn vị trực thuộc Tỉnh ủy Thanh Hóa" in page
    assert "Huyện ủy Hoằng Hóa" in page and "0/0" not in page
    assert "Huyện ủy Nga Sơn" not in page  # not a unit the leader is in charge of


def test_a_district_still_opens_on_its_own_unit(client_as, obligations):
    page = client_as("district_reporter").get(reverse("programmes:matrix")).content.decode()
    assert "các đơn vị trực thuộc Huyện ủy Hoằng Hóa" in page
