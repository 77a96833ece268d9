"""Tables and text normalisation behind :mod:`trienkhai.lib.citations`.

Pure stdlib.  The document-type and issuer codes follow Hướng dẫn 36-HD/VPTW (Party)
and Nghị định 30/2020/NĐ-CP (State) as collected in ``reference/domain-vn.md``; codes
not listed there are still accepted when the layout of the symbol is unambiguous.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

# --------------------------------------------------------------------------- kinds

# Canonical type codes, with their printed case (CTr, QĐi, QyĐ, TTr).
KINDS = (
    "NQ",
    "QĐ",
    "QĐi",
    "QyĐ",
    "CT",
    "KL",
    "QC",
    "KH",
    "CTr",
    "HD",
    "BC",
    "TB",
    "CV",
    "CĐ",
    "TTr",
    "BS",
    "TT",
    "TC",
    "ĐA",
    "PA",
    "DA",
    "BB",
    "HĐ",
    "BGN",
    "BTT",
    "GUQ",
    "GM",
    "GGT",
    "GNP",
    "PG",
    "PC",
    "PB",
    "NĐ",
    "TTLT",
    "PL",
    "NQLT",
    "QĐLT",
    "CTLT",
)

_KIND_EXACT = {k: k for k in KINDS}
_KIND_UPPER = {k.upper(): k for k in KINDS}
# Folded keys (Đ -> D): exact ASCII codes win a collision (DA over ĐA, HD over HĐ).
_KIND_FOLDED: dict[str, str] = {}
for _k in sorted(KINDS, key=lambda k: "Đ" in k):
    _KIND_FOLDED.setdefault(_k.upper().replace("Đ", "D"), _k)


def canon_kind(tok: str, strict: bool = True) -> str | None:
    """Map a typed kind code to its canonical form, or None.

    ``strict`` (free text) wants the first letter in upper case, so that
    measurement units such as "km/h" never look like a kind.
    """
    if tok in _KIND_EXACT:
        return tok
    if strict and not tok[:1].isupper():
        return None
    up = tok.upper()
    return _KIND_UPPER.get(up) or _KIND_FOLDED.get(up.replace("Đ", "D"))


# Kind named in words before a symbol (used where the symbol carries no kind code).
KIND_WORDS = {
    "nghị quyết": "NQ",
    "quyết định": "QĐ",
    "chỉ thị": "CT",
    "kết luận": "KL",
    "quy chế": "QC",
    "quy định": "QĐ",
    "kế hoạch": "KH",
    "chương trình": "CTr",
    "hướng dẫn": "HD",
    "báo cáo": "BC",
    "thông báo": "TB",
    "công văn": "CV",
    "công điện": "CĐ",
    "tờ trình": "TTr",
    "thông tri": "TT",
    "đề án": "ĐA",
    "nghị định": "NĐ",
    "thông tư": "TT",
    "bộ luật": "L",
    "luật": "L",
    "pháp lệnh": "PL",
    "văn bản": "CV",
    "thông tư liên tịch": "TTLT",
    "nghị quyết liên tịch": "NQLT",
}


def _trie_regex(words) -> str:
    """An alternation of ``words`` factored by common prefixes, so that the regex
    engine rejects most positions on the first letter; longer words win."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        return "(?:" + "|".join(alts) + (")?" if "" in node else ")")

    return build(trie)


def _case_forms(words) -> str:
    """Each word as written in running text, at the start of a sentence, in title
    case and in capitals ("nghị quyết", "Nghị quyết", "Nghị Quyết", "NGHỊ QUYẾT") —
    rather than IGNORECASE, which would also accept "nGHị QuYếT"."""
    forms = set()
    for w in words:
        forms.update((w, w[:1].upper() + w[1:], w.title(), w.upper()))
    return _trie_regex(forms)


KIND_WORDS_RE = _case_forms(KIND_WORDS)
SO_RE = _case_forms(["số"])
NGAY_RE = _case_forms(["ngày"])

# ------------------------------------------------------------------------- issuers

