"""What the law asks of each disclosure subject, as data with citations.

The periods themselves (5 working days to publish, 30 days of posting) are the deadline
rules ``disclosure.publish`` and ``disclosure.posting`` in the ``deadlines`` app, so a
correction to them is a data change there. What depends on the subject is here.
"""

from __future__ import annotations

from danvan.disclosures.models import Subject

LAW = "Luật Thực hiện dân chủ ở cơ sở 2022 (10/2022/QH15)"
PUBLISH_RULE = "disclosure.publish"
POSTING_RULE = "disclosure.posting"

# Đ.13: democracy rules of the commune (4) and administrative procedures (13) stay posted.
PERMANENT_SUBJECTS = frozenset({Subject.number(4), Subject.number(13)})
PERMANENT_CITATION = f"{LAW}, Điều 13"

# Đ.13: posting at least 30 consecutive days for subjects 1–3 and 5–12.
POSTING_MIN_SUBJECTS = frozenset(Subject.number(n) for n in (1, 2, 3, *range(5, 13)))
POSTING_MIN_CITATION = f"{LAW}, Điều 13"

# Đ.13: subjects 7–12 are also read on the commune loudspeaker at least 3 days.
LOUDSPEAKER_SUBJECTS = frozenset(Subject.number(n) for n in range(7, 13))
LOUDSPEAKER_MIN_DAYS = 3
LOUDSPEAKER_CITATION = f"{LAW}, Điều 13"

# Đ.13: the commune lists what it disclosed each quarter.
QUARTERLY_LIST_CITATION = f"{LAW}, Điều 13"
