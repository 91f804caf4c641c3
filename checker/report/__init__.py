"""Reporters, one per module, registered by format name."""
