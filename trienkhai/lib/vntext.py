"""Helpers for Vietnamese text (numbers, dates and Roman numerals: `vnformat`).

Standard library only: no Django import here, so the module can be used from
models, import scripts, management commands and tests alike.

Text
    ``nfc``              Unicode NFC, look-alike Đ/đ fixed, zero-width characters removed.
    ``clean_line``       ``nfc`` plus whitespace collapsed to single spaces (one line).
    ``normalize_text``   ``nfc`` for multi-line text: lines kept, spaces tidied.
    ``fold_tone_placement``  old-style "hoà/thuỷ" -> new-style "hòa/thủy".
    ``search_key`` / ``search_terms``  accent-insensitive search keys.
    ``sort_key`` / ``sort_key_text``   Vietnamese collation (a < ă < â, d < đ ...).

Bulk loads call ``search_key`` and ``sort_key_text`` for every row, so both work
with ``str.translate`` over per-character tables that fill themselves on first
use of a character; no regular expression is compiled per call.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = [
    "clean_line",
    "fold_tone_placement",
    "nfc",
    "normalize_text",
    "search_key",
    "search_terms",
    "sort_key",
    "sort_key_text",
]


class _CharTable(dict):
    """A ``str.translate`` table that computes an entry the first time a character is seen.

    ``str.translate`` looks each code point up with ``table[code]``; a missing key
    calls ``__missing__``, which stores the computed replacement so later calls are
    plain dictionary hits.  The table can grow at most to the number of distinct
    characters ever seen.
    """

    __slots__ = ("_compute",)

    def __init__(self, compute):
        super().__init__()
        self._compute = compute

    def __missing__(self, code):
        value = self._compute(chr(code))
        self[code] = value
        return value


# --------------------------------------------------------------------------- text

# Characters that look like Vietnamese Đ/đ but are different code points:
# U+00D0 Ð (Icelandic eth, capital), U+00F0 ð (eth) and U+0189 Ɖ (African D).
_LOOKALIKE_D = {0x00D0: "Đ", 0x00F0: "đ", 0x0189: "Đ"}

# Invisible characters that sneak in from Word, PDFs and web pages.
_ZERO_WIDTH = {
    0x00AD: None,  # soft hyphen
    0x200B: None,  # zero width space
    0x200C: None,  # zero width non-joiner
    0x200D: None,  # zero width joiner
    0x200E: None,  # left-to-right mark
    0x200F: None,  # right-to-left mark
    0x2060: None,  # word joiner
    0xFEFF: None,  # zero width no-break space / byte order mark
}

_NFC_TABLE = {**_LOOKALIKE_D, **_ZERO_WIDTH}


def nfc(s: str) -> str:
    """Return ``s`` in Unicode NFC with look-alike characters fixed.

    * Ð (U+00D0) and Ɖ (U+0189) become Đ, ð (U+00F0) becomes đ.  Text in this
      system is Vietnamese, so the eth is always a mistyped d-bar.
    * Zero-width characters (ZWSP, ZWJ, ZWNJ, word joiner, BOM, LRM/RLM, soft
      hyphen) are removed.
    * Whitespace is left exactly as it is (use ``clean_line`` or
      ``normalize_text`` to tidy it).

    NFC does not unify tone placement: "Hoá" and "Hóa" stay different (see
    ``fold_tone_placement``).
    """
    return unicodedata.normalize("NFC", s.translate(_NFC_TABLE))


def clean_line(s: str) -> str:
    """Return ``nfc(s)`` as one line: every whitespace run (newlines, tabs,
    no-break spaces included) becomes one space, and the ends are stripped."""
    return " ".join(nfc(s).split())


def normalize_text(s: str) -> str:
    """Return ``nfc(s)`` for multi-line text such as notes and document bodies.

    Line breaks are kept (``\\r\\n``, ``\\r`` and Unicode line separators become
    ``\\n``); inside each line whitespace runs become one space and line ends are
    stripped; runs of blank lines shrink to one blank line; leading and trailing
    blank lines are removed.
    """
    out: list[str] = []
    for line in nfc(s).splitlines():
        line = " ".join(line.split())
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# Tone marks as combining characters, in Vietnamese collation order:
# huyền (grave), hỏi (hook above), ngã (tilde), sắc (acute), nặng (dot below).
_TONE_MARKS = "\u0300\u0309\u0303\u0301\u0323"


def _build_tone_fold():
    """Regex and replacement table for ``fold_tone_placement``."""
    replacements = {}
    for first_letters, second_letters in (("oO", "aAeE"), ("uU", "yY")):
        for first in first_letters:
            for second in second_letters:
                for tone in _TONE_MARKS:
                    old = first + unicodedata.normalize("NFC", second + tone)
                    new = unicodedata.normalize("NFC", first + tone) + second
                    replacements[old] = new
    toned_ae = "".join(sorted({k[1] for k in replacements if k[0] in "oO"}))
    toned_y = "".join(sorted({k[1] for k in replacements if k[0] in "uU"}))
    # Not after "q" (in "quý" the u belongs to the initial "qu"); not followed by a
    # letter or digit (a final consonant or a third vowel: "hoàn", "khuỷu").
    pattern = re.compile(rf"(?<![qQ])(?:[oO][{toned_ae}]|[uU][{toned_y}])(?!\w)")
    return pattern, replacements


_TONE_FOLD_RE, _TONE_FOLD = _build_tone_fold()


def fold_tone_placement(s: str) -> str:
    """Move old-style tone marks to the new-style position; return NFC text.

    Only the open finals oa, oe and uy differ between the two styles:
    "hoà, khoẻ, thuỷ, uỷ, Hoá" become "hòa, khỏe, thủy, ủy, Hóa".  Letter case is
    kept.  Unchanged: "quý", "quỳ" (the u belongs to the initial "qu"), syllables
    with a final consonant or third vowel ("hoàn", "thuyền", "khuỷu"), and text
    already in the new style.
    """
    s = unicodedata.normalize("NFC", s)
    if not _TONE_FOLD_RE.search(s):
        return s
    return _TONE_FOLD_RE.sub(lambda m: _TONE_FOLD[m.group()], s)


# ------------------------------------------------------------------------- search

_D_BAR_CHARS = frozenset("đĐðÐƉ")


def _search_char(ch: str) -> str:
    """Search-key replacement for one character (see ``search_key``)."""
    if ch in _D_BAR_CHARS:
        return "d"
    category = unicodedata.category(ch)
    if category[0] == "M" or category == "Cf":
        return ""  # combining mark (tone, hat, breve...) or zero-width character
    out = []
    for c in unicodedata.normalize("NFD", ch.lower()):
        if unicodedata.category(c)[0] == "M":
            continue
        out.append(c if c.isalnum() else " ")
    return "".join(out)


_SEARCH_TABLE = _CharTable(_search_char)


def search_key(s: str) -> str:
    """Return a key for accent-insensitive, tone-placement-insensitive search.

    Equivalent to: NFD, drop combining marks, map đ/Đ (and look-alikes) to d,
    lowercase, turn every run of non-alphanumeric characters into one space, strip.
    ``search_key("Hoằng Hóa") == search_key("hoang hoa") == "hoang hoa"`` and
    ``search_key("ĐẢNG ỦY") == "dang uy"``.  Works on NFC and NFD input alike.
    """
    return " ".join(s.translate(_SEARCH_TABLE).split())


def file_stem(name: str, default: str = "bao-cao") -> str:
    """A file's name without diacritics or spaces: "48-KH/UBKTTU" → "48-kh-ubkttu"."""
    return "-".join(search_key(name.replace("/", "-")).split()) or default


