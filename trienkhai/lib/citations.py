"""Citations of Vietnamese Party and State documents in free text.

``extract(text)`` finds every document symbol (``621-QĐ/TU``, ``30/2020/NĐ-CP``,
``1234/QĐ-UBND``, ``4567/UBND-KTTC``, ``80/2015/QH13``) with, where the text states
them, the issue date, the issuing body and the title.  ``parse_symbol(s)`` reads one
symbol typed for a search.  Pure stdlib; spans refer to the original string.

How it works, in one pass over the text:

1. :func:`normalise` folds look-alikes (Ð, Cyrillic С, ⁄, en dashes) one for one and
   composes NFD input to NFC, keeping an offset map for the spans.
2. ``_SYM_RE`` finds symbols (with a leading list of bare numbers: "01, 02-NQ/TU");
   :func:`_suffix` validates the codes and writes the canonical symbol.
3. Small anchored regexes read the context after each symbol (date, "của <body>",
   "(khóa …)", then the title) and, failing that, before it ("Ngày …, <body> ban hành
   Nghị quyết số …").  Dates only come from those patterns, so deadlines, effective
   dates and meeting dates never attach.
4. Items of one list share date, body and title; items joined by "và"/"," share a
   date stated before the first one.
5. A title ends where the next citation begins (its kind word and "số" left out),
   unless the title names that document as its object ("tiếp tục thực hiện Nghị quyết
   số 02-NQ/TU"): :func:`_title_before_next`.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import re
import sys
from dataclasses import dataclass

from trienkhai.lib.citations_context import (
    ContextReader,
    group_links,
    list_context_ok,
)
from trienkhai.lib.citations_tables import (
    KIND_WORDS,
    KIND_WORDS_RE,
    SO_RE,
    canon_issuer,
    canon_kind,
    is_party_issuer,
    is_state_issuer,
    looks_like_issuer,
    normalise,
    split_glued,
)

__all__ = ["Citation", "extract", "parse_symbol", "main"]


@dataclass(frozen=True)
class Citation:
    system: str  # "party" or "state"
    kind: str
    number: str
    year: int | None
    issuer: str
    symbol: str
    date: datetime.date | None
    body: str | None
    title: str | None
    start: int
    end: int

    def to_dict(self) -> dict:
        return {
            "system": self.system,
            "kind": self.kind,
            "number": self.number,
            "year": self.year,
            "issuer": self.issuer,
            "symbol": self.symbol,
            "date": self.date.isoformat() if self.date else None,
            "body": self.body,
            "title": self.title,
            "start": self.start,
            "end": self.end,
        }


# ------------------------------------------------------------------------ symbols

# "BGD&ĐT", "BNN&PTNT": an ampersand inside a code is dropped (BGDĐT, BNNPTNT).
_TOK = r"[A-Za-zĐđƯư][A-Za-zĐđƯư0-9]{0,15}+(?:&[A-ZĐ][A-Za-zĐđ0-9]{0,8}+)?"
_S = r"[ \t]{0,2}(?:\r?\n[ \t]{0,2})?"  # spaces and at most one line break
_SEP = rf"{_S}(?:,|&|và|hoặc){_S}(?:số{_S})?"
# Starts with a bare \d so that the regex engine skips to digits in C; the
# look-behind drops starts inside a number, and possessive quantifiers keep
# failures cheap.  A leading list of bare numbers ("01, 02-NQ/TU") is part of the
# match; <last> is then the number that carries the code.
_SYM_RE = re.compile(
    rf"""
    (?P<head>\d(?<!\d\d)\d{{0,5}}+)(?:{_SEP}(?P<last>\d{{1,6}}+)){{0,8}}
    {_S}(?:
        /{_S}(?:
            (?P<year>(?:19|20)\d\d){_S}/{_S}(?P<ytail>{_TOK}(?:{_S}-{_S}{_TOK}){{0,3}})
          | (?P<stail>{_TOK}(?:{_S}-{_S}{_TOK}){{0,3}}))
      | -?{_S}(?P<pkind>{_TOK}){_S}/{_S}(?P<piss>{_TOK})
    )
    (?!\w)
    """,
    re.X,
)
_NUM_RE = re.compile(r"\d{1,6}")
_SPLIT_DASH_RE = re.compile(r"\s*-\s*")
_SPACE_ISSUER_RE = re.compile(rf"[ ]{{1,2}}({_TOK})(?!\w)")
_BAD_BEFORE = frozenset("./-_")
_SO = frozenset(("số", "Số", "SỐ"))
# Form and appendix numbers ("Mẫu số 01/BC-TH", "Phụ lục 2/KH") are not documents.
_FORM_BEFORE_RE = re.compile(r"(?i:mẫu|biểu|phụ lục)(?:\s+(?i:số|biểu))?\s{0,2}:?\s{0,2}$")
# "Nghị định 30/2020" written without its code: the issuer of a Nghị định is always CP.
_ND_TAIL = (
    rf"\s{{1,3}}(?:(?i:số)\s*:?\s*)?(?P<num>\d{{1,4}}){_S}/{_S}"
    rf"(?P<year>(?:19|20)\d\d)(?![\w/]|\s{{0,3}}/)"
)
_ND_RES = (
    re.compile("ghị định(?<=[Nn]ghị định)" + _ND_TAIL),
    re.compile("GHỊ ĐỊNH(?<=NGHỊ ĐỊNH)" + _ND_TAIL),
)
_QH_KIND_DEFAULT = {"QH": "L", "UBTVQH": "NQ"}
_CV_ALONE = frozenset(("UBND", "HĐND"))
_KIND_LIKE_RE = re.compile(r"[A-ZĐ][A-ZĐ]{0,5}[a-z]?")


@functools.lru_cache(maxsize=4096)
def _suffix(
    year: str | None, parts: tuple, party_layout: bool, kindword: str | None, strict: bool
) -> tuple | None:
    """(system, kind, year, issuer, symbol without its number) for a symbol's codes."""
    y = int(year) if year else None
    if party_layout:
        kind = canon_kind(parts[0], strict)
        issuer = canon_issuer(parts[1], strict)
        if kind is None and is_party_issuer(issuer) and _KIND_LIKE_RE.fullmatch(parts[0]):
            kind = parts[0]  # a code missing from the tables ("12-CTHĐ/TU"): keep it
        if not kind or not looks_like_issuer(issuer):
            return None
        if is_state_issuer(issuer) and not is_party_issuer(issuer):
            return ("state", kind, None, issuer, f"/{kind}-{issuer}")
        return ("party", kind, None, issuer, f"-{kind}/{issuer}")
    kind = canon_kind(parts[0], strict)
    if kind is None:
        qh = canon_issuer(parts[0], strict)
        base = qh.rstrip("0123456789")
        if y and len(parts) == 1 and base in _QH_KIND_DEFAULT and base != qh:
            kind = KIND_WORDS.get(kindword or "")
            if kind not in ("L", "NQ", "PL"):
                kind = _QH_KIND_DEFAULT[base]
            return ("state", kind, y, qh, f"/{y}/{qh}")
        glued = split_glued(parts[0])
        if glued:
            kind, parts = glued[0], (glued[0], glued[1], *parts[1:])
        elif y:
            return None
        else:  # công văn: number / issuer-unit, no kind code
            issuer = "-".join(canon_issuer(p, strict) for p in parts)
            first = issuer.split("-")[0]
            # Alone, only a people's committee or council code ("124/UBND"): "Đề án 06/CP"
            # is a name, not a symbol.
            if not looks_like_issuer(first) or (len(parts) == 1 and first not in _CV_ALONE):
                return None
            return ("state", "CV", None, issuer, f"/{issuer}")
    if len(parts) < 2:
        return None
    issuer = "-".join(canon_issuer(p, strict) for p in parts[1:])
    if not looks_like_issuer(issuer.split("-")[0]):
        return None
    if is_party_issuer(issuer):
        return ("party", kind, None, issuer, f"-{kind}/{issuer}")
    if y:
        return ("state", kind, y, issuer, f"/{y}/{kind}-{issuer}")
    return ("state", kind, None, issuer, f"/{kind}-{issuer}")


