"""The disclosures feature's tables."""
