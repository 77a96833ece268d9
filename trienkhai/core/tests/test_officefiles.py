"""Crafted office files are refused quickly, with a message, before any library loads
them; real ones read as before."""

import io
import time
from dataclasses import replace

import pytest
from docx import Document as WordDocument
from openpyxl import Workbook

from trienkhai.core import officefiles
from trienkhai.core.officefiles import FileRefused
from trienkhai.core.spreadsheets import read_workbook, sheet_rows
from trienkhai.testing import officefiles as craft


def refusal(call, *args):
    started = time.perf_counter()
    with pytest.raises(FileRefused) as caught:
        call(*args)
    return str(caught.value), time.perf_counter() - started


def test_a_workbook_of_two_million_shared_strings_is_refused_in_under_two_seconds():
    data = craft.xlsx(craft.rows(("a",)), shared=["<si><t>x</t></si>" * 2_000_000])
    assert len(data) < 200_000
    message, seconds = refusal(officefiles.check_xlsx, data)
    assert "phần tử XML" in message and "6.000.000" in message
    assert seconds < 2


def test_shared_strings_past_their_limit_are_refused_while_counted():
    limits = replace(officefiles.XLSX, shared_strings=1000)
    data = craft.xlsx(craft.rows(("a",)), shared=["<si><t>x</t></si>" * 5000])
    message, _seconds = refusal(officefiles.check_xlsx, data, limits)
    assert "chuỗi văn bản" in message and "1.000" in message


def test_a_cell_in_column_xfd_is_refused_as_too_wide():
    data = craft.xlsx('<row r="1"><c r="XFD1" t="inlineStr"><is><t>a</t></is></c></row>')
    message, _seconds = refusal(officefiles.check_xlsx, data)
    assert "cột" in message and "256" in message


def test_a_row_numbered_past_the_limit_is_refused():
    data = craft.xlsx('<row r="1048576"><c t="inlineStr"><is><t>a</t></is></c></row>')
    message, _seconds = refusal(officefiles.check_xlsx, data)
    assert "dòng" in message and "100.000" in message


def test_a_sheet_that_declares_itself_16384_columns_wide_reads_only_its_cells():
    data = craft.xlsx(craft.rows(("Mã", "Tên"), ("A", "B")), dimension="A1:XFD1048576")
    started = time.perf_counter()
    rows = list(sheet_rows(read_workbook(data).worksheets[0]))
    assert rows == [("Mã", "Tên"), ("A", "B")]
    assert time.perf_counter() - started < 2


def test_too_many_cells_in_all_are_refused():
    limits = officefiles.Limits(unpacked=10**9, rows=10**6, columns=256, cells=1000, tags=10**6)
    data = craft.xlsx("".join(f'<row r="{n}"><c/><c/></row>' for n in range(1, 600)))
    with pytest.raises(FileRefused, match="ô dữ liệu"):
        officefiles.check_xlsx(data, limits)


@pytest.mark.parametrize(
    "part",
    ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml"],
)
def test_broken_xml_in_any_part_of_a_workbook_is_a_damaged_file(part):
    data = craft.xlsx(craft.rows(("a",)), extra={part: "<?xml version='1.0'?><a><b></a>"})
    with pytest.raises(ValueError, match="Không đọc được tệp Excel"):
        read_workbook(data)


def test_an_entity_bomb_is_not_expanded():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>&i;</t></si></sst>"
    )
    data = craft.xlsx(craft.rows(("a",)), extra={"xl/sharedStrings.xml": bomb})
    started = time.perf_counter()
    try:
        read_workbook(data)
    except ValueError:
        pass
    assert time.perf_counter() - started < 2


def test_a_file_that_unpacks_past_the_limit_is_refused_before_reading():
    limits = officefiles.Limits(unpacked=1000)
    data = craft.xlsx(craft.rows(("a" * 2000,)))
    with pytest.raises(FileRefused, match="giải nén"):
        officefiles.check_xlsx(data, limits)


def test_a_workbook_written_by_openpyxl_reads_as_written():
    book = Workbook()
    book.active.append(["Mã đơn vị", "Tên", 12])
    book.active.append(["HU-399", "Huyện ủy Hoằng Hóa", None])
    buf = io.BytesIO()
    book.save(buf)
    rows = list(sheet_rows(read_workbook(buf.getvalue()).worksheets[0]))
    assert rows == [("Mã đơn vị", "Tên", 12), ("HU-399", "Huyện ủy Hoằng Hóa")]


def test_a_word_file_of_300000_paragraphs_is_refused_in_under_two_seconds():
    data = craft.docx("<w:p/>" * 300_000)
    assert len(data) < 100_000
    message, seconds = refusal(officefiles.docx_lines, data)
    assert "đoạn văn" in message and "50.000" in message
    assert seconds < 2


def test_a_word_file_of_too_many_characters_is_refused():
    data = craft.docx(craft.paragraph("x" * 1_000_000) * 3)
    message, _seconds = refusal(officefiles.docx_lines, data)
    assert "ký tự" in message


def test_broken_xml_in_a_word_file_is_refused_as_not_a_word_document():
    data = craft.docx("<w:p><w:r><w:t>Nghị quyết</w:r></w:p>")
    with pytest.raises(FileRefused, match="không phải là tài liệu Word"):
        officefiles.docx_lines(data)


def test_a_zip_without_a_word_document_is_refused():
    data = craft.docx("", extra={"_rels/.rels": "<Relationships/>"})
    with pytest.raises(FileRefused, match="không phải là tài liệu Word"):
        officefiles.docx_lines(data)


def test_a_word_file_reads_paragraphs_and_table_rows_in_reading_order():
    document = WordDocument()
    document.add_paragraph("Nghị quyết số 09-NQ/TU")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Chỉ tiêu"
    table.cell(0, 1).text = "Năm 2025"
    document.add_paragraph("Kết luận số 14-KL/TU\tngày 05/11/2021")
    buf = io.BytesIO()
    document.save(buf)
    assert officefiles.docx_lines(buf.getvalue()) == [
        "Nghị quyết số 09-NQ/TU",
        "Chỉ tiêu\tNăm 2025",
        "Kết luận số 14-KL/TU\tngày 05/11/2021",
    ]


def test_a_part_of_millions_of_elements_is_refused_before_it_is_parsed():
    styles = "<styleSheet>" + "<a/>" * 1_000_000 + "</styleSheet>"
    data = craft.xlsx(craft.rows(("a",)), extra={"xl/styles.xml": styles})
    message, seconds = refusal(officefiles.check_xlsx, data)
    assert "phần tử XML" in message and seconds < 2
