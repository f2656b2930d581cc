"""Case presentations: writing (with the privacy guard), review queue, agenda, audit log."""
