"""CLI commands, one group per module; importing a module registers its commands."""
