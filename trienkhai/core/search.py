"""Diacritic- and tone-placement-insensitive search over a stored `search_key` column.

Keys are stored with a space on each side (" huyen uy hoang hoa "), so a term matches at
the start of a word. The whole query is tried as a phrase first ("hoang hoa" finds
Hoằng Hóa, not every "Hoằng ..." commune); when no row has the phrase, every word must
appear at the start of some word, in any order.
"""

from trienkhai.lib.vntext import search_key


def stored_key(text: str, max_length: int) -> str:
    return f" {search_key(text)[: max_length - 2]} "


def search_queryset(qs, query: str, field: str = "search_key"):
    key = search_key(query or "")
    if not key:
        return qs.none()
    phrase = qs.filter(**{f"{field}__contains": f" {key}"})
    if " " not in key or phrase.exists():
        return phrase
    for term in key.split():
        qs = qs.filter(**{f"{field}__contains": f" {term}"})
    return qs