_CV_WORDS = frozenset(("công văn", "văn bản"))


@functools.lru_cache(maxsize=1024)
def _cv_alone(code: str) -> tuple | None:
    """A công văn numbered with its agency's code alone ("567/SYT"), or None."""
    issuer = canon_issuer(code, True)
    if not looks_like_issuer(issuer) or not is_state_issuer(issuer):
        return None
    return ("state", "CV", None, issuer, f"/{issuer}")


def _fields(num: str, suffix: tuple) -> tuple:
    system, kind, year, issuer, rest = suffix
    return (system, kind, num, year, issuer, num + rest)


class _Raw:
    """A citation being built (positions in the normalised text)."""

    __slots__ = (
        "fields",
        "start",
        "end",
        "list_id",
        "date",
        "body",
        "title",
        "date_before",
        "body_before",
        "ctx_end",
        "tend",
        "same",
    )

    def __init__(self, fields, start, end, list_id):
        self.fields, self.start, self.end, self.list_id = fields, start, end, list_id
        self.date = self.body = self.title = self.date_before = self.body_before = None


def _find_symbols(norm: str, reader: ContextReader) -> list[_Raw]:
    raws: list[_Raw] = []
    append = raws.append
    for m in _SYM_RE.finditer(norm):
        head, last, year, ytail, stail, pkind, piss = m.groups()
        end = m.end()
        if pkind is not None:
            if "&" in piss or "&" in pkind:
                pkind, piss = pkind.replace("&", ""), piss.replace("&", "")
            parts, party_layout = (pkind, piss), True
            ks = m.start("pkind")
            if "-" not in norm[max(0, ks - 3) : ks] and canon_kind(pkind) is None:
                continue  # an unknown code needs the hyphen: "5 USD/TU" is no symbol
        else:
            party_layout = False
            tail = ytail or stail
            parts = tuple(_SPLIT_DASH_RE.split(tail.replace("&", "") if "&" in tail else tail))
            if len(parts) == 1 and canon_kind(parts[0]):
                nxt = _SPACE_ISSUER_RE.match(norm, end)  # "NĐ CP": a space for the hyphen
                if nxt:
                    iss = canon_issuer(nxt.group(1))
                    if is_state_issuer(iss) or is_party_issuer(iss):
                        parts += (nxt.group(1),)
                        end = nxt.end()
        kindword = None
        head_start = m.start()
        if year and "QH" in parts[0].upper():
            kindword = reader.kind_word_before(head_start)
        suffix = _suffix(year, parts, party_layout, kindword, True)
        if suffix is None:
            if year or party_layout or len(parts) != 1:
                continue
            # "Công văn số 567/SYT": after "công văn"/"văn bản" an agency code alone will do
            suffix = _cv_alone(parts[0])
            if suffix is None or reader.kind_word_before(head_start) not in _CV_WORDS:
                continue
        before = norm[max(0, head_start - 16) : head_start]
        if (
            "ẫu" in before or "iểu" in before or "lục" in before or "ẪU" in before
        ) and _FORM_BEFORE_RE.search(before):
            continue
        if (
            suffix[1] == "CV"
            and suffix[0] == "state"
            and not is_state_issuer(suffix[3])
            and "số" not in before.lower()
            and not reader.kind_word_before(head_start)
        ):
            continue  # "Khu 3/KDC-BT": an unknown code with neither "số" nor a kind word
        # No letter, digit, '.', '/' or '-' glued before the number — except "số621".
        c = before[-1:]
        glued = c and (c.isalnum() or c in _BAD_BEFORE) and before[-2:] not in _SO
        list_id = len(raws)
        if last is None:
            if not glued:
                append(_Raw(_fields(head, suffix), head_start, end, list_id))
            continue
        last_start = m.start("last")
        if not glued and list_context_ok(norm, head_start, raws):
            for nm in _NUM_RE.finditer(norm, head_start, last_start):
                append(_Raw(_fields(nm.group(), suffix), nm.start(), nm.end(), list_id))
        append(_Raw(_fields(last, suffix), last_start, end, list_id))
    for rx in _ND_RES:
        for m in rx.finditer(norm):
            n, y = m.group("num"), int(m.group("year"))
            fields = ("state", "NĐ", n, y, "CP", f"{n}/{y}/NĐ-CP")
            raws.append(_Raw(fields, m.start("num"), m.end(), -1 - m.start()))
    raws.sort(key=lambda r: r.start)
    return raws


