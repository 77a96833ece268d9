"""One report, any file: Word, PDF or Excel."""

from trienkhai.exports import docx, pdf, xlsx

RENDERERS = {"docx": docx.render, "pdf": pdf.render, "xlsx": xlsx.render}


def render(report, fmt) -> bytes:
    return RENDERERS[fmt](report)


def filename(report, fmt) -> str:
    from trienkhai.lib.vntext import file_stem

    return f"{file_stem(report.filename)}.{fmt}"
