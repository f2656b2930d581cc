"""Site administration: users and programs."""