# ------------------------------------------------------------------------ titles

# The words that start the next citation inside a title: "Quyết định số ", "Nghị quyết
# chuyên đề số ", "Chỉ thị ", "số ".
_LEAD_IN_RE = re.compile(
    rf"(?<!\w)(?:(?:{KIND_WORDS_RE})(?:\s+(?:hành động|liên tịch|chuyên đề))?\s{{0,3}}"
    rf"(?:(?:{SO_RE})\s{{0,2}}:?\s{{0,2}})?|(?:{SO_RE})\s{{0,2}}:?\s{{0,2}})$"
)
# ... and the words by which a title names a document as its object: "thực hiện",
# "thay thế", "theo", "hướng dẫn", "được thay thế bởi" (before an optional "các").
_OBJECT_OF_RE = re.compile(
    r"(?<!\w)(?i:thực hiện|triển khai|quán triệt|cụ thể hóa|cụ thể hoá|học tập|sơ kết"
    r"|tổng kết|kiểm tra|giám sát|theo|sửa đổi|bổ sung|thay thế|bãi bỏ|hủy bỏ|huỷ bỏ|bởi"
    r"|hướng dẫn|ban hành|tại|của|về|việc|đối với|điều chỉnh|hợp nhất)"
    r"(?:\s+(?:các|những))?\s{0,3}$"
)
_CUT_STRIP = " \t\r\n,:;.-–(\"'“‘«"
_TRAILING_LINK_RE = re.compile(r"(?:\s+(?:và|hoặc|cùng|với))+$")


