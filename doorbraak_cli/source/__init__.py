"""Reading and writing: YAML with positions, files (one atomic write, one digest), shipped data, the cache."""
