"""What the family reads. Clinical wording comes from protocol.yml, names and numbers from the clinic."""

from datetime import datetime
from typing import Any, Dict, Iterable, List, Optional

from triage.clinic import Clinic, load_clinic
from triage.engine import Disposition
from triage.parse_contract import REPLY_TO_KEY
from triage.protocol import EMERGENCY, ROUTINE, SAME_DAY, Protocol, load_protocol
from triage.reply_contract import PAYLOAD_KEY

ANSWER_CHOICES = ("Yes", "No", "Not sure")


def answer_buttons(token: Optional[str]) -> List[Dict[str, Optional[str]]]:
    """Yes / No / Not sure, each bound to the question it is shown with."""
    return [{"title": choice, "payload": choice, REPLY_TO_KEY: token} for choice in ANSWER_CHOICES]


def team_placeholders(clinic: Clinic, when: Optional[datetime] = None) -> Dict[str, str]:
    """The clinic's names and numbers, and {team_numbers} (Spanish: {team_numbers_es}): both of the team's
    numbers, the one that answers at `when` (now when not given) first. In opening hours, in the clinic's
    timezone, that is the daytime number; otherwise the after-hours number."""
    day, night = clinic.daytime_number, clinic.after_hours_number
    if clinic.is_open(when):
        numbers, numbers_es = f"{day} ({night} when the clinic is closed)", f"{day} (fuera de horario: {night})"
    else:
        numbers, numbers_es = f"{night} ({day} when the clinic is open)", f"{night} (en horario: {day})"
    return {**clinic.placeholders(), "team_numbers": numbers, "team_numbers_es": numbers_es}


def fill(template: str, clinic: Clinic, when: Optional[datetime] = None) -> str:
    """A text with the clinic's names and numbers, as they are to be said at `when` (now when not given)."""
    return template.format(**team_placeholders(clinic, when))


def emergency_text(clinic: Optional[Clinic] = None, protocol: Optional[Protocol] = None) -> str:
    protocol, clinic = protocol or load_protocol(), clinic or load_clinic()
    return fill(protocol.level_text[EMERGENCY], clinic)


def advice_lines(
    keys: Iterable[str], protocol: Protocol, clinic: Optional[Clinic] = None, when: Optional[datetime] = None
) -> List[str]:
    return [fill(protocol.advice[key]["text"], clinic or load_clinic(), when) for key in keys]


def level_advice(
    disposition: Disposition,
    clinic: Optional[Clinic] = None,
    protocol: Optional[Protocol] = None,
    emergency_already_said: bool = False,
    when: Optional[datetime] = None,
) -> List[str]:
    """What a same-day or emergency level tells the family, the moment it is known: the level's guidance
    first (the emergency line unless Rasa already sent it), then the advice its rules allow."""
    protocol, clinic = protocol or load_protocol(), clinic or load_clinic()
    if disposition.level == EMERGENCY:
        first = [] if emergency_already_said else [emergency_text(clinic, protocol)]
        return first + ["\n\n".join(advice_lines(disposition.advice + ("cards",), protocol, clinic, when))]
    guidance = fill(protocol.level_text["same_day_now" if disposition.now else SAME_DAY], clinic, when)
    return ["\n\n".join([guidance] + advice_lines(disposition.advice, protocol, clinic, when))]


def disposition_text(
    disposition: Disposition,
    clinic: Optional[Clinic] = None,
    protocol: Optional[Protocol] = None,
    answer: Optional[str] = None,
    after_quick_screen: bool = False,
    when: Optional[datetime] = None,
) -> str:
    """The routine reply at the end of screening: what was found, the advice its rule allows, the answer
    to the family's question, then what would change things. After a "no" to the quick screen it never
    says that no warning sign was found (protocol v1.1 "Quick screen")."""
    protocol, clinic = protocol or load_protocol(), clinic or load_clinic()
    lines = [] if after_quick_screen else [protocol.level_text[ROUTINE]]
    lines += advice_lines(disposition.advice, protocol, clinic, when)
    lines += [answer] if answer else []
    lines.append(fill(protocol.level_text["routine_reminder"], clinic, when))
    return "\n\n".join(lines)


def triage_payload(
    level: str, rules: Iterable[str], protocol: Optional[Protocol] = None, signs: Iterable[str] = ()
) -> Dict[str, Any]:
    """The machine-readable disposition: level, rule ids, protocol version and the signs it rests on
    (sign ids only, never the family's words). The audit trail records it as it is."""
    protocol = protocol or load_protocol()
    return {
        PAYLOAD_KEY: {
            "level": level,
            "rules": list(rules),
            "protocol_version": protocol.version,
            "findings": sorted(signs),
        }
    }