def search_terms(q: str) -> list[str]:
    """Split a search query into distinct search keys, in order, for AND matching.

    ``search_terms("  Hoằng  hóa, hoằng") == ["hoang", "hoa"]``.
    """
    return list(dict.fromkeys(search_key(q).split()))


# ---------------------------------------------------------------------- collation
#
# The key has three levels, compared one after the other, like ICU/CLDR ``vi``:
#   primary    base letters; a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư; case ignored
#   secondary  tone of each letter: none < huyền < hỏi < ngã < sắc < nặng
#   tertiary   case of each letter: lower < upper
# Every weight is one printable ASCII character above "!" (0x21), which separates
# the levels in ``sort_key_text``; secondary and tertiary weights start at "0"
# (no tone / lower case) so stored keys stay readable.  Letters outside the
# Latin alphabet use their own character as primary weight (above 0x7F, after z).

_LEVEL_SEP = "!"
_PRIMARY_ORDER = (
    [" "]  # whitespace
    # ASCII punctuation and symbols, roughly in CLDR root order
    + list("_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$")
    + ["<other punctuation>", "<other symbol>"]
    + list("0123456789")
    + "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
)
_PRIMARY = {name: chr(0x22 + i) for i, name in enumerate(_PRIMARY_ORDER)}
assert max(_PRIMARY.values()) < "\x7f"

# Marks that turn a base letter into another Vietnamese letter (primary level).
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# Non-decomposable Latin letters with a stroke, sorted with their base letter.
_STROKED = {"ø": "o", "ł": "l", "ħ": "h", "ŧ": "t", "ƀ": "b"}
_STROKE = "<stroke>"
# Other (non-Vietnamese) diacritics, secondary level, after the five tones.
_FOREIGN_MARKS = {
    mark: i
    for i, mark in enumerate(
        [
            "\u0308",  # diaeresis
            "\u030a",  # ring above
            "\u0327",  # cedilla
            "\u030c",  # caron
            "\u0304",  # macron
            "\u0306",  # breve (not on a)
            "\u0302",  # circumflex (not on a/e/o)
            "\u031b",  # horn (not on o/u)
            "\u0307",  # dot above
            "\u0328",  # ogonek
            _STROKE,
        ]
    )
}
_OTHER_MARK = len(_FOREIGN_MARKS)  # any other combining mark
_ABSENT = "\x00"  # placeholder inside sort_key only, never in a returned key
_NO_TONE = "0"
_LOWER = "0"
_UPPER = "1"


