"""Clean stage: typed tables from the raw exports (values, kommune names, sources, accounting)."""
