"""The screening policy turn by turn (triage/conversation.py through the offline channel shape)."""
import pytest

from triage.simulate import OfflineConversation


def texts(replies):
    return [r.get("text") or "" for r in replies if r.get("text")]


@pytest.mark.reliability("security", "After an emergency, no message meets silence")
@pytest.mark.parametrize("after", ["/back", "what now?", "hmm", "yes", "ok so what do i do", "/restart", "start over",
                                   "sorry I meant he is fine"])
def test_a_message_after_an_emergency_is_never_met_with_silence(after):
    conversation = OfflineConversation()
    assert texts(conversation.send("she had a seizure"))[0].startswith("EMERGENCY")
    reply = texts(conversation.send(after))
    assert reply and ("911" in reply[0])


def test_the_grouped_question_leaves_out_what_the_family_already_denied():
    conversation = OfflineConversation()
    question = texts(conversation.send("he is sleepier than usual but he wakes up easily and breathes normally"))[-1]
    assert "seizure" in question and "confused" in question
    assert "breath" not in question and "wake" not in question
    which = texts(conversation.send("maybe"))
    assert which[0].startswith("EMERGENCY")
    assert "seizure" in which[-1] and "breath" not in which[-1] and "wake" not in which[-1]


def test_the_grouped_question_asks_all_four_when_nothing_was_said_of_them():
    question = texts(OfflineConversation().send("he is sleepier than usual"))[-1]
    assert all(word in question for word in ("breathe", "wake", "seizure", "confused"))
