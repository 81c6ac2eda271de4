"""The map of the 34 provinces as SVG path data, drawn from bundled boundary data.

The boundaries (``data/vn-provinces-34.topojson``, MIT, see docs/data-sources.md) are
decoded here, each feature is matched to the official two-digit province code by its
normalised name, projected and simplified once per process. No tile server and no
network: the pages embed the paths as inline SVG.

Simplification works on the TopoJSON arcs, so a border shared by two provinces is
simplified once and the neighbours still meet. No ring is ever dropped: every island,
including the Hoàng Sa (Đà Nẵng) and Trường Sa (Khánh Hòa) archipelagos that a map of
Viet Nam must show, keeps at least a triangle.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from danvan.core.text import fold

DATA_DIR = Path(__file__).resolve().parent / "data"
TOPOJSON_PATH = DATA_DIR / "vn-provinces-34.topojson"

# Equirectangular projection with longitudes shrunk by cos(16°), the middle latitude of
# the mainland, so shapes keep their proportions; 60 SVG units per degree of latitude.
UNITS_PER_DEGREE = 60.0
_LAT0 = 16.0
_X_SCALE = UNITS_PER_DEGREE * math.cos(math.radians(_LAT0))
# The frame's corner (north-west), a little outside the data so strokes are not cut.
WEST, NORTH = 102.0, 23.5
EAST, SOUTH = 118.0, 6.8

# Douglas–Peucker tolerances in SVG units (1 unit ≈ 1.85 km north–south).
NATIONAL_TOLERANCE = 0.6
DETAILED_TOLERANCE = 0.12
# Half the smallest size a ring is drawn at (the paths have one decimal).
MIN_RADIUS = 0.2

# Archipelagos that must stay on the map, as (province code, lon/lat box).
ARCHIPELAGOS: dict[str, tuple[str, tuple[float, float, float, float]]] = {
    "hoang_sa": ("48", (111.0, 15.6, 113.0, 17.2)),  # Paracel, Đà Nẵng
    "truong_sa": ("56", (111.5, 6.8, 117.9, 12.0)),  # Spratly, Khánh Hòa
}

# The data's own spellings that do not fold to the official name.
_NAME_ALIASES = {"hcm": "ho chi minh"}
_PREFIXES = ("thanh pho ", "tinh ", "tp. ", "tp ")

Point = tuple[float, float]
BBox = tuple[float, float, float, float]  # x0, y0, x1, y1 (SVG units, y down)


def project(lon: float, lat: float) -> Point:
    return ((lon - WEST) * _X_SCALE, (NORTH - lat) * UNITS_PER_DEGREE)


FRAME_WIDTH, FRAME_HEIGHT = project(EAST, SOUTH)


def name_key(name: str) -> str:
    """A province name without diacritics, tone placement or administrative prefix
    ("Khánh Hoà", "Tỉnh Khánh Hòa" → "khanh hoa"; "TP HCM" → "ho chi minh")."""
    key = fold(name).replace("-", " ")
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :]
            break
    return _NAME_ALIASES.get(key, key)


def official_province_names() -> dict[str, str]:
    """Official two-digit code → name, from the ``vietnam-provinces`` package."""
    from vietnam_provinces import Province

    return {f"{p.code.value:02d}": p.name for p in Province.iter_all()}


def match_codes(names: list[str], official: dict[str, str]) -> dict[str, str]:
    """Map each data name to an official code; raise unless the match is one to one."""
    by_key = {name_key(official_name): code for code, official_name in official.items()}
    result: dict[str, str] = {}
    for name in names:
        found = by_key.get(name_key(name))
        if found is None:
            raise ValueError(f"No official province matches {name!r}")
        if found in result.values():
            raise ValueError(f"Two features match province {found}")
        result[name] = found
    if len(result) != len(official):
        missing = sorted(set(official) - set(result.values()))
        raise ValueError(f"No feature for provinces {missing}")
    return result


def load_topology(path: Path = TOPOJSON_PATH) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Arcs as lists of (lon, lat): undo the quantisation and the delta encoding."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_rest in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """Keep the end points and every point farther than ``tolerance`` from the line
    through the points kept around it (iterative, so long coasts do not recurse)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, 0
        for i in range(first + 1, last):
            d = _distance_to_segment(points[i], points[first], points[last])
            if d > farthest:
                farthest, index = d, i
        if farthest > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _simplify_arc(points: list[Point], tolerance: float) -> list[Point]:
    if len(points) > 3 and points[0] == points[-1]:
        # A closed arc (an island): split at the point farthest from the start, or the
        # line from the start to the end (the same point) would measure nothing.
        far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
        head = douglas_peucker(points[: far + 1], tolerance)
        return head[:-1] + douglas_peucker(points[far:], tolerance)
    return douglas_peucker(points, tolerance)


