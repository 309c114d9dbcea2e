"""SMS formatting: splitting long replies at sensible points, buttons as plain-text choices."""
from channels.sms import ANSWER_HINT, SMS_LIMIT, sms_texts, split_sms


def test_short_text_is_one_message():
    assert split_sms("Call the team now.") == ["Call the team now."]


def test_paragraphs_and_sentences_are_split_points():
    text = "First paragraph. " * 10 + "\n\n" + "Second one here."
    parts = split_sms(text, limit=100)
    assert all(len(p) <= 100 for p in parts) and parts[-1] == "Second one here."
    assert all(p.endswith(".") for p in parts)


def test_a_very_long_word_run_is_still_cut_below_the_limit():
    parts = split_sms("word " * 200)
    assert all(0 < len(p) <= SMS_LIMIT for p in parts) and "".join(parts).replace(" ", "") == "word" * 200


def test_buttons_become_a_reply_hint_and_payloads_are_dropped():
    texts = sms_texts([{"text": "Is the pump beeping?", "buttons": [{"title": "Yes", "payload": "Yes"}]},
                       {"custom": {"triage": {"level": "same_day"}}}])
    assert texts == [f"Is the pump beeping? {ANSWER_HINT}"]
