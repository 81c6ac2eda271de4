from __future__ import annotations

import rules

# Any active account holding a valid key may relay citizens' feedback, as anyone may on
# the portal; the key identifies the program for the audit log and can be revoked.
rules.add_perm("open311.submit_request", rules.is_authenticated & rules.is_active)
