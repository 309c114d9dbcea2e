"""The screening policy turn by turn (triage/conversation.py through the offline channel shape)."""
import pytest

from triage.simulate import OfflineConversation


def texts(replies):
    return [r.get("text") or "" for r in replies if r.get("text")]


@pytest.mark.parametrize("after", ["/back", "what now?", "hmm", "yes", "ok so what do i do", "/restart", "start over",
                                   "sorry I meant he is fine"])
def test_a_message_after_an_emergency_is_never_met_with_silence(after):
    conversation = OfflineConversation()
    assert texts(conversation.send("she had a seizure"))[0].startswith("EMERGENCY")
    reply = texts(conversation.send(after))
    assert reply and ("911" in reply[0])