def _title_before_next(norm: str, r: _Raw, nxt: _Raw) -> None:
    """Cut ``r``'s title where the next citation begins, when it ran into it."""
    if r.tend is None or not r.end <= nxt.start < r.tend:
        return
    tstart = norm.find(r.title, r.ctx_end)
    if tstart < 0 or nxt.start < tstart:
        return
    lead = _LEAD_IN_RE.search(norm, max(tstart, nxt.start - 40), nxt.start)
    cut = lead.start() if lead else nxt.start
    if _OBJECT_OF_RE.search(norm, max(r.end, cut - 40), cut):
        return
    title = _TRAILING_LINK_RE.sub("", norm[tstart:cut].rstrip(_CUT_STRIP))
    r.title = title.rstrip(_CUT_STRIP) or None
    r.tend = cut


def extract(text: str) -> list[Citation]:
    """All citations in ``text``, in order of appearance."""
    return _extract(text)


def _extract(text: str) -> list[Citation]:
    norm, omap = normalise(text)
    reader = ContextReader(norm)
    raws = _find_symbols(norm, reader)
    if not raws:
        return []
    for i, r in enumerate(raws):
        nxt = raws[i + 1].start if i + 1 < len(raws) else None
        nxt_end = raws[i + 1].end if i + 1 < len(raws) else None
        r.date, r.body, r.title, r.ctx_end, r.tend, r.same = reader.after(r.end, nxt, nxt_end)
        if r.title and nxt is not None:
            _title_before_next(norm, r, raws[i + 1])
    tight, loose = group_links(norm, raws)
    # A date, body or title stated after the last item of a list serves every item.
    for i in range(len(raws) - 2, -1, -1):
        if tight[i]:
            a, b = raws[i], raws[i + 1]
            a.date = a.date or b.date
            a.body = a.body or b.body
            a.title = a.title or b.title
        elif loose[i] and raws[i + 1].same and raws[i + 1].date:
            # "Nghị quyết số 20/… và Nghị quyết số 21/… cùng ngày 14/7/2023"
            a, b = raws[i], raws[i + 1]
            if a.date is None:
                a.date, a.same = b.date, True
    # "Ngày …, <body> ban hành Nghị quyết số …": the date before the first item of a
    # chain joined by "và" / "," serves the chain.
    for i, r in enumerate(raws):
        if i and loose[i - 1]:
            prev = raws[i - 1]
            r.date = r.date or prev.date_before
            r.body = r.body or prev.body_before
            r.date_before, r.body_before = prev.date_before, prev.body_before
            continue
        if r.date and r.body:
            continue
        lo = raws[i - 1].ctx_end if i else 0
        d, body = reader.before(lo, r.start)
        r.date_before, r.body_before = d, body
        r.date = r.date or d
        r.body = r.body or body
    out = []
    for r in raws:
        system, kind, number, year, issuer, symbol = r.fields
        out.append(
            Citation(
                system,
                kind,
                number,
                year,
                issuer,
                symbol,
                r.date,
                r.body,
                r.title,
                omap.start(r.start),
                omap.end(r.end),
            )
        )
    return out


