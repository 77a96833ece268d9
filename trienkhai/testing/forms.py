"""What a browser would send for a page's form, read from the page's HTML: each input,
textarea and selected option, by name (a list where a name repeats)."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, index):
        super().__init__(convert_charrefs=True)
        self.index, self.seen, self.inside = index, -1, False
        self.fields, self._textarea, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.seen += 1
            self.inside = self.seen == self.index
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file"):
            ticked = a.get("type") in ("checkbox", "radio")
            if ticked and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "on" if ticked else "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_data(html: str, index: int = -1) -> dict:
    """The fields of the page's `index`-th form (the last by default)."""
    if index < 0:
        index = html.count("<form") + index
    reader = _FormReader(index)
    reader.feed(html)
    data = {}
    for name, value in reader.fields:
        if name in data:
            data[name] = [*([data[name]] if isinstance(data[name], str) else data[name]), value]
        else:
            data[name] = value
    return data
