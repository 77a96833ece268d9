"""The serif face of printed reports. Liberation Serif 2 (Debian's fonts-liberation2) is
metric-compatible with Times New Roman, so the PDF lays out as the Word file does; Debian's
older fonts-liberation has the same family name but lacks many Vietnamese letters, so the
files are named by path, never by family. Where it is missing, Noto Serif from the
`fontpkg-noto-serif` wheel, which the build always installs."""

from functools import cache
from pathlib import Path

from django.conf import settings

LIBERATION2 = Path("/usr/share/fonts/truetype/liberation2")
FACES = {  # (weight, style) -> file name
    ("normal", "normal"): "Regular",
    ("bold", "normal"): "Bold",
    ("normal", "italic"): "Italic",
    ("bold", "italic"): "BoldItalic",
}
# Every letter Vietnamese writes, capitals too: a face must draw them all itself.
VIETNAMESE = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
)
VIETNAMESE += VIETNAMESE.upper()


def _noto():
    import fontpkg_noto_serif

    base = Path(fontpkg_noto_serif.__file__).resolve().parent / "files"
    upright, italic = base / "NotoSerif[wdth,wght].ttf", base / "NotoSerif-Italic[wdth,wght].ttf"
    return {key: italic if key[1] == "italic" else upright for key in FACES}


@cache
def serif_files() -> dict:
    """(weight, style) -> font file of the report face."""
    configured = getattr(settings, "TK_REPORT_FONT_DIR", "")
    for folder, pattern in (
        (Path(configured), "{face}"),
        (LIBERATION2, "LiberationSerif-{face}.ttf"),
    ):
        if configured or folder == LIBERATION2:
            files = {
                key: folder / pattern.format(face=face)
                for key, face in FACES.items()
                if (folder / pattern.format(face=face)).is_file()
            }
            if len(files) == len(FACES):
                return files
    return _noto()


def missing_letters(path) -> str:
    """The Vietnamese letters a font file does not draw ("" when it draws them all)."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(path), lazy=True).getBestCmap()
    return "".join(ch for ch in VIETNAMESE if ord(ch) not in cmap)


def font_face_css() -> str:
    return "\n".join(
        f'@font-face {{ font-family: "TK Serif"; font-weight: {weight}; font-style: {style};'
        f' src: url("{path.as_uri()}"); }}'
        for (weight, style), path in serif_files().items()
    )
