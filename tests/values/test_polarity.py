"""Negation scope on real mission-scope sentences."""

from __future__ import annotations

import pytest

from checker.values.polarity import is_negated


@pytest.mark.parametrize(
    ("sentence", "target", "negated"),
    [
        (
            "Zas noted that the peacekeepers will guard the strategic facilities of Kazakhstan"
            " and help maintain order in the republic, they will not participate in dispersing"
            " the demonstrations.",
            "dispersing",
            True,
        ),
        (
            "Zas noted that the peacekeepers will guard the strategic facilities of Kazakhstan.",
            "guard",
            False,
        ),
        (
            "At the same time, they will not interact with the protesters - they only guard the"
            " military and other state facilities.",
            "interact",
            True,
        ),
        (
            "At the same time, they will not interact with the protesters - they only guard the"
            " military and other state facilities.",
            "guard",
            False,
        ),
        (
            "He rejected as untrue every suggestion that CSTO units would break up"
            " demonstrations, saying that this would not happen.",
            "break up",
            True,
        ),
        (
            "the CSTO peacekeeping mission in Kazakhstan is there to secure strategic facilities"
            " and help maintain public order, and not to disperse rallies",
            "disperse",
            True,
        ),
        (
            "the CSTO peacekeeping mission in Kazakhstan is there to secure strategic facilities",
            "secure",
            False,
        ),
        ("The troops won't disperse protesters.", "disperse", True),
        ("The troops would never fire on protesters.", "fire", True),
        ("Peacekeepers will protect key sites; they do not police the streets.", "protect", False),
    ],
)
def test_negation_scope(sentence: str, target: str, negated: bool) -> None:
    assert is_negated(sentence, sentence.index(target)) is negated
