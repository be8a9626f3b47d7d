"""Claims, verdict engine, CLI and report (being built)."""
