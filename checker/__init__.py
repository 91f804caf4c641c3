"""factcheck: a cross-source fact-consistency checker for news corpora."""

__version__ = "0.1.0"
