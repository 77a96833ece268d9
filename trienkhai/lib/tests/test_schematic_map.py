import math
import unicodedata
import xml.etree.ElementTree as ET

from trienkhai.lib.schematic_map import LegendEntry, Place, layout, render_svg, short_name, xml_text

SVG = "{http://www.w3.org/2000/svg}"

# Four Thanh Hóa districts, points and areas as in the bundled data (rounded).
MUONG_LAT = Place("384", "Huyện Mường Lát", 20.494, 104.589, 812.4, "45 %", "#c62828")
HOANG_HOA = Place(
    "399", "Huyện Hoằng Hóa", 19.822, 105.899, 204.0, "92 %", "#2e7d32", "/orgs/HU-399/"
)
NGHI_SON = Place("407", "Thị xã Nghi Sơn", 19.397, 105.735, 455.6, "78,5 %", "#f9a825")
SAM_SON = Place("382", "Thành phố Sầm Sơn", 19.764, 105.898, 44.2, "", "#9e9e9e")
PLACES = [MUONG_LAT, HOANG_HOA, NGHI_SON, SAM_SON]
LEGEND = [LegendEntry("#2e7d32", "Đạt"), LegendEntry("#c62828", "Chưa đạt")]


def parse(svg):
    return ET.fromstring(svg)


def circles(root):
    return root.findall(f".//{SVG}circle")


def circle_of(root, label):
    for g in root.iter(f"{SVG}g"):
        title = g.find(f"{SVG}title")
        if title is not None and title.text.startswith(label):
            return g.find(f"{SVG}circle")
    raise AssertionError(label)


def test_the_map_parses_as_xml_with_one_circle_per_place():
    root = parse(render_svg(PLACES, LEGEND, "Tỷ lệ hoàn thành"))
    assert root.tag == f"{SVG}svg"
    assert len(circles(root)) == len(PLACES)


def test_each_hover_title_names_the_place_and_its_value():
    root = parse(render_svg(PLACES, LEGEND, "Tỷ lệ"))
    titles = [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g")]
    assert "Huyện Hoằng Hóa: 92 %" in titles
    assert "Thị xã Nghi Sơn: 78,5 %" in titles
    assert "Thành phố Sầm Sơn" in titles  # no value: the name alone


def test_a_northern_unit_is_drawn_above_a_southern_one_and_a_western_one_to_the_left():
    root = parse(render_svg(PLACES, LEGEND, "Tỷ lệ"))
    muong_lat, nghi_son = circle_of(root, "Huyện Mường Lát"), circle_of(root, "Thị xã Nghi Sơn")
    assert float(muong_lat.get("cy")) < float(nghi_son.get("cy"))
    assert float(muong_lat.get("cx")) < float(nghi_son.get("cx"))


def test_a_bigger_unit_gets_a_bigger_circle():
    root = parse(render_svg(PLACES))
    big, small = circle_of(root, "Huyện Mường Lát"), circle_of(root, "Thành phố Sầm Sơn")
    assert float(big.get("r")) > float(small.get("r"))


def test_names_and_values_are_escaped():
    evil = Place("x", "Xã <A&B> \"nháy\" 'đơn'\x07", 20.0, 105.0, None, "<b>1 & 2</b>", "#000")
    svg = render_svg([evil, NGHI_SON], [LegendEntry("#000", "<script>")], 'Tiêu đề & "chú thích"')
    root = parse(svg)  # would raise on a bare & or <
    assert "<script>" not in svg and "<b>" not in svg
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert "Xã <A&B> \"nháy\" 'đơn': <b>1 & 2</b>" in titles
    assert "\x07" not in svg


def test_xml_text_escapes_quotes_for_attributes():
    assert xml_text("a\"b'c<d>&") == "a&quot;b&#39;c&lt;d&gt;&amp;"


def test_vietnamese_text_survives_and_is_composed():
    decomposed = unicodedata.normalize("NFD", "Huyện Hoằng Hóa")
    place = Place("399", decomposed, 19.8, 105.9, None, "đạt", "#2e7d32")
    svg = render_svg([place, NGHI_SON], title=unicodedata.normalize("NFD", "Bản đồ"))
    assert "Huyện Hoằng Hóa: đạt" in svg
    assert "Bản đồ" in svg
    assert unicodedata.is_normalized("NFC", svg)
    svg.encode("utf-8")


def test_a_link_is_kept_and_a_javascript_link_is_dropped():
    bad = Place("x", "Xã X", 20.0, 105.0, href="javascript:alert(1)")
    root = parse(render_svg([HOANG_HOA, bad]))
    links = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert links == ["/orgs/HU-399/"]


def test_colours_and_font_are_attributes_not_a_stylesheet():
    svg = render_svg(PLACES, LEGEND, "Tỷ lệ")
    root = parse(svg)
    assert root.get("font-family")
    assert root.find(f".//{SVG}style") is None and "class=" not in svg
    assert {c.get("fill") for c in circles(root)} == {p.colour for p in PLACES}


def test_the_legend_shows_every_entry():
    root = parse(render_svg(PLACES, LEGEND, "Tỷ lệ", legend_title="Mức đạt"))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Đạt" in texts and "Chưa đạt" in texts and "Mức đạt" in texts


def test_many_places_are_numbered_in_the_order_given():
    places = [
        Place(str(i), f"Xã {i}", 19.5 + (i % 10) * 0.1, 105.0 + (i // 10) * 0.1, 50.0, f"{i} %")
        for i in range(50)
    ]
    root = parse(render_svg(places))
    numbers = {
        g.find(f"{SVG}title").text.split(":")[0]: g.find(f"{SVG}text").text
        for g in root.iter(f"{SVG}g")
    }
    assert numbers["Xã 0"] == "1" and numbers["Xã 49"] == "50"


def test_tiles_draw_equal_squares_instead_of_circles():
    root = parse(render_svg(PLACES, shape="tile"))
    assert not circles(root)
    rects = [r for g in root.iter(f"{SVG}g") for r in g.findall(f"{SVG}rect")]
    assert len(rects) == len(PLACES) and len({r.get("width") for r in rects}) == 1


def test_circles_at_the_same_point_are_pushed_apart_and_stay_inside():
    twins = [Place(str(i), f"Xã {i}", 19.8, 105.9, 30.0) for i in range(3)] + [NGHI_SON]
    box = (0, 0, 400, 300)
    placed, _ = layout(twins, box)
    for i, a in enumerate(placed):
        assert a.r <= a.x <= 400 - a.r and a.r <= a.y <= 300 - a.r
        for b in placed[i + 1 :]:
            assert math.hypot(a.x - b.x, a.y - b.y) >= a.r + b.r


def test_no_place_and_one_place_still_make_a_valid_map():
    assert not circles(parse(render_svg([], title="Trống")))
    assert len(circles(parse(render_svg([HOANG_HOA])))) == 1


def test_short_names_drop_the_kind_of_unit():
    assert short_name("Huyện Hoằng Hóa") == "Hoằng Hóa"
    assert short_name("Đảng ủy xã Hoằng Đông") == "Hoằng Đông"
    assert short_name("Thành phố Thanh Hóa") == "TP. Thanh Hóa"
    assert short_name("Xã") == "Xã"
