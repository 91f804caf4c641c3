"""Extractors, one module per fact kind, registered by kind."""
