"""What the heading of an official document says about the issuing agency (Nghị định
30/2020): the body it belongs to and the place name in "<place>, ngày … tháng … năm …"."""

from __future__ import annotations

from danvan.units.models import Agency, AgencyKind, UnitLevel

# Unit names start with their kind; the place line uses the bare name ("Hà Nội, ngày …").
PLACE_PREFIXES = ("Thành phố ", "Tỉnh ", "Xã ", "Phường ", "Đặc khu ")


def place_of(agency: Agency) -> str:
    name = agency.unit.name
    for prefix in PLACE_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def parent_body_of(agency: Agency) -> str:
    """The body named above the agency: the province's People's Committee above a
    commune, and above a provincial agency other than the People's Committee itself."""
    unit = agency.unit
    if unit.level == UnitLevel.COMMUNE and unit.parent is not None:
        return f"UBND {unit.parent.name}"
    if agency.kind != AgencyKind.PEOPLES_COMMITTEE and unit.level == UnitLevel.PROVINCE:
        return f"UBND {unit.name}"
    return ""
