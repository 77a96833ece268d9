"""A schematic map: one circle (or tile) per place, set at its point, coloured by a value.

No boundaries are drawn (no licensed boundary set of Vietnam's units can be bundled):
places are put where their points are, in an equirectangular projection corrected by
cos(latitude), fitted to the drawing; a circle's area follows the place's area when one
is given; overlapping circles are pushed apart a few times, so the map keeps the
province's shape without hiding a unit under another.

The output is one self-contained SVG string: colours and the font family are written as
attributes (no stylesheet), so the same string goes into an HTML page, a WeasyPrint PDF
and, turned into PNG by cairosvg, a Word file. Text is NFC and escaped. Pure Python, no
Django: the caller passes the words (title, legend, note) already translated.

    svg = render_svg(
        [Place("399", "Huyện Hoằng Hóa", 19.82, 105.90, area_km2=204, value="85 %",
               colour="#2e7d32", href="/orgs/HU-399/")],
        legend=[LegendEntry("#2e7d32", "Đạt")],
        title="Tỷ lệ hoàn thành",
    )
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["LegendEntry", "Placed", "Place", "layout", "render_svg", "short_name", "xml_text"]

FONT = "DejaVu Sans, Arial, sans-serif"  # DejaVu covers every Vietnamese letter
INK = "#222222"
MUTED = "#616161"
RULE = "#bdbdbd"
KM_PER_DEGREE = 111.32  # of latitude
CHAR_WIDTH = 0.6  # DejaVu Sans: average advance in em, to estimate a label's width

# Words naming the kind of unit, dropped from the label drawn on the map (not from the
# hover title). Longest first.
_PREFIXES = sorted(
    [
        "Tỉnh ủy", "Thành ủy", "Huyện ủy", "Thị ủy", "Đảng ủy xã", "Đảng ủy phường",
        "Đảng ủy thị trấn", "Đảng ủy", "Ủy ban nhân dân", "UBND", "Tỉnh", "Thành phố",
        "Thị xã", "Thị trấn", "Huyện", "Quận", "Phường", "Xã", "Đặc khu",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
_ABBREVIATIONS = {"Thành phố": "TP.", "Thị xã": "TX.", "Thị trấn": "TT."}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SAFE_HREF = re.compile(r"^(?:https?://|/|\.{0,2}/|#|\?|[\w\-.~%]+(?:/|$|\?|#))", re.I)


@dataclass(frozen=True)
class Place:
    key: str
    label: str  # the full name, in the hover title
    lat: float
    lon: float
    area_km2: float | None = None
    value: str = ""  # the measure, as text, in the hover title
    colour: str = "#9e9e9e"
    href: str | None = None
    short_label: str | None = None  # drawn on the map; default: `short_name(label)`


@dataclass(frozen=True)
class LegendEntry:
    colour: str
    label: str


@dataclass
class Placed:
    place: Place
    number: int  # 1-based, the order given; drawn in the circle when labels="number"
    x: float
    y: float
    r: float
    x0: float = 0.0  # where the point itself falls, before separation
    y0: float = 0.0


def xml_text(text) -> str:
    """Text safe inside an XML element or a double- or single-quoted attribute: NFC,
    characters XML 1.0 forbids removed, & < > " ' escaped."""
    text = _NOT_XML.sub("", unicodedata.normalize("NFC", str(text)))
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def short_name(name: str) -> str:
    """ "Huyện Hoằng Hóa" → "Hoằng Hóa"; "Đảng ủy xã Hoằng Đông" → "Hoằng Đông";
    "Thành phố Sầm Sơn" → "TP. Sầm Sơn" (a city, a town and a township keep their usual
    abbreviation, so "TP. Thanh Hóa" is not read as the province)."""
    name = " ".join(unicodedata.normalize("NFC", name).split())
    for prefix in _PREFIXES:
        if name.lower().startswith(prefix.lower() + " ") and len(name) > len(prefix) + 1:
            rest = name[len(prefix) + 1 :]
            abbreviation = _ABBREVIATIONS.get(prefix)
            return f"{abbreviation} {rest}" if abbreviation else rest
    return name


# -- layout ----------------------------------------------------------------------------


