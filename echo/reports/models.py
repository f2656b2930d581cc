"""The reports feature's tables."""
