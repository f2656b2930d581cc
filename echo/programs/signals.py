"""Moments other features add to without programs importing them (dependencies point from
cases and live to programs, never back). Blinker is Flask's own signal library."""
from blinker import Namespace

_signals = Namespace()

# Sent by the session page's route, before it commits, with the request's viewer as sender
# and `session=` the clinic session shown; receivers add rows to the same transaction.
session_page_shown = _signals.signal("session-page-shown")

# Sent after the commit that changed what a user may do in a program (role changed, removed,
# left; by an admin: deactivated or made admin, with program_id=None): `user_id=`,
# `program_id=`. The live board tells that user's open boards to reload.
access_changed = _signals.signal("access-changed")

# Sent before a rule-made session is removed from a schedule, with the session as sender;
# a receiver returns True when something of its feature hangs on it (a case on its agenda),
# and the session is then cancelled rather than deleted.
session_has_dependants = _signals.signal("session-has-dependants")
