"""The summary (trích yếu) read after a citation is that document's own: it ends where
the next citation begins and at the end of its sentence (pure Python, no database)."""

from __future__ import annotations

import pytest

from trienkhai.lib.citations import extract

PLAN = "Kế hoạch số 45-KH/HU ngày 10/3/2021 của Huyện ủy Hoằng Hóa về triển khai chuyển đổi số"
DECISION = "Quyết định số 621-QĐ/TU ngày 23/7/2021 về thành lập Ban Chỉ đạo"


def titles(text: str) -> dict[str, str | None]:
    return {c.symbol: c.title for c in extract(text)}


@pytest.mark.parametrize(
    "between",
    [
        " ",  # nothing between the two
        "; ",
        ", ",
        " - ",
        " và ",
        ". ",
        ".",  # a sentence ending without its space
        "\n",
    ],
)
def test_a_summary_ends_where_the_next_citation_begins(between):
    found = titles(f"Thực hiện {PLAN}{between}{DECISION}.")
    assert found == {
        "45-KH/HU": "triển khai chuyển đổi số",
        "621-QĐ/TU": "thành lập Ban Chỉ đạo",
    }


@pytest.mark.parametrize(
    "next_citation",
    [
        "Quyết định 621-QĐ/TU",  # the kind word without "số"
        "số 621-QĐ/TU",  # "số" without the kind word
        "Quyết định số: 621-QĐ/TU",
        "(Quyết định số 621-QĐ/TU",
    ],
)
def test_the_next_citation_is_left_out_however_it_is_introduced(next_citation):
    found = titles(f"{PLAN} {next_citation} ngày 23/7/2021 về thành lập Ban Chỉ đạo).")
    assert found["45-KH/HU"] == "triển khai chuyển đổi số"


def test_a_summary_does_not_run_into_the_next_sentence():
    found = titles(f"{PLAN}. Huyện đã tổ chức hội nghị quán triệt cho 500 đảng viên.")
    assert found["45-KH/HU"] == "triển khai chuyển đổi số"


@pytest.mark.parametrize(
    "summary",
    [
        "tiếp tục thực hiện Nghị quyết số 02-NQ/TU",
        "triển khai Chỉ thị số 35-CT/TW",
        "sửa đổi, bổ sung Quyết định số 48-QĐ/TU",
        "phát triển du lịch, thay thế Nghị quyết số 08-NQ/TU",
        "chuyển đổi số theo Quyết định số 621-QĐ/TU",
    ],
)
def test_a_document_the_summary_names_as_its_object_stays_in_it(summary):
    found = titles(f"Kết luận số 610-KL/TU ngày 20/9/2021 về {summary} của Tỉnh ủy.")
    assert found["610-KL/TU"] == summary