def _secondary(tone: int, foreign: int | None) -> str:
    """Secondary weight: 0 no mark, 1..5 Vietnamese tones, then foreign marks."""
    weight = tone if foreign is None else 6 + 6 * foreign + tone
    return chr(0x30 + weight)  # "0".."5" for Vietnamese, at most "}" (0x7D)


def _mark_secondary(marks) -> str:
    tone = 0
    foreign = None
    for mark in marks:
        if mark in _TONE_MARKS and not tone:
            tone = _TONE_MARKS.index(mark) + 1
        elif foreign is None:
            foreign = _FOREIGN_MARKS.get(mark, _OTHER_MARK)
    return _secondary(tone, foreign)


@cache  # per-character weights, computed once
def _collation_element(ch: str) -> tuple[str, str, str]:
    """(primary, secondary, tertiary) weights of one NFC character, one character
    each; ``_ABSENT`` where a level has no weight; all three "" if ignorable."""
    ch = _LOOKALIKE_D.get(ord(ch), ch)
    if ch.isspace():
        return _PRIMARY[" "], _NO_TONE, _LOWER
    category = unicodedata.category(ch)
    if category[0] == "M":  # a combining mark left over after NFC: no primary, no case
        return _ABSENT, _mark_secondary(ch), _ABSENT
    if category[0] == "C":  # control, format (zero-width), private use...
        return "", "", ""
    tertiary = _UPPER if ch != ch.lower() else _LOWER
    if category[0] == "N" and unicodedata.decimal(ch, None) is not None:
        return _PRIMARY[str(unicodedata.decimal(ch))], _NO_TONE, tertiary
    if ch in _PRIMARY and category[0] in "PS":
        return _PRIMARY[ch], _NO_TONE, tertiary
    if category[0] == "P":
        return _PRIMARY["<other punctuation>"], _NO_TONE, tertiary
    if category[0] == "S":
        return _PRIMARY["<other symbol>"], _NO_TONE, tertiary

    decomposed = unicodedata.normalize("NFD", ch)
    base = decomposed[0].lower()
    marks = list(decomposed[1:])
    if base in ("đ", *_STROKED) and not marks:
        if base == "đ":
            return _PRIMARY["đ"], _NO_TONE, tertiary
        return _PRIMARY[_STROKED[base]], _mark_secondary([_STROKE]), tertiary
    for mark in marks:
        letter = _LETTER_MARKS.get((base, mark))
        if letter:
            base = letter
            marks.remove(mark)
            break
    primary = _PRIMARY.get(base) if len(base) == 1 and base.isalpha() else None
    if primary is None:
        # Other scripts and letters: by code point, after z.  One character, so
        # that every element stays three characters wide.
        primary = base if len(base) == 1 else decomposed[0]
    return primary, _mark_secondary(marks), tertiary


# One translation gives, for each character, its three weights side by side
# ("" for ignorable characters); slicing with step 3 then separates the levels.
_ELEMENT_TABLE = _CharTable(lambda ch: "".join(_collation_element(ch)))


def sort_key(s: str) -> tuple[str, str, str]:
    """Return a key that sorts strings in Vietnamese order (ICU/CLDR ``vi`` rules).

    Letters: a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z);
    spaces and punctuation before digits, digits before letters (digit by digit,
    so "10" < "9", as ICU does by default).  Case is ignored until everything
    else is equal (then lower < upper); tones are compared after the letters:
    none < huyền < hỏi < ngã < sắc < nặng.  The text is NFC-normalised first and
    Ð/ð look-alikes count as Đ/đ.

    ``sorted(["Đông", "Bá", "Ân", "Ăn", "An"], key=sort_key)``
    gives ``["An", "Ăn", "Ân", "Bá", "Đông"]``.
    """
    elements = unicodedata.normalize("NFC", s).translate(_ELEMENT_TABLE)
    primary, secondary, tertiary = elements[0::3], elements[1::3], elements[2::3]
    if _ABSENT in elements:
        primary = primary.replace(_ABSENT, "")
        tertiary = tertiary.replace(_ABSENT, "")
    return primary, secondary.rstrip(_NO_TONE), tertiary.rstrip(_LOWER)


def sort_key_text(s: str) -> str:
    """Return ``sort_key(s)`` as one string for a database column.

    Plain code-point (or UTF-8 byte) comparison of these strings gives the same
    order as ``sort_key``, so the column can use a binary / "C" collation and
    ``ORDER BY`` it.  Vietnamese and Latin text gives printable ASCII only (no
    spaces); letters of other scripts appear as themselves.  Length is at most
    ``3 * len(s) + 2`` for NFC input.
    """
    primary, secondary, tertiary = sort_key(s)
    return f"{primary}{_LEVEL_SEP}{secondary}{_LEVEL_SEP}{tertiary}".rstrip(_LEVEL_SEP)
