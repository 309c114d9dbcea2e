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


@pytest.mark.parametrize(
    "texted, read",
    [
        ("fever is a hundred n four point one", "fever is 104.1"),
        ("39 n a bit on the ear one", "39.1 on the ear one"),
        ("trying 2 wake her 4 10 mins", "trying to wake her for 10 minutes"),
        ("she doesnt seem 2 kno where she is", "she doesnot seem to know where she is"),
        ("we had 2 cancel da refill", "we had to cancel the refill"),
        ("he has bn sick 4 times, had 2 fits", "he has been sick 4 times, had 2 fits"),
        ("my da has a cold", "my da has a cold"),
        ("temp 40.4 the whole night, 38,2 a bit ago", "temp 40.4 the whole night, 38.2 a bit ago"),
    ],
)
def test_sms_shorthand_is_read_as_the_words_it_stands_for(texted, read):
    assert normalize(texted) == read
