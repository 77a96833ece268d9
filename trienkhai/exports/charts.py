"""Charts for reports: one self-contained SVG each (colours and fonts written on the
elements, no stylesheet), so the same file is drawn by the browser, by WeasyPrint in the
PDF and, turned into PNG, in Word (python-docx refuses SVG)."""

from decimal import Decimal
from xml.sax.saxutils import escape

from trienkhai.lib.vnformat import format_percent

FONT = "DejaVu Sans, Arial, sans-serif"  # DejaVu covers every Vietnamese letter
COLOURS = {"green": "#2e7d32", "amber": "#b26a00", "red": "#c62828", "grey": "#9e9e9e"}
INK = "#222222"
RULE = "#bdbdbd"


def _cut(text, limit):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def attainment_bars(items, *, title="", width=640, bar=18, gap=8, label_width=250):
    """Horizontal bars of attainment in % of plan, one per item, with the 100 % line.
    `items`: [(label, rate as Decimal or None, light)]; a rate None draws no bar and says
    "chưa có số liệu"."""
    top = 34 if title else 10
    scale_max = max([Decimal(120)] + [r for _l, r, _c in items if r is not None])
    scale_max = min(scale_max, Decimal(200))
    plot = width - label_width - 80  # the values are written in a column at the right
    height = top + len(items) * (bar + gap) + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="12" '
        f'role="img" aria-label="{escape(title, {chr(34): "&quot;"})}">',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    if title:
        out.append(
            f'<text x="{width / 2:.0f}" y="20" text-anchor="middle" font-size="14" '
            f'font-weight="bold" fill="{INK}">{escape(title)}</text>'
        )

    def x_of(rate):
        return label_width + float(min(rate, scale_max) / scale_max) * plot

    for i, (label, rate, light) in enumerate(items):
        y = top + i * (bar + gap)
        out.append(
            f'<text x="{label_width - 8}" y="{y + bar * 0.72:.1f}" text-anchor="end" '
            f'fill="{INK}">{escape(_cut(label, 34))}</text>'
        )
        if rate is None:
            out.append(
                f'<text x="{label_width + 4}" y="{y + bar * 0.72:.1f}" fill="#616161" '
                f'font-style="italic">chưa có số liệu</text>'
            )
            continue
        colour = COLOURS.get(light, COLOURS["grey"])
        out.append(
            f'<rect x="{label_width}" y="{y}" width="{max(x_of(rate) - label_width, 1):.1f}" '
            f'height="{bar}" fill="{colour}"><title>{escape(label)}: '
            f"{escape(format_percent(rate, 1))}</title></rect>"
        )
        out.append(
            f'<text x="{width - 6}" y="{y + bar * 0.72:.1f}" text-anchor="end" fill="{INK}">'
            f"{escape(format_percent(rate, 1))}</text>"
        )
    base = top + len(items) * (bar + gap)
    hundred = x_of(Decimal(100))
    out.append(
        f'<line x1="{hundred:.1f}" y1="{top - 4}" x2="{hundred:.1f}" y2="{base}" '
        f'stroke="{INK}" stroke-dasharray="4 3"/>'
    )
    out.append(
        f'<text x="{hundred:.1f}" y="{base + 16}" text-anchor="middle" fill="{INK}">'
        f"100% kế hoạch</text>"
    )
    out.append(
        f'<line x1="{label_width}" y1="{top - 4}" x2="{label_width}" y2="{base}" stroke="{RULE}"/>'
    )
    out.append("</svg>")
    return "".join(out)


def to_png(svg: str, *, scale=2.0) -> bytes:
    """The SVG as PNG for Word, at twice its size so it prints sharply."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)
