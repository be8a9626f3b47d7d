"""pytest plugin for reluflow (being built)."""
