"""The province map: the bundled boundary data, its match to the official codes, the
simplification and the islands that must never be lost."""

from __future__ import annotations

import re

import pytest

from danvan.reports import maps
from danvan.units.models import UnitLevel
from danvan.units.services import official_units_2025

# Islands that a map of Viet Nam must show, as (province code, lon, lat).
ISLANDS = {
    "Trường Sa Lớn": ("56", 111.92, 8.64),
    "Song Tử Tây": ("56", 114.33, 11.43),
    "Phú Lâm (Hoàng Sa)": ("48", 112.34, 16.83),
    "Hoàng Sa (Pattle)": ("48", 111.60, 16.53),
}


def subpaths(path: str) -> list[list[tuple[float, float]]]:
    """The rings of an SVG path as drawn by maps.py (absolute M, implicit L, Z)."""
    rings = []
    for part in path.split("M")[1:]:
        assert part.endswith("Z"), part[-20:]
        numbers = [float(n) for n in part[:-1].split()]
        rings.append(list(zip(numbers[::2], numbers[1::2], strict=True)))
    return rings


def bbox(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def test_the_data_and_its_licence_are_bundled_with_the_package():
    assert maps.TOPOJSON_PATH.is_file()
    assert maps.TOPOJSON_PATH.parent.name == "data"
    licence = (maps.DATA_DIR / "vn-provinces-34.LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in licence
    assert "Talia Cao" in licence


def test_all_34_features_match_the_official_provinces_one_to_one():
    official = {
        row.code: row.name for row in official_units_2025() if row.level == UnitLevel.PROVINCE
    }
    assert len(official) == 34
    topology = maps.load_topology()
    [collection] = topology["objects"].values()
    names = [g["properties"]["ten_tinh"] for g in collection["geometries"]]
    assert len(names) == 34
    codes = maps.match_codes(names, official)
    assert sorted(codes.values()) == sorted(official)
    # The quirks of the data's spelling.
    assert codes["Khánh Hoà"] == "56"
    assert codes["Thanh Hoá"] == "38"
    assert codes["TP HCM"] == "79"
    assert codes["TP Hà Nội"] == "01"
    assert codes["TP Đà Nẵng"] == "48"
    assert codes["TP Huế"] == "46"
    # The drawn map uses the same codes as the units.
    assert set(maps.province_map().shapes) == set(official)
    assert maps.official_province_names() == official


@pytest.mark.parametrize(
    ("data_name", "official_name"),
    [
        ("Khánh Hoà", "Tỉnh Khánh Hòa"),
        ("Thanh Hoá", "Tỉnh Thanh Hóa"),
        ("TP HCM", "Thành phố Hồ Chí Minh"),
        ("TP Cần Thơ", "Thành phố Cần Thơ"),
        ("Đắk Lắk", "Tỉnh Đắk Lắk"),
        ("Quảng Ninh", "Thành phố Quảng Ninh"),
    ],
)
def test_names_are_compared_without_prefix_diacritics_or_tone_placement(data_name, official_name):
    assert maps.name_key(data_name) == maps.name_key(official_name)


def test_a_name_without_a_match_or_two_matches_for_one_province_is_an_error():
    official = {"01": "Thành phố Hà Nội", "37": "Tỉnh Ninh Bình"}
    assert maps.match_codes(["TP Hà Nội", "Ninh Bình"], official) == {
        "TP Hà Nội": "01",
        "Ninh Bình": "37",
    }
    with pytest.raises(ValueError, match="Atlantis"):
        maps.match_codes(["TP Hà Nội", "Atlantis"], official)
    with pytest.raises(ValueError, match="Two features"):
        maps.match_codes(["TP Hà Nội", "Hà Nội"], official)
    with pytest.raises(ValueError, match="37"):
        maps.match_codes(["TP Hà Nội"], official)


@pytest.mark.parametrize("tolerance", [maps.NATIONAL_TOLERANCE, maps.DETAILED_TOLERANCE])
def test_no_ring_is_dropped_and_the_archipelagos_stay_on_the_map(tolerance):
    geometry = maps.province_map(tolerance)
    topology = maps.load_topology()
    [collection] = topology["objects"].values()
    for feature in collection["geometries"]:
        polygons = feature["arcs"] if feature["type"] == "MultiPolygon" else [feature["arcs"]]
        name = feature["properties"]["ten_tinh"]
        shape = next(s for s in geometry.shapes.values() if s.source_name == name)
        rings = sum(len(polygon) for polygon in polygons)
        assert shape.rings == rings
        assert len(subpaths(shape.path)) == rings
    assert geometry.shapes["56"].rings > 300  # Khánh Hòa with the Trường Sa islands
    for island, (code, lon, lat) in ISLANDS.items():
        x, y = maps.project(lon, lat)
        shape = geometry.shapes[code]
        # The province reaches the island...
        x0, y0, x1, y1 = shape.bbox
        assert x0 <= x <= x1, island
        assert y0 <= y <= y1, island
        # ...and one of its rings lies on it (within 0.05°, 3 units).
        near = [
            r
            for r in subpaths(shape.path)
            if (b := bbox(r))[0] - 3 <= x <= b[2] + 3 and b[1] - 3 <= y <= b[3] + 3
        ]
        assert near, island
        assert all(max(b[2] - b[0], b[3] - b[1]) < 30 for b in map(bbox, near)), island


def test_every_archipelago_box_holds_rings_of_its_province_only():
    geometry = maps.province_map()
    for name, (code, (west, south, east, north)) in maps.ARCHIPELAGOS.items():
        x0, y0 = maps.project(west, north)
        x1, y1 = maps.project(east, south)
        inside = {
            c
            for c, shape in geometry.shapes.items()
            for ring in subpaths(shape.path)
            if x0 <= bbox(ring)[0]
            and bbox(ring)[2] <= x1
            and y0 <= bbox(ring)[1]
            and bbox(ring)[3] <= y1
        }
        assert inside == {code}, name


def test_simplification_keeps_the_map_small_and_neighbours_meeting():
    national = maps.province_map()
    detailed = maps.province_map(maps.DETAILED_TOLERANCE)
    size = sum(len(s.path) for s in national.shapes.values())
    assert size < 120_000
    assert size < sum(len(s.path) for s in detailed.shapes.values())
    assert maps.province_map() is national  # built once per process
    # Hà Nội and Bắc Ninh share a border: the same simplified points on both sides.
    hanoi = {p for r in subpaths(national.shapes["01"].path) for p in r}
    bac_ninh = {p for r in subpaths(national.shapes["24"].path) for p in r}
    assert len(hanoi & bac_ninh) >= 3
    # Paths hold numbers and path commands only.
    for shape in national.shapes.values():
        assert re.fullmatch(r"(M[0-9. ]+Z)+", shape.path)
    # The frame holds every province.
    for shape in national.shapes.values():
        x0, y0, x1, y1 = shape.bbox
        assert min(x0, y0) >= 0
        assert x1 <= national.width
        assert y1 <= national.height


def test_douglas_peucker_keeps_corners_and_drops_what_lies_on_a_line():
    line = [(float(i), 0.0) for i in range(10)]
    assert maps.douglas_peucker(line, 0.1) == [(0.0, 0.0), (9.0, 0.0)]
    spike = [(0.0, 0.0), (1.0, 2.5), (2.0, 5.0), (3.0, 0.0), (4.0, 0.0)]
    assert maps.douglas_peucker(spike, 0.1) == [(0.0, 0.0), (2.0, 5.0), (3.0, 0.0), (4.0, 0.0)]
    assert maps.douglas_peucker(spike, 10) == [(0.0, 0.0), (4.0, 0.0)]


def test_a_tiny_islet_is_kept_as_a_small_shape():
    # Ten metres across: below the tolerance and below the paths' precision.
    islet = [(113.0, 9.0), (113.0001, 9.0), (113.0001, 9.0001), (113.0, 9.0001), (113.0, 9.0)]
    ring = maps._at_least_visible(maps._triangle([maps.project(*p) for p in islet]))
    x0, y0, x1, y1 = bbox(ring)
    assert x1 - x0 >= 2 * maps.MIN_RADIUS - 1e-9
    x, y = maps.project(113.00005, 9.00005)
    assert x0 <= x <= x1
    assert y0 <= y <= y1
    path = maps._path_data([ring])
    assert len(subpaths(path)[0]) >= 3
