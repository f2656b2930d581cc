"""The attendance feature's tables."""
