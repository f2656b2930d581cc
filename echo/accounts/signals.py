"""Moments of an account that features above accounts act on, without accounts importing them
(dependencies point from live to accounts, never back). Blinker is Flask's own signal library."""
from blinker import Namespace

_signals = Namespace()

# Sent by the account routes after the commit that ended logins (log out, password changed,
# "log out everywhere", deactivated): `login_ids=` the logins ended. The live board closes
# their sockets.
logins_ended = _signals.signal("logins-ended")
