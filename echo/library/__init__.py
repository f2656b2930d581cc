"""The case library: search, case pages, saved lists, publishing."""
