"""The credit feature's tables."""