PARTY_ISSUERS = (
    "TW",
    "TU",
    "HU",
    "ThU",
    "QU",
    "ĐU",
    "ĐUK",
    "ĐUKCCQ",
    "ĐUKDN",
    "ĐUQSTW",
    "ĐUCATW",
    "ĐUQS",
    "ĐUCA",
    "BTGTW",
    "BTCTW",
    "UBKTTW",
    "VPTW",
    "BNCTW",
    "BDVTW",
    "BKTTW",
    "BTGDVTW",
    "BCĐ",
    "BCĐTW",
    "BTGTU",
    "BTGDVTU",
    "UBKTTU",
    "BNCTU",
    "VPTU",
    "BTCTU",
    "BDVTU",
    "BTGHU",
    "BTCHU",
    "UBKTHU",
    "VPHU",
    "BCSĐ",
    "ĐĐ",
    "ĐĐQH",
    "ĐĐHĐND",
)
STATE_ISSUERS = (
    "CP",
    "TTg",
    "UBND",
    "HĐND",
    "VPCP",
    "VP",
    "CTN",
    "NHNN",
    "BHXH",
    "KTNN",
    "TTCP",
    "TANDTC",
    "VKSNDTC",
    "UBTVQH",
    "QH",
    "BNV",
    "BTC",
    "BGDĐT",
    "BYT",
    "BCA",
    "BQP",
    "BKHĐT",
    "BTNMT",
    "BNNPTNT",
    "BNNMT",
    "BXD",
    "BGTVT",
    "BCT",
    "BTTTT",
    "BLĐTBXH",
    "BVHTTDL",
    "BKHCN",
    "BTP",
    "BNG",
    "BDTTG",
    "UBDT",
    "SNV",
    "STC",
    "SGDĐT",
    "SYT",
    "SXD",
    "STNMT",
    "SNNPTNT",
    "SNNMT",
    "SVHTTDL",
    "SCT",
    "STTTT",
    "SLĐTBXH",
    "SGTVT",
    "SKHĐT",
    "SKHCN",
    "STP",
    "SVHTT",
    "SDL",
    "BQLKKT",
    "UBMTTQ",
    "MTTQ",
)
_ISSUER_UPPER = {i.upper(): i for i in PARTY_ISSUERS + STATE_ISSUERS}
_ISSUER_FOLDED: dict[str, str] = {}
for _i in PARTY_ISSUERS + STATE_ISSUERS:
    _ISSUER_FOLDED.setdefault(_i.upper().replace("Đ", "D"), _i)

_PARTY_ISSUER_RE = re.compile(
    r"(?:[A-ZĐ]*(?:TW|TU|HU|QU|ThU)|ĐU[A-ZĐ]*|ĐĐ[A-ZĐ]*|BCS[A-ZĐ]*|BCĐTW)\d*"
)
_STATE_ISSUER_RE = re.compile(
    r"(?:CP|TTg|UBND|HĐND|VPCP|QH\d+|UBTVQH\d+|NHNN|BHXH|KTNN|TTCP|TANDTC|VKSNDTC"
    r"|CTN|B(?:NV|TC|GDĐT|YT|CA|QP|KHĐT|TNMT|NNPTNT|NNMT|XD|GTVT|CT|TTTT|LĐTBXH"
    r"|VHTTDL|KHCN|TP|NG|DTTG))"
)
_QH_RE = re.compile(r"(?:UBTV)?QH\d{1,2}")


def canon_issuer(tok: str, strict: bool = True) -> str:
    """Canonical issuer part: known codes in their printed case, TƯ -> TW.

    Unknown codes keep their case, except that a code typed all in lower case for a
    search (not ``strict``) is upper-cased.
    """
    if "TƯ" in tok:
        tok = tok.replace("TƯ", "TW")
    up = tok.upper()
    known = _ISSUER_UPPER.get(up) or _ISSUER_FOLDED.get(up.replace("Đ", "D"))
    if known:
        return known
    if _QH_RE.fullmatch(up):
        return up
    return up if not strict and tok.islower() else tok


def is_party_issuer(issuer: str) -> bool:
    return bool(_PARTY_ISSUER_RE.fullmatch(issuer.split("-")[0]))


_STATE_SET = frozenset(STATE_ISSUERS)


def is_state_issuer(issuer: str) -> bool:
    first = issuer.split("-")[0]
    return first in _STATE_SET or bool(_STATE_ISSUER_RE.fullmatch(first))


def looks_like_issuer(issuer: str) -> bool:
    """A code of at least two letters, upper case but for a stray 'h'/'g' (ThU, TTg)."""
    letters = [c for c in issuer if c.isalpha()]
    lower = sum(1 for c in letters if c.islower())
    return len(letters) >= 2 and issuer[0].isupper() and lower <= 1