def _projected(places):
    """(x, y) in degrees of latitude, x corrected by cos(mean latitude); y grows south."""
    lat0 = sum(p.lat for p in places) / len(places)
    k = math.cos(math.radians(lat0))
    return [(p.lon * k, -p.lat) for p in places]


def layout(
    places: list[Place],
    box: tuple[float, float, float, float],
    *,
    fill: float = 0.6,
    min_radius: float = 7.0,
    max_radius: float | None = None,
    gap: float = 1.5,
    passes: int = 80,
) -> tuple[list[Placed], float]:
    """Circles for `places` inside `box` (x, y, width, height), and the scale in pixels
    per km. A radius is `fill` × the radius of a disc of the place's area at the map's
    scale, kept within [min_radius, max_radius]; without areas all circles are equal.
    Then `passes` rounds push overlapping circles apart, each pulled back a little
    towards its own point, so the relative geography stays."""
    if not places:
        return [], 1.0
    max_radius = max_radius or max(min_radius, min(box[2], box[3]) / 9)
    pts = _projected(places)
    # Fit once leaving room for the biggest circle allowed, then again for the biggest
    # one drawn, so small circles do not leave an empty frame.
    scale, off_x, off_y = _fit(pts, box, max_radius)
    radii = _radii(places, pts, scale, fill, min_radius, max_radius)
    scale, off_x, off_y = _fit(pts, box, max(radii) + gap)
    radii = _radii(places, pts, scale, fill, min_radius, max_radius)

    placed = []
    for i, (p, (x, y), r) in enumerate(zip(places, pts, radii, strict=True)):
        px, py = off_x + x * scale, off_y + y * scale
        placed.append(Placed(p, i + 1, px, py, r, px, py))
    _separate(placed, box, gap, passes)
    return placed, scale / KM_PER_DEGREE


def _fit(pts, box, margin):
    """Pixels per degree of latitude and the offsets that centre `pts` in `box`."""
    bx, by, bw, bh = box
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    span_x, span_y = max(max(xs) - min(xs), 0.02), max(max(ys) - min(ys), 0.02)
    inner_w, inner_h = max(bw - 2 * margin, 1.0), max(bh - 2 * margin, 1.0)
    scale = min(inner_w / span_x, inner_h / span_y)
    off_x = bx + margin + (inner_w - span_x * scale) / 2 - min(xs) * scale
    off_y = by + margin + (inner_h - span_y * scale) / 2 - min(ys) * scale
    return scale, off_x, off_y