# Conversation texts that name the clinic. Kept here so every channel and the generated domain agree.
CONVERSATION_TEXTS = {
    "greet": (
        "If your child is struggling to breathe, very hard to wake or having a seizure, call {emergency_number} now.\n\n"
        "Hi, I am the {team_name}'s pump helper. I help you decide how soon to get help for your child's "
        "pump. I also answer questions about it. I am an automated helper, not a doctor or nurse, and I "
        "cannot see your child. I follow written rules that a clinical team has not yet checked.\n\n"
        "What is worrying you today?"
    ),
    # Said in the first reply of every conversation that does not start with the greeting above.
    "about_me": (
        "I am an automated helper, not a doctor or nurse. I follow written rules that a clinical team has "
        "not yet checked."
    ),
    "cannot_place": (
        "I am sorry, I did not understand that. In a few words, what is worrying you about your child or the pump? "
        "If your child is very unwell, call {emergency_number} now, or call the {team_name} on "
        "{team_numbers}."
    ),
    "handoff": (
        "To talk to a person, call the {team_name} on {team_numbers}. In an emergency call {emergency_number}."
    ),
    "goodbye": (
        "Take care. If anything changes, message me again or call the {team_name} on {team_numbers}. "
        "In an emergency call {emergency_number}."
    ),
    "anything_else": (
        "Is anything else worrying you about your child or the pump? In an emergency call {emergency_number}."
    ),
    "level_kept": (
        "Thank you for telling me. To be safe I keep the advice I already gave: please follow it, and call the "
        "{team_name} on {team_numbers} to talk it through."
    ),
    "emergency_kept": (
        "This is still an emergency. Call {emergency_number} now or go to the nearest emergency department. "
        "Then call the {team_name} on {team_numbers}."
    ),
    "screening_done": (
        "Thank you, those are all my questions. Please follow the advice above and call the {team_name} on "
        "{team_numbers}. If your child gets worse, call {emergency_number}."
    ),
    # A same-day sign told after the questions ended: the level stays, the family is told what to do with it.
    "also_same_day": (
        "Thank you for telling me. Please tell the {team_name} about this too when you call them on "
        "{team_numbers}. If your child gets worse, call {emergency_number}."
    ),
    "routine_reminder_short": (
        "If anything changes, message me again or call the {team_name} on {team_numbers}. "
        "In an emergency call {emergency_number}."
    ),
    "summary_offer": "Want a note to show the doctors at the hospital? Send the word SUMMARY.",
    "summary_not_yet": (
        "I can make a summary for the hospital once I have checked your child's signs. In an emergency call "
        "{emergency_number}."
    ),
    "team_told": (
        "I have also sent a note to the on-call team: your child's level and signs, not your messages. Still "
        "call them yourself."
    ),
    "callback_offer": "If you cannot get through, send CALL ME and they will call this number back.",
    "callback_requested": (
        "I have asked the on-call team to call this number back. Keep trying them too: {team_numbers}. In an "
        "emergency call {emergency_number}."
    ),
    "callback_not_here": (
        "I cannot ask for a call back here. Please call the {team_name} on {team_numbers}. In an emergency "
        "call {emergency_number}."
    ),
    "welcome": "You are welcome.",
    "question_still_open": (
        "When you can, please answer my question above. If you cannot, call the {team_name} on {team_numbers}. "
        "In an emergency call {emergency_number}."
    ),
    "take_your_time": "Take your time.",
    "hello_again": "Hello again.",
    "question_later": "I will come back to that once I have checked a few things about your child first.",
    "stale_button": "That button was for an earlier question, so I did not count it.",
    "correction_noted": (
        "Thank you for correcting me. In a few words, what is worrying you now? In an emergency call "
        "{emergency_number}."
    ),
    "spanish": (
        # One SMS segment in GSM-7 (no á, í, ó, ú: one of them makes every segment UCS-2, 70 characters).
        "Si su hijo respira mal, no despierta o convulsiona, llame al {emergency_number} ya. Equipo de la "
        "bomba: {team_numbers_es}. Solo puedo ayudar en inglés.\n\n"
        "If your child is struggling to breathe, very hard to wake or having a seizure, call {emergency_number} "
        "now. To reach the {team_name}, call {team_numbers}. For now I can only help in English."
    ),
    "rate_limited": (
        "You have sent many messages in a short time, so I will wait a minute before reading more. If your "
        "child is very unwell, call {emergency_number} now. To talk to a person, call the {team_name} on "
        "{team_numbers}."
    ),
    "too_long": (
        "That message is too long for me to read. Please send a few sentences about what is worrying you. "
        "If your child is very unwell, call {emergency_number} now, or call the {team_name} on "
        "{team_numbers}."
    ),
    "session_unknown": (
        "This chat is not connected to a conversation. Please reload the page. If your child is very unwell, "
        "call {emergency_number} now."
    ),
    "cannot_assess": (
        "I cannot assess this right now. Please call the {team_name} on {team_numbers}. If your child is "
        "very unwell, call {emergency_number} now."
    ),
}


def conversation_text(key: str, clinic: Optional[Clinic] = None, when: Optional[datetime] = None) -> str:
    return fill(CONVERSATION_TEXTS[key], clinic or load_clinic(), when)