def _triangle(points: list[Point]) -> list[Point]:
    """Three far-apart points of a ring too small to survive simplification."""
    a = points[0]
    b = max(points, key=lambda p: math.dist(a, p))
    c = max(points, key=lambda p: _distance_to_segment(p, a, b))
    return [a, b, c, a]


def _at_least_visible(ring: list[Point]) -> list[Point]:
    """An islet smaller than the path's precision becomes a small diamond around its
    centre, so rounding the coordinates cannot collapse it to nothing."""
    x0, y0, x1, y1 = _bbox(ring)
    if max(x1 - x0, y1 - y0) >= 2 * MIN_RADIUS:
        return ring
    cx, cy, r = (x0 + x1) / 2, (y0 + y1) / 2, MIN_RADIUS
    return [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy), (cx, cy - r)]


def _ring(arc_ids: list[int], arcs: list[list[Point]]) -> list[Point]:
    points: list[Point] = []
    for arc_id in arc_ids:
        arc = arcs[arc_id] if arc_id >= 0 else arcs[~arc_id][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _path_data(rings: list[list[Point]]) -> str:
    parts = []
    for ring in rings:
        coords: list[str] = []
        previous = None
        for x, y in ring[:-1] if ring[0] == ring[-1] else ring:
            pair = f"{x:.1f} {y:.1f}"
            if pair != previous:
                coords.append(pair)
                previous = pair
        # SVG reads the pairs after the first as line-to commands.
        parts.append("M" + " ".join(coords) + "Z")
    return "".join(parts)


def _bbox(points: list[Point]) -> BBox:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


@dataclass(frozen=True)
class ProvinceShape:
    code: str  # official two-digit code
    source_name: str  # the name in the boundary data
    path: str  # SVG path data, one subpath per ring
    bbox: BBox  # in SVG units
    rings: int

    def viewbox(self, *, pad: float = 0.05) -> str:
        x0, y0, x1, y1 = self.bbox
        margin = max(x1 - x0, y1 - y0) * pad
        return (
            f"{x0 - margin:.1f} {y0 - margin:.1f} "
            f"{x1 - x0 + 2 * margin:.1f} {y1 - y0 + 2 * margin:.1f}"
        )


@dataclass(frozen=True)
class MapGeometry:
    shapes: dict[str, ProvinceShape]  # by official code, in the data's order
    tolerance: float
    width: float = FRAME_WIDTH
    height: float = FRAME_HEIGHT

    @property
    def viewbox(self) -> str:
        return f"0 0 {self.width:.0f} {self.height:.0f}"

    def label_point(self, name: str) -> Point:
        """Where to write an archipelago's name: just off its box."""
        _code, (west, _south, east, north) = ARCHIPELAGOS[name]
        return project((west + east) / 2, north + 0.15)


@cache
def province_map(tolerance: float = NATIONAL_TOLERANCE) -> MapGeometry:
    """The 34 provinces, projected and simplified with ``tolerance`` (cached)."""
    topology = load_topology()
    [collection] = topology["objects"].values()
    geometries = collection["geometries"]
    codes = match_codes(
        [g["properties"]["ten_tinh"] for g in geometries], official_province_names()
    )
    arcs = decode_arcs(topology)
    projected = [[project(lon, lat) for lon, lat in arc] for arc in arcs]
    simplified = [_simplify_arc(arc, tolerance) for arc in projected]
    shapes: dict[str, ProvinceShape] = {}
    for geometry in geometries:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = []
        for polygon in polygons:
            for ring_arcs in polygon:
                ring = _ring(ring_arcs, simplified)
                if len(set(ring)) < 3:
                    ring = _triangle(_ring(ring_arcs, projected))
                rings.append(_at_least_visible(ring))
        name = geometry["properties"]["ten_tinh"]
        code = codes[name]
        shapes[code] = ProvinceShape(
            code=code,
            source_name=name,
            path=_path_data(rings),
            bbox=_bbox([p for ring in rings for p in ring]),
            rings=len(rings),
        )
    return MapGeometry(shapes=shapes, tolerance=tolerance)
