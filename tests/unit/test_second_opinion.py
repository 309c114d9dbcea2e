"""The second opinion (triage/second_opinion.py) only asks: a suspected red-flag topic gets its question."""

import pytest

from triage import second_opinion
from triage.simulate import OfflineConversation


@pytest.fixture(scope="module", autouse=True)
def trained_model():
    second_opinion.save_trained()
    second_opinion._loaded.cache_clear()


def texts(replies):
    return [r["text"] for r in replies if r.get("text")]


def test_it_suspects_breathing_said_without_a_sign_word():
    assert "breathing" in second_opinion.suspects("his chest is going in and out really fast and his lips look odd")


def test_a_suspected_red_flag_gets_its_question_first_and_a_no_gives_no_level(monkeypatch):
    monkeypatch.setattr(second_opinion, "suspects", lambda text: ("waking",))
    conversation = OfflineConversation()
    first = texts(conversation.send("she just lies there and moans when I talk to her"))
    assert first[-1].startswith("Is your child much harder to wake")
    after_no = conversation.send("no")
    assert not any("EMERGENCY" in t for t in texts(after_no))
    assert conversation.state.level is None  # asking set no level; screening goes on


def test_a_yes_to_the_suspected_question_is_the_emergency(monkeypatch):
    monkeypatch.setattr(second_opinion, "suspects", lambda text: ("waking",))
    conversation = OfflineConversation()
    conversation.send("she just lies there and moans when I talk to her")
    assert texts(conversation.send("yes"))[0].startswith("EMERGENCY")


def test_it_never_asks_about_what_the_rules_already_read(monkeypatch):
    monkeypatch.setattr(second_opinion, "suspects", lambda text: ("breathing",))
    replies = texts(OfflineConversation().send("her breathing is fine, can she go swimming?"))
    assert replies and not any(t.startswith("Is your child breathing") for t in replies)


def test_without_a_model_there_is_no_second_opinion(monkeypatch):
    monkeypatch.setattr(second_opinion, "_loaded", lambda: None)
    assert second_opinion.suspects("his chest is going in and out really fast") == ()
