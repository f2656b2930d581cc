"""Programs: recurring clinics, their sessions, members, invitations and calendar feeds."""
