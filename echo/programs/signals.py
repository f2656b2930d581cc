"""Moments other features add to without programs importing them (dependencies point from
cases and live to programs, never back). Blinker is Flask's own signal library."""
from blinker import Namespace

_signals = Namespace()

# Sent by the session page's route, before it commits, with the request's viewer as sender
# and `session=` the clinic session shown; receivers add rows to the same transaction.
session_page_shown = _signals.signal("session-page-shown")
