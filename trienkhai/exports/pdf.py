"""A report as PDF: the same report drawn from an HTML template by WeasyPrint, with the
serif face of `fonts.py` embedded and the charts as inline SVG."""

from django.conf import settings
from django.template.loader import render_to_string

from trienkhai.exports.document import Report
from trienkhai.exports.fonts import font_face_css


def html(report: Report, *, for_print=True) -> str:
    return render_to_string(
        "exports/report_print.html",
        {
            "report": report,
            "margins": settings.TK_REPORT_MARGINS_MM,
            "font_faces": font_face_css() if for_print else "",
        },
    )


def render(report: Report) -> bytes:
    from weasyprint import HTML

    return HTML(string=html(report), base_url=str(settings.BASE_DIR)).write_pdf()