def split_glued(tok: str) -> tuple[str, str] | None:
    """OCR slip 'NĐCP' -> ('NĐ', 'CP'): a known kind glued to a known issuer."""
    for k in sorted(KINDS, key=len, reverse=True):
        if len(tok) > len(k) and tok[: len(k)].upper() == k.upper():
            rest = tok[len(k) :]
            iss = canon_issuer(rest)
            if iss.upper() in _ISSUER_UPPER or _QH_RE.fullmatch(iss):
                return k, iss
    return None


# -------------------------------------------------------------------- normalisation

_LOOKALIKES = {
    "\u00d0": "Đ",
    "\u0189": "Đ",
    "\u00f0": "đ",
    "\u0256": "đ",
    "\u2044": "/",
    "\u2215": "/",
    "\uff0f": "/",
    "\u29f8": "/",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\ufe63": "-",
    "\uff0d": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2007": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u3000": " ",
    "\u200b": " ",
    "\u200c": " ",
    "\u200d": " ",
    "\ufeff": " ",
}
# Cyrillic and Greek capitals/smalls that print like Latin ones.
for _src, _dst in zip("АВСЕНКМОРТХІЈЅаеорсухіјѕ", "ABCEHKMOPTXIJSaeopcyxijs", strict=True):
    _LOOKALIKES[_src] = _dst
for _src, _dst in zip("ΑΒΕΗΙΚΜΝΟΡΤΧΥΖ", "ABEHIKMNOPTXYZ", strict=True):
    _LOOKALIKES[_src] = _dst
_LOOKALIKE_RE = re.compile("[" + "".join(_LOOKALIKES) + "]")


def _fold_lookalike(m: re.Match) -> str:
    return _LOOKALIKES[m.group()]


class OffsetMap:
    """Maps positions in the normalised text back to the original string.

    NFC is applied chunk by chunk (chunks end before a space, where composition
    cannot reach across); a chunk whose length changed is mapped finely on demand,
    by a binary search over the NFC lengths of its prefixes.
    """

    __slots__ = ("orig", "nstarts", "ostarts", "oends", "changed")

    def __init__(self, orig: str = "", chunks: list[tuple[int, int, int, bool]] = ()):
        self.orig = orig
        self.nstarts = [c[0] for c in chunks]
        self.ostarts = [c[1] for c in chunks]
        self.oends = [c[2] for c in chunks]
        self.changed = [c[3] for c in chunks]

    def start(self, pos: int) -> int:
        return self._map(pos, False)

    def end(self, pos: int) -> int:
        return self._map(pos, True)

    def _map(self, pos: int, is_end: bool) -> int:
        if not self.nstarts:
            return pos
        k = max(0, bisect.bisect_right(self.nstarts, pos) - 1)
        d = pos - self.nstarts[k]
        os_ = self.ostarts[k]
        if not self.changed[k]:
            return os_ + d
        chunk = self.orig[os_ : self.oends[k]]
        lo, hi = 0, len(chunk)
        if is_end:  # the last prefix whose NFC is not longer than d (keeps trailing marks)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if len(unicodedata.normalize("NFC", chunk[:mid])) <= d:
                    lo = mid
                else:
                    hi = mid - 1
        else:  # the first prefix whose NFC reaches d
            while lo < hi:
                mid = (lo + hi) // 2
                if len(unicodedata.normalize("NFC", chunk[:mid])) >= d:
                    hi = mid
                else:
                    lo = mid + 1
        return os_ + lo


_CHUNK = 48


def normalise(text: str) -> tuple[str, OffsetMap]:
    """NFC and look-alike folding, with a map back to the original offsets.

    The common case — NFC text — costs one C-level check.  Look-alike folding is
    one-for-one, so only NFC composition moves offsets.
    """
    omap = OffsetMap()
    if not unicodedata.is_normalized("NFC", text):
        orig = text
        pieces: list[str] = []
        chunks: list[tuple[int, int, int, bool]] = []
        i, npos, n = 0, 0, len(orig)
        while i < n:
            j = orig.find(" ", i + _CHUNK)
            j = n if j < 0 else j
            piece = unicodedata.normalize("NFC", orig[i:j])
            chunks.append((npos, i, j, len(piece) != j - i))
            pieces.append(piece)
            npos += len(piece)
            i = j
        text = "".join(pieces)
        omap = OffsetMap(orig, chunks)
    if _LOOKALIKE_RE.search(text):
        text = _LOOKALIKE_RE.sub(_fold_lookalike, text)
    return text, omap
