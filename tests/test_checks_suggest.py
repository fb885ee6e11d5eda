"""Near-miss suggestions and the validation doc: what a coach is told to type instead."""

from __future__ import annotations

import pytest

from xl_tracker.checks.suggest import IdSuggester, did_you_mean, id_shape, suggest_choice
from xl_tracker.contract import SESSION_TYPES

MEMBERS = [f"M{n:02d}" for n in range(1, 21)]


@pytest.mark.parametrize("typed", ["m 9", "M-009", "MO9", "m09", "M9"])
def test_an_id_of_the_same_shape_is_suggested(typed):
    assert IdSuggester(MEMBERS)(typed) == "M09"


@pytest.mark.parametrize("typed", ["M99", "M21", "X", ""])
def test_no_suggestion_when_nothing_stands_out(typed):
    assert IdSuggester(MEMBERS)(typed) is None


def test_a_close_id_is_suggested_when_it_is_the_only_close_one():
    assert IdSuggester(["I01-A", "I01-B", "I02-A"])("I01-AA") == "I01-A"
    assert IdSuggester(["TOOLS1", "DRIVE1"])("TOLS1") == "TOOLS1"
    assert IdSuggester([f"TOOLS{n}" for n in range(1, 6)])("TOOLS6") is None


def test_shapes_ignore_case_spacing_zeros_and_letter_o():
    assert id_shape("M-0 09") == id_shape("mo9") == id_shape("M9") == "m9"
    assert id_shape("M100") == "m100" and id_shape("M010") == "m10"


@pytest.mark.parametrize(("typed", "meant"), [
    ("one to one", ["One-on-one"]), ("oneonone", ["One-on-one"]), ("Taskteam", ["Task team"]),
    ("consultants circle", ["Consultant circle"]), ("Workshop", ["Opening workshop", "Closing workshop"]),
])
def test_choice_suggestions(typed, meant):
    assert suggest_choice(typed, SESSION_TYPES) == meant


def test_no_choice_suggestion_for_something_else():
    assert suggest_choice("xyz", SESSION_TYPES) == []
    assert did_you_mean([]) == ""
    assert did_you_mean(["One-on-one"]) == " Did you mean 'One-on-one'?"
    assert did_you_mean(["M09"], quote=False) == " Did you mean M09?"
