"""Reading the words around a document symbol: issue date, issuing body, title.

Every pattern here is anchored at the symbol (``match`` at its end, or ``search``
ending at its start inside a short window), so the cost is per citation, not per
character of the text.  Which dates count (from the brief):

* a date right after the symbol, possibly after "ký/ban hành/thông qua ngày", a body
  ("của Ban Thường vụ Tỉnh ủy") or a parenthesis ("(khóa XVIII)") — unless, coming
  after the body and a comma, it opens a new clause;
* "… về <title>, được ban hành ngày <date>";
* "<Kind word> ngày <date> số <symbol>";
* "Ngày <date>, <body> (đã) ban hành/ký/có <Kind word> số <symbol>" in one clause, also
  "Chiều <date>, …" and "<body> ngày <date> đã ban hành …" (not in a meeting's clause);
  the date then serves the documents joined to that one by ","/"và", titles between;
* '"<quoted title>" ngày <date>', "<title> ngày <date> của <body>" and
  "… và <symbol> cùng ngày <date>" (the whole chain).

Anything else — "trước ngày …", "có hiệu lực từ ngày …", a meeting date, a date
belonging to an enclosing citation — is not an issue date.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata

from trienkhai.lib.citations_tables import KIND_WORDS_RE as _KW
from trienkhai.lib.citations_tables import NGAY_RE, SO_RE

DATE_P = (
    r"(?:\d{1,2}\s{0,2}[/.\-]\s{0,2}\d{1,2}\s{0,2}[/.\-]\s{0,2}(?:19|20)\d\d"
    r"|\d{1,2}\s{1,2}(?i:tháng)\s{1,2}\d{1,2}\s{0,2},?\s{1,2}(?i:năm)\s{1,2}(?:19|20)\d\d)(?!\d)"
)
_DIGITS_RE = re.compile(r"\d+")


@functools.lru_cache(maxsize=2048)
def parse_date(s: str) -> datetime.date | None:
    d, m, y = (int(x) for x in _DIGITS_RE.findall(s)[:3])
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return None


# ---------------------------------------------------------------- issuing body

_UP = "".join(
    c
    for c in map(chr, range(0x41, 0x1F00))
    if c.isupper() and unicodedata.name(c, "").startswith("LATIN")
)
# Second syllables of the words that make up names of bodies ("Chấp hành",
# "Thường vụ", "Tỉnh ủy", "Chính phủ", "Giáo dục và Đào tạo"): after a capitalised
# syllable one of these may follow in lower case; any other lower-case word ends
# the name.
_LOWC = (
    r"(?:hành|vụ|trị|thư|phủ|ủy|uỷ|bộ|tướng|ương|trực|đạo|tra|quan|chính|dục|tạo|tế|an"
    r"|phòng|nghiệp|tư|trường|thôn|hội|binh|động|thông|tải|dựng|học|nghệ|pháp|lịch"
    r"|thao|hóa|hoá|vận|giáo|chức|sát|toán|sự|nước|dân|quốc|trận|ngành|tịch|vực|ninh"
    r"|sản|lợi|đồng|niên|nữ|phố|xã|cục|tin|thuật|lý|hàng|vệ|đoàn|nghị|hiểm"
    r"|ban(?!\s+hành))(?!\w)"
)
_LEVEL = r"(?:tỉnh|huyện|xã|phường|quận|thị xã|thị trấn|thành phố|nhân dân)(?!\w)"
_UNIT = rf"(?=[{_UP}])(?!(?:{_KW})(?!\w))\w+(?:\s{_LOWC})?"
BODY = rf"{_UNIT}(?:\s+(?:(?:và|-)\s+)?{_UNIT}|\s+{_LEVEL})*"
_BODY_END_RE = re.compile(rf"(?<!\w)(?P<body>{BODY})[\s,]*$")

# ------------------------------------------------------------ after the symbol

_NGAY = rf"(?:{NGAY_RE})"
# Spaces after a symbol; a line break only when the next line goes on in lower case
# (a capital after a break starts a new line of a list or a new sentence).
_GAP = rf"[ \t]{{0,3}}(?:\r?\n[ \t]{{0,3}}(?![{_UP}]))?"
_A_DATE_P = (
    rf"{_GAP}(?P<lead>,\s{{0,3}}|\(\s{{0,2}})?"
    rf"(?:(?:(?:(?:đã|vừa|mới)\s+)?(?:được|đã|vừa|mới)\s+(?:(?P<dbody>{BODY})\s+)?)?(?:ký\s+)?"
    rf"(?:ban hành\s+|thông qua\s+|ra\s+)?(?:vào\s+)?(?P<same>cùng\s+)?{_NGAY}\s{{0,2}}|(?=\d))"
    rf"(?P<date>{DATE_P})(?:\s{{0,2}}\))?"
)
# "của Bộ Chính trị, ngày 10/8/2023, Tỉnh ủy tổ chức …": a date after the body that
# opens a new clause is an event date.
# (Not "…, ngày 25/10/2017, Hội nghị lần thứ sáu Ban Chấp hành Trung ương …", the issuer;
# but "…, ngày 20/5/2022, tại Hội trường …" is one.)
_NEW_CLAUSE_RE = re.compile(
    rf"\s{{0,3}}(?:,?\s{{0,3}}(?!(?:{_KW}|Hội nghị)(?!\w))[{_UP}]"
    rf"|,\s{{0,3}}(?:tại|lúc|vào lúc|khi|trong)\s)"
)
# Letterhead: "Số 708-BC/TU" then, on the next line or after a gap, "Thanh Hóa, ngày …".
_A_HEADER_DATE_RE = re.compile(
    rf"[ \t]*(?:\r?\n[ \t]*|[ \t]{{2,}})[{_UP}]\w*\.?(?:[ ](?:[{_UP}]\w*|phố|xã)){{0,4}},"
    rf"[ \t]{{0,2}}"
    rf"{_NGAY}\s{{0,2}}(?P<date>{DATE_P})"
)
_A_BODY_P = (
    rf"{_GAP}(?:,\s{{0,3}})?(?:được\s+|đã\s+)?(?:ban hành\s+)?(?:của|do|bởi)\s+"
    rf"(?P<body>{BODY})"
)
_A_PAREN_P = (
    rf"{_GAP}(?:,\s{{0,3}})?(?:\([^()\n]{{1,160}}\)|(?:khóa|khoá|nhiệm kỳ)\s+[IVXLC\d]+"
    r"(?:\s{0,2}-\s{0,2}\d{4})?(?!\w))"
)
# One step after a symbol: a date clause (D), "của <body>" (B) or a parenthesis (P).
_A_STEP_RE = re.compile(rf"(?P<D>{_A_DATE_P})|(?P<B>{_A_BODY_P})|(?P<P>{_A_PAREN_P})")
_T_START_RE = re.compile(
    r"\s{0,3}[,:]?\s{0,3}(?P<q>[“\"«]\s?)?(?:(?:ban hành|về việc|[Vv]/[Vv]|về)\s+"
    r"(?P<q2>[“\"«]\s?)?|(?=(?:thực hiện|tiếp tục|triển khai|quy định|hướng dẫn|sửa đổi"
    r"|bổ sung|thành lập|phê duyệt|tăng cường|đẩy mạnh|nâng cao|phát triển|xây dựng"
    r"|lãnh đạo|chỉ đạo|kiện toàn|điều chỉnh|phân bổ|công nhận)(?!\w)))"
)
# Where a title ends: end of clause, a following citation, or the next clause
# ("…, được ban hành ngày 22/12/2024" also gives the issue date).
_T_END_RE = re.compile(
    rf"[;\n…()]|\.(?=\s|$)|,\s*(?:và\s+)?(?:các\s+)?(?:{_KW})(?!\w)"
    rf"|\s(?=[vh])(?:và|hoặc)\s+(?:các\s+)?(?:{_KW})(?:\s+\w+){{0,2}}\s+(?:{SO_RE})"
    rf"|,?\s(?=đ)(?:đã\s+)?được\s+(?:{BODY}\s+)?(?:ký\s+)?(?:ban hành|thông qua)\s+(?:vào\s+)?"
    rf"{_NGAY}\s{{0,2}}(?P<date>{DATE_P})"
    rf"|,\s*(?=[đ])(?:được|đã|đang)\s|\s(?=[đs])(?:đã|đang|sẽ)\s"
    rf"|,?\s(?=n)ngày\s{{0,2}}(?P<date2>{DATE_P})\s{{0,2}},?\s{{0,2}}(?:của|do)\s"
)
_CLOSE_QUOTE_RE = re.compile(r"[”\"»]")
_Q_DATE_RE = re.compile(
    rf"[ \t]{{0,3}}(?P<lead>,\s{{0,3}})?(?:(?:được\s+)?(?:ký\s+)?(?:ban hành\s+)?(?:vào\s+)?"
    rf"{_NGAY}\s{{0,2}})(?P<date>{DATE_P})"
)
_TITLE_STRIP = " \t\r\n,:;-\"'“”‘’«»"
_TITLE_MAX = 400

# ----------------------------------------------------------- before the symbol

_KW_EXTRA = r"(?:\s+(?:hành động|liên tịch|kết luận|hướng dẫn))?"
_KW_TAIL = (
    rf"(?:{_KW})(?:{_KW_EXTRA}\s{{0,3}}(?:(?:{SO_RE})\s{{0,2}}:?\s{{0,2}})?"
    # "Nghị quyết chuyên đề số", "Công điện khẩn số", "văn bản hỏa tốc số"
    rf"|(?:\s+[a-zà-ỹđ]+){{1,2}}\s{{1,3}}(?:{SO_RE})\s{{0,2}}:?\s{{0,2}})"
)
_KW_BEFORE_RE = re.compile(
    rf"(?P<kw>(?:{_KW}))(?:\s+(?:hành động|liên tịch))?"
    rf"\s{{0,3}}(?:(?:{SO_RE})\s{{0,2}}:?\s{{0,2}})?$"
)
_B_KW_DATE_RE = re.compile(
    rf"(?:{_KW})(?:\s+(?:hành động|liên tịch))?\s{{0,3}},?\s{{0,3}}[Nn]gày\s{{0,2}}"
    rf"(?P<date>{DATE_P})\s{{0,3}},?\s{{0,3}}(?:(?:{SO_RE})\s{{0,2}}:?\s{{0,2}})?$"
)
_VERB = r"(?:(?:đã|vừa|mới|cũng|tiếp tục|chính thức)\s+)*(?:ký\s+)?"
_ISSUE_VERB = r"(?:ban hành|ký|ra|có|gửi|phát đi|phát hành)"
_B_ISSUED_RE = re.compile(
    # the date opens the clause: text start, after punctuation, or "vào ngày"
    rf"gày(?:(?<=^[Nn]gày)|(?<=[.;:,(\n][Nn]gày)|(?<=[.;:,(\n] [Nn]gày)|(?<=[Vv]ào [Nn]gày))"
    rf"\s{{1,3}}(?P<date>{DATE_P})\s{{0,3}},?\s{{0,3}}(?P<mid>[^.;\n]{{0,160}}?)\s{_VERB}"
    rf"{_ISSUE_VERB}\s+(?:(?:các|bản)\s+)?{_KW_TAIL}$"
)
# "Chiều 12/3/2024, Thủ tướng ký Quyết định số …": a time of day before the full date
_B_ISSUED_TOD_RE = re.compile(
    rf"(?:(?<=^)|(?<=[.;:,(\n])|(?<=[.;:,(\n] ))(?:[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa)"
    rf"(?:\s+(?:nay|qua))?(?:\s+[Nn]gày)?"
    rf"\s{{1,3}}(?P<date>{DATE_P})\s{{0,3}},?\s{{0,3}}(?P<mid>[^.;\n]{{0,160}}?)\s{_VERB}"
    rf"{_ISSUE_VERB}\s+(?:(?:các|bản)\s+)?{_KW_TAIL}$"
)
_TOD_WORDS = ("áng", "iều", "ối", "rưa")
_ISSUE_TAIL_RE = re.compile(rf"{_ISSUE_VERB}\s+(?:(?:các|bản)\s+)?{_KW_TAIL}$")
# "Bộ Chính trị ngày 5/8/2020 đã ban hành Nghị quyết số …": the date after the body
_B_BODY_DATE_RE = re.compile(
    rf"(?<!\w)(?P<body>{BODY})"
    rf"\s{{0,2}},?\s{{1,3}}(?:vào\s+)?{_NGAY}\s{{1,3}}(?P<date>{DATE_P})"
    rf"\s{{0,3}},?\s{{0,3}}{_VERB}$"
)
_BODY_BEFORE_VERB_RE = re.compile(rf"(?<!\w)(?P<body>{BODY})\s+{_VERB}$")
_YEAR_TAIL_RE = re.compile(r"(?:19|20)\d\d\D{0,8}$")
_LIST_CTX_RE = re.compile(rf"(?:(?:{SO_RE})\s{{0,2}}:?|(?:{_KW})(?:\s+\w+)?\s{{0,2}}:?)\s{{0,3}}$")
_TIGHT_RE = re.compile(
    rf"\s{{0,3}}(?:,|&|và|hoặc)?\s{{0,3}}(?:và\s{{1,3}})?(?:(?:{SO_RE})\s{{0,2}}:?\s{{0,2}})?"
)
_LOOSE_RE = re.compile(rf"\s{{0,3}}(?:[,;&]|và|hoặc)?\s{{0,3}}(?:và\s+)?(?:các\s+)?{_KW_TAIL}")
# After a title the link needs "," / "và" ("… về <title> và Kế hoạch số …"); a ";" there
# starts another item of an enumeration, not one issued in the same breath.
_LOOSE_TITLE_RE = re.compile(rf"\s{{0,3}}(?:,|và|hoặc)\s{{0,3}}(?:và\s+)?(?:các\s+)?{_KW_TAIL}")
# "… Kế hoạch số 45-KH/TU về thực hiện Nghị quyết Đại hội, Chỉ thị số 05-CT/TW": what
# follows such a title is one more document implemented, not one more issued.
_IMPLEMENTS_RE = re.compile(
    r"(?:thực hiện|triển khai|quán triệt|cụ thể hóa|cụ thể hoá|sơ kết|tổng kết|theo)(?!\w)"
)
# Meeting words: a date in such a clause is the meeting's ("Hội nghị … ngày 28/6/2022 đã ban
# hành Nghị quyết số …").
_MEETING_RE = re.compile(r"(?i:hội nghị|kỳ họp|phiên họp|cuộc họp|đại hội)(?!\w)")


class ContextReader:
    """Context readers over one normalised text."""

    def __init__(self, norm: str):
        self.norm = norm

    def kind_word_before(self, pos: int) -> str | None:
        m = _KW_BEFORE_RE.search(self.norm, max(0, pos - 40), pos)
        return m.group("kw").lower() if m else None

    def after(self, pos: int, next_start: int | None, next_end: int | None):
        """(date, body, title, end of date and body, end of title, date said "cùng ngày")
        right after a symbol ending at ``pos``."""
        norm = self.norm
        date = body = None
        same = False
        for _ in range(4):
            m = _A_STEP_RE.match(norm, pos)
            if m is None:
                if date is None and ("\n" in norm[pos : pos + 3] or norm.startswith("  ", pos)):
                    m = _A_HEADER_DATE_RE.match(norm, pos)
                    if m:
                        date = parse_date(m.group("date"))
                        pos = m.end()
                        continue
                break
            step = m.lastgroup
            if step == "D":
                if date is not None:
                    break
                lead = m.group("lead")
                if lead and lead[0] == "," and _NEW_CLAUSE_RE.match(norm, m.end()):
                    break
                date = parse_date(m.group("date"))
                same = m.group("same") is not None
                if body is None:
                    body = m.group("dbody")
            elif step == "B":
                if body is not None:
                    break
                body = m.group("body")
            pos = m.end()
        title, late_date, tend = self._title(pos, next_start, next_end)
        return date or late_date, body, title, pos, tend, same

    def _title(self, pos: int, next_start: int | None, next_end: int | None):
        """(title, issue date stated after the title, end of the title) from ``pos`` on."""
        norm = self.norm
        m = _T_START_RE.match(norm, pos)
        if not m:
            return None, None, None
        start = m.end()
        limit = min(len(norm), start + _TITLE_MAX)
        end, date, depth = limit, None, 0
        if m.group("q") or m.group("q2"):  # a quoted title ends at its closing quote
            q = _CLOSE_QUOTE_RE.search(norm, start, limit)
            if q:
                limit = end = q.start()
                # '… "về <title>" ngày 22/9/2021 của …': the date after the quote
                d = _Q_DATE_RE.match(norm, q.end())
                if d and not (d.group("lead") and _NEW_CLAUSE_RE.match(norm, d.end())):
                    date = parse_date(d.group("date"))
        for e in _T_END_RE.finditer(norm, start, limit):
            ch = e.group()
            if ch == "(":
                depth += 1
                continue
            if ch == ")" and depth:
                depth -= 1
                continue
            end = e.start()
            d = e.group("date") or e.group("date2")
            # not when another citation stands in the title before the date
            if d and (next_start is None or not start <= next_start < end):
                date = date or parse_date(d)
            break
        if next_start is not None and start <= next_start < end:
            end = next_end
        title = norm[start:end].strip(_TITLE_STRIP)
        if end == start + _TITLE_MAX and end < len(norm):  # overlong: cut at a word
            title = title.rsplit(" ", 1)[0]
        return title or None, date, end

    def before(self, lo: int, start: int):
        """(date, body) stated before a symbol starting at ``start``, after ``lo``."""
        norm = self.norm
        lo = max(lo, start - 240)
        if _YEAR_TAIL_RE.search(norm, max(lo, start - 14), start):
            m = _B_KW_DATE_RE.search(norm, max(lo, start - 90), start)
            if m:
                return parse_date(m.group("date")), None
        tail = _ISSUE_TAIL_RE.search(norm, max(lo, start - 70), start)
        if not tail:
            return None, None
        verb = tail.start()
        window = norm[lo:verb]
        m = _B_ISSUED_RE.search(norm, lo, start) if "gày" in window else None
        if m is None and any(w in window for w in _TOD_WORDS):
            m = _B_ISSUED_TOD_RE.search(norm, lo, start)
        if m:
            b = _BODY_END_RE.search(m.group("mid"))
            return parse_date(m.group("date")), b.group("body") if b else None
        if "gày" in norm[max(lo, verb - 40) : verb]:
            lo2 = max(lo, verb - 160)
            m = _B_BODY_DATE_RE.search(norm, lo2, verb)
            if m:
                clause = max(norm.rfind(".", lo2, m.start()), norm.rfind(";", lo2, m.start()))
                if not _MEETING_RE.search(norm, max(lo2, clause + 1), m.start("date")):
                    return parse_date(m.group("date")), m.group("body")
        m = _BODY_BEFORE_VERB_RE.search(norm, max(lo, verb - 120), verb)
        return None, m.group("body") if m else None


def list_context_ok(norm: str, list_start: int, raws: list) -> bool:
    """A bare leading number joins a list only after "số", a kind word or a symbol."""
    if _LIST_CTX_RE.search(norm, max(0, list_start - 40), list_start):
        return True
    if raws:
        prev = raws[-1]
        return prev.end <= list_start and bool(_TIGHT_RE.fullmatch(norm, prev.end, list_start))
    return False


def group_links(norm: str, raws: list) -> tuple[list[bool], list[bool]]:
    """For each neighbour pair: joined as one list (tight), or as a chain with kind
    words in between ("Quyết định số 621-QĐ/TU và Quyết định số 623-QĐ/TU")."""
    tight, loose = [], []
    for a, b in zip(raws, raws[1:], strict=False):
        gap = b.start - a.end
        t = lo = False
        if 0 <= gap <= 80:
            t = a.list_id == b.list_id or (
                gap <= 16 and _TIGHT_RE.fullmatch(norm, a.end, b.start) is not None
            )
            lo = t or _LOOSE_RE.fullmatch(norm, a.end, b.start) is not None
        if not lo and a.tend is not None and a.end <= a.tend <= b.start <= a.tend + 80:
            # "… ban hành Kế hoạch số 45/KH-UBND về <title> và Kế hoạch số 46/KH-UBND"
            lo = (
                _LOOSE_TITLE_RE.fullmatch(norm, a.tend, b.start) is not None
                and _IMPLEMENTS_RE.search(norm, a.ctx_end, a.tend) is None
            )
        tight.append(t)
        loose.append(lo)
    return tight, loose
