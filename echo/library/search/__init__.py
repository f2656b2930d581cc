"""Library search: query parsing, the full-text backends, facets; `engine.search` is the entry point."""