def _radii(places, pts, scale, fill, min_radius, max_radius):
    px_per_km = scale / KM_PER_DEGREE
    radii = [None] * len(places)
    for i, p in enumerate(places):
        if p.area_km2 and p.area_km2 > 0:
            radii[i] = fill * math.sqrt(p.area_km2 / math.pi) * px_per_km
    known = sorted(r for r in radii if r is not None)
    if known:  # a place without an area gets the median circle
        default = known[len(known) // 2]
    else:  # equal circles, about a third of the typical distance to the nearest one
        default = 0.36 * _typical_spacing([(x * scale, y * scale) for x, y in pts])
    return [min(max(r if r is not None else default, min_radius), max_radius) for r in radii]


def _typical_spacing(points):
    if len(points) < 2:
        return 40.0
    nearest = []
    for i, (x, y) in enumerate(points):
        nearest.append(
            min(math.hypot(x - u, y - v) for j, (u, v) in enumerate(points) if j != i) or 1.0
        )
    nearest.sort()
    return nearest[len(nearest) // 2]


def _separate(placed, box, gap, passes):
    bx, by, bw, bh = box
    if len(placed) < 2:
        return
    cell = 2 * max(c.r for c in placed) + gap
    for step in range(passes):
        pull = 0.05 if step < passes // 2 else 0.0  # the later rounds only separate
        for c in placed:
            c.x += (c.x0 - c.x) * pull
            c.y += (c.y0 - c.y) * pull
        grid: dict[tuple[int, int], list[int]] = {}
        for i, c in enumerate(placed):
            grid.setdefault((int(c.x // cell), int(c.y // cell)), []).append(i)
        moved = False
        for i, a in enumerate(placed):
            gx, gy = int(a.x // cell), int(a.y // cell)
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for j in grid.get((gx + dx, gy + dy), ()):
                        if j <= i:
                            continue
                        moved |= _push_apart(a, placed[j], gap, i + j)
        for c in placed:  # stay inside the drawing
            c.x = min(max(c.x, bx + c.r), bx + bw - c.r)
            c.y = min(max(c.y, by + c.r), by + bh - c.r)
        if not moved and pull == 0.0:
            break


def _push_apart(a, b, gap, seed):
    dx, dy = b.x - a.x, b.y - a.y
    dist = math.hypot(dx, dy)
    need = a.r + b.r + gap
    if dist >= need:
        return False
    if dist < 1e-6:  # the same point (the data has a few): split them along a fixed angle
        angle = seed * 2.399963  # golden angle, so that several such pairs differ
        dx, dy, dist = math.cos(angle), math.sin(angle), 1.0
    overlap = need - dist
    # The smaller circle moves more, so big units stay where they are.
    wa = b.r * b.r / (a.r * a.r + b.r * b.r)
    ux, uy = dx / dist, dy / dist
    a.x -= ux * overlap * wa
    a.y -= uy * overlap * wa
    b.x += ux * overlap * (1 - wa)
    b.y += uy * overlap * (1 - wa)
    return True


# -- drawing ---------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    m = re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", colour.strip())
    if not m:
        return 1.0
    h = m.group(1)
    if len(h) == 3:
        h = "".join(ch * 2 for ch in h)
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_WIDTH


def _overlap(a, b) -> float:
    (ax, ay, aw, ah), (bx, by, bw, bh) = a, b
    w = min(ax + aw, bx + bw) - max(ax, bx)
    h = min(ay + ah, by + bh) - max(ay, by)
    return w * h if w > 0 and h > 0 else 0.0


def _circle_box(c):
    return (c.x - c.r, c.y - c.r, 2 * c.r, 2 * c.r)


def _label_boxes(placed, size, bounds):
    """Where each name goes (below, above, right or left of its circle): the first spot
    that hides no other circle nor a label already set, else the one that hides least.
    Big circles are served first."""
    bx, by, bw, bh = bounds
    circles = [_circle_box(c) for c in placed]
    # A name close to another circle reads as that circle's: keep a margin around them.
    near = [(c.x - c.r - 5, c.y - c.r - 5, 2 * c.r + 10, 2 * c.r + 10) for c in placed]
    taken = []
    spots = {}
    for idx in sorted(range(len(placed)), key=lambda i: -placed[i].r):
        c = placed[idx]
        text = c.place.short_label or short_name(c.place.label)
        w, h = _text_width(text, size), size * 1.15
        d = c.r * 0.7
        options = [
            (c.x - w / 2, c.y + c.r + 1),
            (c.x - w / 2, c.y - c.r - 1 - h),
            (c.x + c.r + 2, c.y - h / 2),
            (c.x - c.r - 2 - w, c.y - h / 2),
            (c.x + d + 1, c.y + d),
            (c.x + d + 1, c.y - d - h),
            (c.x - d - 1 - w, c.y + d),
            (c.x - d - 1 - w, c.y - d - h),
        ]
        best, best_cost = None, None
        for x, y in options:
            x = min(max(x, bx), bx + bw - w)
            y = min(max(y, by), by + bh - h)
            rect = (x, y, w, h)
            cost = sum(_overlap(rect, o) for j, o in enumerate(circles) if j != idx)
            cost += sum(_overlap(rect, o) for j, o in enumerate(near) if j != idx) * 0.5
            cost += sum(_overlap(rect, o) for o in taken) * 2
            if best_cost is None or cost < best_cost - 0.5:
                best, best_cost = rect, cost
            if cost == 0:
                break
        taken.append(best)
        spots[idx] = (text, best)
    return spots, taken


def _corner_boxes(bounds, w, h):
    bx, by, bw, bh = bounds
    return {
        "top-right": (bx + bw - w, by, w, h),
        "top-left": (bx, by, w, h),
        "bottom-left": (bx, by + bh - h, w, h),
        "bottom-right": (bx + bw - w, by + bh - h, w, h),
    }


def _freest(candidates, obstacles):
    return min(candidates, key=lambda k: sum(_overlap(candidates[k], o) for o in obstacles))


def _nice_km(px_per_km, target_px=90):
    for km in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500):
        if km * px_per_km >= target_px * 0.6:
            return km
    return 500


def render_svg(
    places: list[Place],
    legend: list[LegendEntry] = (),
    title: str = "",
    *,
    width: int = 800,
    height: int = 600,
    padding: int = 12,
    shape: str = "circle",
    labels: str = "auto",
    legend_title: str = "",
    note: str = "",
    north_arrow: str = "B",
    scale_bar: bool = True,
    font_family: str = FONT,
    font_size: float = 11,
    **layout_options,
) -> str:
    """The map as one SVG string.

    `shape`: "circle" (sized by area) or "tile" (equal squares). `labels`: "name" (the
    short name beside each circle), "number" (the place's 1-based position in `places`
    inside its circle, for a table beside the map), "none", or "auto" (names up to 40
    places, numbers beyond). `north_arrow`: the letter over the arrow ("" for none).
    `note` is written at the foot (what the circles mean, the data's source).
    `layout_options` go to `layout()` (fill, min_radius, max_radius, gap, passes)."""
    places = list(places)
    legend = list(legend)
    if labels == "auto":
        labels = "name" if len(places) <= 40 else "number"
    if labels == "number":
        layout_options.setdefault("min_radius", 8.0)
    elif labels == "name":  # room between circles for the names
        layout_options.setdefault("gap", font_size * 1.2)
    if shape == "tile":
        places = [_without_area(p) for p in places]
    top = padding + (26 if title else 0)
    foot = 18 if (note or scale_bar) else 0
    bounds = (padding, top, width - 2 * padding, height - top - padding - foot)

    legend_w, legend_h = _legend_size(legend, legend_title, font_size)
    placed, px_per_km = layout(places, bounds, **layout_options)
    corners = _corner_boxes(bounds, legend_w, legend_h)
    obstacles = [_circle_box(c) for c in placed]
    corner = _freest(corners, obstacles) if legend else None
    if legend and sum(_overlap(corners[corner], o) for o in obstacles) > 0:
        # No free corner: give the legend a column of its own on the right.
        bounds = (padding, top, width - 3 * padding - legend_w, bounds[3])
        placed, px_per_km = layout(places, bounds, **layout_options)
        corners = _corner_boxes((padding, top, width - 2 * padding, bounds[3]), legend_w, legend_h)
        corner = "top-right"
    name_spots, label_rects = (
        _label_boxes(placed, font_size, bounds) if labels == "name" else ({}, [])
    )

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="{xml_text(font_family)}" font-size="{font_size:g}" '
        f'aria-labelledby="map-title">',
        f'<title id="map-title">{xml_text(title)}</title>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<rect x="{padding / 2:g}" y="{top - padding / 2:g}" width="{width - padding:g}" '
        f'height="{bounds[3] + padding:g}" fill="none" stroke="{RULE}" stroke-width="1"/>',
    ]
    if title:
        out.append(
            f'<text x="{width / 2:g}" y="{padding + 16:g}" text-anchor="middle" '
            f'font-size="{font_size + 4:g}" font-weight="bold" fill="{INK}">'
            f"{xml_text(title)}</text>"
        )
    for c in placed:
        out.extend(_place_svg(c, shape, labels, name_spots.get(c.number - 1), font_size))
    if legend:
        out.extend(_legend_svg(corners[corner], legend, legend_title, font_size))
    if north_arrow:
        obstacles += label_rects + ([corners[corner]] if legend else [])
        arrows = _corner_boxes(bounds, 30, 44)
        if legend:
            arrows.pop(corner)
        out.extend(_north_svg(arrows[_freest(arrows, obstacles)], north_arrow, font_size))
    y_foot = height - padding / 2 - 4
    x_note = padding
    if scale_bar and placed:
        km = _nice_km(px_per_km)
        length = km * px_per_km
        out.append(
            f'<path d="M{padding:g} {y_foot - 4:.1f} v4 h{length:.1f} v-4" fill="none" '
            f'stroke="{INK}" stroke-width="1.2"/>'
            f'<text x="{padding + length + 4:.1f}" y="{y_foot:.1f}" fill="{INK}" '
            f'font-size="{font_size - 1:g}">{km} km</text>'
        )
        x_note = padding + length + 14 + _text_width(f"{km} km", font_size - 1)
    if note:
        out.append(
            f'<text x="{x_note:.1f}" y="{y_foot:.1f}" fill="{MUTED}" '
            f'font-size="{font_size - 1:g}">{xml_text(note)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def _without_area(p: Place) -> Place:
    return Place(p.key, p.label, p.lat, p.lon, None, p.value, p.colour, p.href, p.short_label)


def _place_svg(c: Placed, shape, labels, name_spot, size):
    p = c.place
    hover = f"{p.label}: {p.value}" if p.value else p.label
    colour = xml_text(p.colour)
    parts = []
    href = p.href if p.href and _SAFE_HREF.match(p.href.strip()) else None
    if href:
        parts.append(f'<a href="{xml_text(href)}" xlink:href="{xml_text(href)}">')
    parts.append(f"<g><title>{xml_text(hover)}</title>")
    if shape == "tile":
        parts.append(
            f'<rect x="{c.x - c.r:.1f}" y="{c.y - c.r:.1f}" width="{2 * c.r:.1f}" '
            f'height="{2 * c.r:.1f}" rx="2" fill="{colour}" stroke="#ffffff" '
            f'stroke-width="1"/>'
        )
    else:
        parts.append(
            f'<circle cx="{c.x:.1f}" cy="{c.y:.1f}" r="{c.r:.1f}" fill="{colour}" '
            f'fill-opacity="0.9" stroke="#ffffff" stroke-width="1"/>'
        )
    if labels == "number":
        text = str(c.number)
        fs = min(size, 1.9 * c.r / max(len(text), 1.6) / CHAR_WIDTH * 0.9)
        ink = INK if _luminance(p.colour) > 0.45 else "#ffffff"
        parts.append(
            f'<text x="{c.x:.1f}" y="{c.y + fs * 0.36:.1f}" text-anchor="middle" '
            f'font-size="{fs:.1f}" fill="{ink}">{text}</text>'
        )
    elif labels == "name" and name_spot:
        text, (x, y, _w, h) = name_spot
        base = y + h * 0.8
        # A white halo under the letters: drawn twice, since paint-order is not read by
        # every renderer.
        parts.append(
            f'<text x="{x:.1f}" y="{base:.1f}" fill="#ffffff" stroke="#ffffff" '
            f'stroke-width="3" stroke-linejoin="round" aria-hidden="true">{xml_text(text)}</text>'
            f'<text x="{x:.1f}" y="{base:.1f}" fill="{INK}">{xml_text(text)}</text>'
        )
    parts.append("</g>")
    if href:
        parts.append("</a>")
    return ["".join(parts)]


def _legend_size(legend, legend_title, size):
    if not legend:
        return 0.0, 0.0
    texts = [e.label for e in legend] + ([legend_title] if legend_title else [])
    w = max(_text_width(t, size) for t in texts) + 36
    h = len(legend) * (size + 7) + (size + 8 if legend_title else 0) + 12
    return w, h


def _legend_svg(rect, legend, legend_title, size):
    x, y, w, h = rect
    out = [
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="#ffffff" '
        f'fill-opacity="0.92" stroke="{RULE}" stroke-width="1"/>'
    ]
    line = y + 6
    if legend_title:
        out.append(
            f'<text x="{x + 8:.1f}" y="{line + size:.1f}" font-weight="bold" fill="{INK}">'
            f"{xml_text(legend_title)}</text>"
        )
        line += size + 8
    for entry in legend:
        out.append(
            f'<rect x="{x + 8:.1f}" y="{line + 1:.1f}" width="{size:g}" height="{size:g}" '
            f'rx="2" fill="{xml_text(entry.colour)}"/>'
            f'<text x="{x + 14 + size:.1f}" y="{line + size * 0.9:.1f}" fill="{INK}">'
            f"{xml_text(entry.label)}</text>"
        )
        line += size + 7
    return out


def _north_svg(rect, letter, size):
    x, y, w, _h = rect
    cx = x + w / 2
    top = y + size + 4
    return [
        f'<text x="{cx:.1f}" y="{y + size:.1f}" text-anchor="middle" font-weight="bold" '
        f'fill="{INK}">{xml_text(letter)}</text>'
        f'<path d="M{cx:.1f} {top:.1f} l7 22 l-7 -6 l-7 6 z" fill="{INK}"/>'
    ]
