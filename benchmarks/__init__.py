"""Benchmarks: a corpus generator and the benchmark runner (figures, never asserted)."""
