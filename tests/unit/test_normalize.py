"""Readings said aloud or dictated become digits before anything is read; other numbers stay words."""

import pytest

from triage.normalize import normalize


@pytest.mark.parametrize(
    "said, written",
    [
        ("temp is forty point three", "temp is 40.3"),
        ("thirty-nine point two under the arm", "39.2 under the arm"),
        ("thirty eight", "38"),
        ("a hundred and two", "102"),
        ("one hundred and four point two", "104.2"),
        ("ninety nine point five", "99.5"),
        ("39 point 2", "39.2"),
        ("38,6", "38.6"),
    ],
)
def test_a_reading_said_aloud_is_written_in_digits(said, written):
    assert normalize(said) == written


@pytest.mark.parametrize("said", ["point five", "two tone alarm", "she is one", "four of them"])
def test_other_number_words_stay_words(said):
    assert normalize(said) == said
