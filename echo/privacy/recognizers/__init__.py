"""One module per identifier kind; each registers pattern rules or exposes a find_* pass."""