# ------------------------------------------------------------------- parse_symbol

_PS_TOKENS_RE = re.compile(r"\d+|[^\W\d_]+\d*")


def parse_symbol(s: str) -> Citation | None:
    """Read one symbol typed for a search: "621 qd tu", "621-QD/TU", "30/2020/nd-cp"."""
    norm, _ = normalise(s.strip().replace("&", ""))
    # Quotes, brackets and "№" around the number ("12-KH/ĐU" in quotes, "(1) QĐ TU",
    # "№5-NQ/TU") are not part of it.
    norm = re.sub(r"^[^\w]+|[^\w]+$", "", norm.replace("№", " "))
    toks = _PS_TOKENS_RE.findall(norm)
    if len(toks) < 2 or not toks[0].isdigit():
        return None
    num, year, rest = toks[0], None, toks[1:]
    if len(rest) >= 2 and re.fullmatch(r"(?:19|20)\d\d", rest[0]):
        year, rest = rest[0], rest[1:]
    if any(t.isdigit() for t in rest):
        return None
    leading = re.match(r"\s*\d+\s*([-/])?", norm)
    if leading is None:  # the first token is a number, but not where the text starts
        return None
    sep = leading.group(1)
    rest = tuple(rest)
    if sep == "-" and len(rest) == 2:
        suffix = _suffix(None, rest, True, None, False)
    elif sep == "/" or len(rest) != 2 or year:
        suffix = _suffix(year, rest, False, None, False)
    else:
        kind = canon_kind(rest[0], False)
        state = not kind or is_state_issuer(canon_issuer(rest[1], False))
        suffix = _suffix(year, rest, not state, None, False)
    if suffix is None and sep == "/" and not year and len(rest) == 1:
        suffix = _cv_alone(rest[0])
    if suffix is None:
        return None
    system, kind, number, y, issuer, symbol = _fields(num, suffix)
    return Citation(system, kind, number, y, issuer, symbol, None, None, None, 0, len(s))


# --------------------------------------------------------------------------- CLI


def _utf8(stream):
    """The process's own stream, switched to UTF-8 whatever the locale says."""
    if hasattr(stream, "reconfigure"):
        stream.reconfigure(encoding="utf-8")
    return stream


def main(argv=None, stdin=None, stdout=None) -> int:
    """``cite [FILE|-] [--json]`` or ``cite --jsonl`` (JSON lines on stdin)."""
    stdin = stdin or _utf8(sys.stdin)
    stdout = stdout or _utf8(sys.stdout)
    parser = argparse.ArgumentParser(
        prog="cite", description="Trích số, ký hiệu văn bản Đảng và Nhà nước từ văn bản."
    )
    parser.add_argument("file", nargs="?", default="-", help="tệp văn bản UTF-8, '-' = stdin")
    parser.add_argument("--json", action="store_true", help="in danh sách JSON")
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help='đọc dòng JSON {"id", "text"} từ stdin, ghi {"id", "citations"}',
    )
    args = parser.parse_args(argv)
    if args.jsonl:
        status = 0
        for line in stdin:
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = item["text"]
                if not isinstance(text, str):
                    raise TypeError("text")
            except (ValueError, KeyError, TypeError) as exc:
                status = 1
                stdout.write(
                    json.dumps(
                        {"id": None, "error": f"dòng không hợp lệ: {exc}"}, ensure_ascii=False
                    )
                    + "\n"
                )
                continue
            cites = [c.to_dict() for c in extract(text)]
            stdout.write(
                json.dumps({"id": item.get("id"), "citations": cites}, ensure_ascii=False) + "\n"
            )
        return status
    if args.file == "-":
        text = stdin.read()
    else:
        try:
            with open(args.file, encoding="utf-8") as fh:
                text = fh.read()
        except OSError as exc:
            sys.stderr.write(f"cite: không đọc được {args.file}: {exc}\n")
            return 2
    cites = extract(text)
    if args.json:
        stdout.write(json.dumps([c.to_dict() for c in cites], ensure_ascii=False, indent=1))
        stdout.write("\n")
    else:
        for c in cites:
            stdout.write(
                "\t".join(
                    [c.symbol, c.date.isoformat() if c.date else "-", c.body or "-", c.title or "-"]
                )
                + "\n"
            )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
