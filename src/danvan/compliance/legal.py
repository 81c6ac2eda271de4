"""The duties the monitor checks, with where the law sets them.

Kept in one table so that a change in the law is a change here, and so that the pages
can cite the source of every judgement.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danvan.disclosures.legal import PERMANENT_SUBJECTS as PERMANENT_SUBJECTS
from danvan.disclosures.models import Subject

LAW = "Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15"
RECEPTION_LAW = "Luật Tiếp công dân 42/2013/QH13"

# Subjects every commune must have on display at any time (its democracy rules and its
# administrative procedures, posted permanently: Đ.13) are ``PERMANENT_SUBJECTS``.
# Subjects disclosed at least once in each calendar year: the year's socio-economic plan
# and the budget (estimates or final accounts).
ANNUAL_SUBJECTS = (Subject.PLANS, Subject.BUDGET)

# key → (label, citation)
DUTIES: dict[str, tuple[object, str]] = {
    "disclosure": (_("Disclosure on time"), f"{LAW}, Điều 11–13"),
    "decisions": (_("Household decisions"), f"{LAW}, Điều 15–22"),
    "inspection_board": (_("People's Inspection Board in office"), f"{LAW}, Điều 36–37"),
    "recommendations": (_("Board recommendations answered"), f"{LAW}, Điều 38–40"),
    "chair_dialogue": (_("Chair's dialogue with the people"), f"{LAW}, Điều 32"),
    "village_meetings": (_("Year-end village meetings"), f"{LAW}, Điều 33"),
    "commitments": (_("Commitments kept"), f"{LAW}, Điều 32–33"),
    "reception": (_("Chair's weekly citizen reception"), f"{RECEPTION_LAW}, Điều 15"),
}
