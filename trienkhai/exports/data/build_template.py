"""Writes `bao-cao.docx`, the Word template of reports (run by hand when the layout
changes: `.venv/bin/python trienkhai/exports/data/build_template.py`).

The văn thư may then edit the .docx in Word — fonts, spacing, the wording of the fixed
parts — keeping the Jinja tags (docxtpl): {{ superior }}, {{ issuer }}, {{ number }},
{{ place_date }}, {{ kind_name }}, {{ summary }}, {{p body }}, {{ on_behalf }},
{{ title }}, {{ signer }}, and the loop over `recipients`. Layout of Hướng dẫn
36-HD/VPTW: the issuing bodies and the star at the top left, "ĐẢNG CỘNG SẢN VIỆT NAM"
and the place and date at the top right, the type and summary centred, the signature
at the right and "Nơi nhận" at the left under the body; Times New Roman on A4."""

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"


def _font(style_or_run, size=None, bold=None, italic=None, underline=None):
    font = style_or_run.font
    font.name = FONT
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if underline is not None:
        font.underline = underline


def _para(
    cell_or_doc,
    text,
    *,
    size=14,
    bold=False,
    italic=False,
    underline=False,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    after=0,
):
    p = cell_or_doc.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.first_line_indent = Pt(0)
    run = p.add_run(text)
    _font(run, size, bold, italic, underline)
    return p


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.makeelement(qn("w:tblBorders"), {})
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = borders.makeelement(qn(f"w:{edge}"), {qn("w:val"): "nil"})
        borders.append(el)
    tbl_pr.append(borders)


def build(path=HERE / "bao-cao.docx"):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    _font(normal, 14)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    doc.core_properties.title = "Báo cáo"
    doc.core_properties.language = "vi-VN"
    # The body paragraph holder must be the first paragraph for python-docx: remove the
    # empty one a new document starts with.
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)

    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(head)
    head.autofit = False
    left, right = head.rows[0].cells
    head.columns[0].width, head.columns[1].width = Mm(70), Mm(95)
    left.width, right.width = Mm(70), Mm(95)
    left.paragraphs[0]._element.getparent().remove(left.paragraphs[0]._element)
    right.paragraphs[0]._element.getparent().remove(right.paragraphs[0]._element)
    _para(left, "{{ superior }}", size=14)
    _para(left, "{{ issuer }}", size=14, bold=True)
    _para(left, "*", size=14)
    _para(left, "{{ number }}", size=14)
    _para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True, after=10)
    _para(right, "{{ place_date }}", size=14, italic=True)

    _para(doc, "", after=6)
    _para(doc, "{{ kind_name }}", size=16, bold=True)
    _para(doc, "{{ summary }}", size=14, bold=True)
    _para(doc, "-----", size=14, after=12)
    _para(doc, "{%p if is_sample %}", size=12)
    _para(
        doc,
        "(Báo cáo có số liệu mẫu của hệ thống Triển Khai, không dùng để ban hành.)",
        size=12,
        italic=True,
        after=6,
    )
    _para(doc, "{%p endif %}", size=12)
    _para(doc, "{{p body }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    sign.autofit = False
    left, right = sign.rows[0].cells
    sign.columns[0].width, sign.columns[1].width = Mm(80), Mm(85)
    left.width, right.width = Mm(80), Mm(85)
    for cell in (left, right):
        cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    _para(left, "Nơi nhận:", size=14, bold=True, underline=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(left, "{%p for r in recipients %}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(
        left,
        "- {{ r }}{% if loop.last %}.{% else %},{% endif %}",
        size=12,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    _para(left, "{%p endfor %}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(right, "{{ on_behalf }}", size=14, bold=True)
    _para(right, "{{ title }}", size=14, bold=True, after=60)
    _para(right, "{{ signer }}", size=14, bold=True)
    doc.save(path)
    return path


if __name__ == "__main__":
    print(build())
