"""The home page's tasks and plans: tasks of the user's unit due within a week or
overdue, and the implementing plans its unit must still issue (programmes/todo.py)."""

import datetime

import pytest

from trienkhai.core.home import gather
from trienkhai.programmes import todo
from trienkhai.testing import factories as make
from trienkhai.testing import programmes as prog

D = datetime.date
TODAY = D(2021, 12, 24)


@pytest.fixture
def district_programme(world):
    return make.programme(world.hoanghoa, "Chương trình xây dựng nông thôn mới kiểu mẫu")


def texts(user, group):
    return [i.text for i in todo.items(user, TODAY) if i.group == group]


def test_a_commune_reporter_sees_its_overdue_task_first_then_the_one_due_this_week(
    world, district_programme
):
    p = district_programme
    soon = make.task(p, "Tổng kết mô hình", lead_unit=world.hoangdong, deadline=D(2021, 12, 28))
    late = make.task(p, "Hoàn thiện hồ sơ", lead_unit=world.hoangdong, deadline=D(2021, 12, 20))
    make.task(p, "Việc của quý sau", lead_unit=world.hoangdong, deadline=D(2022, 3, 31))
    make.task(p, "Đã xong", lead_unit=world.hoangdong, deadline=D(2021, 12, 22), completed_on=TODAY)
    (tasks,) = [g for g in gather(world.user("hoangdong"), TODAY) if g.key == "tasks"]
    assert [line.item.url for line in tasks.lines] == [
        late.get_absolute_url(),
        soon.get_absolute_url(),
    ]
    assert tasks.lines[0].late == "Quá hạn 4 ngày"
    assert tasks.lines[1].when == "hạn 28/12/2021, còn 4 ngày"


def test_a_units_tasks_are_its_writers_to_do_and_nobody_elses(world, district_programme):
    make.task(district_programme, "Việc của xã", lead_unit=world.hoangdong, deadline=TODAY)
    assert texts(world.user("hoangdong"), todo.TASKS) == ["Việc của xã"]
    for name in ("dangvien", "hoanghoa", "vanphonghh", "lanhdao", "ngason", "kiemtra"):
        assert texts(world.user(name), todo.TASKS) == [], name


def test_the_person_responsible_for_a_task_sees_it_with_the_unit_that_leads_it(
    world, district_programme
):
    make.task(
        district_programme,
        "Chỉ đạo điểm",
        lead_unit=world.hoanghoa,
        deadline=D(2021, 12, 30),
        responsible_person=world.leader,
    )
    assert texts(world.user("lanhdao"), todo.TASKS) == ["Chỉ đạo điểm (Huyện ủy Hoằng Hóa chủ trì)"]
    assert texts(world.user("hoanghoa"), todo.TASKS) == ["Chỉ đạo điểm"]


def test_a_district_sees_the_plan_it_must_issue_and_its_link_opens_the_plan_form(world, client_as):
    upper = make.programme(world.province, "Chương trình chuyển đổi số tỉnh Thanh Hóa")
    prog.concretisation(upper, world.hoanghoa, due=D(2021, 11, 30))
    (plans,) = [g for g in gather(world.user("hoanghoa"), TODAY) if g.key == "plans"]
    (line,) = plans.lines
    assert line.item.text == "Ban hành kế hoạch thực hiện chương trình chuyển đổi số tỉnh Thanh Hóa"
    assert line.item.overdue and line.late == "Quá hạn 24 ngày"
    assert client_as("hoanghoa").get(line.item.url).status_code == 200
    for name in ("ngason", "lanhdao", "hoangdong", "vanphong"):
        assert texts(world.user(name), todo.PLANS) == [], name


def test_a_plan_issued_is_no_longer_to_do(world):
    upper = make.programme(world.province, "Chương trình chuyển đổi số tỉnh Thanh Hóa")
    prog.concretisation(upper, world.hoanghoa, due=D(2022, 1, 15))
    assert texts(world.user("hoanghoa"), todo.PLANS) != []
    prog.plan(upper, world.hoanghoa)
    assert texts(world.user("hoanghoa"), todo.PLANS) == []
