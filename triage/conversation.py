"""The screening policy: given the conversation so far and the family's new message, what to say next.

One function, `step`, decides every turn: the emergency first, in the reply to the message that reveals
it; a same-day level's advice before any question; the next question (worst first, only what is not
known, grouped where the protocol allows); a "how high?" follow-up; a re-ask in other words; a response to
a message that is not an answer; the disposition; and when the on-call team is told (the moment the level
first rises). The Rasa action, the offline simulation and the evaluation all call it; nothing restates its
rules elsewhere. Plain Python, no Rasa: a clinician can read it, and it runs in milliseconds.
"""

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from typing import Any, Callable, Dict, FrozenSet, List, Optional, Tuple

from triage.answers import MIN_TOPIC_CONFIDENCE, answer_text, restated_advice
from triage.clinic import Clinic, load_clinic
from triage.engine import Disposition, assess, higher, is_routine_sign, warning_signs
from triage.extractor import restates_small_swelling, small_swelling_after_told_surgery, told_recent_surgery
from triage.findings import PRESENT, WRITER, Finding, known_signs, present_signs
from triage.language import is_spanish
from triage.lexicon import SMALL_SWELLING
from triage.normalize import normalize
from triage.protocol import EMERGENCY, ROUTINE, SAME_DAY, Protocol, Rule, ScreeningQuestion, load_protocol
from triage.replies import advice_lines, conversation_text, disposition_text, level_advice, triage_payload
from triage.reply_contract import SUMMARY_KEY
from triage.screening import (
    CALLBACK,
    CONCERN,
    GOODBYE,
    GREETING,
    NO,
    SUMMARY,
    THANKS,
    UNSURE,
    WAIT,
    Reading,
    answer_findings,
    asked_question,
    asks_back,
    grouped_now,
    measuring_as_wait,
    next_question,
    not_an_answer,
    raises_level,
    read_reply,
    routine_request,
    words_answer,
)
from triage.second_opinion import suspected_red_flag
from triage.summary import Summary, conversation_summary

# Words of the pump's world: a message using them is about the child's care (the NLU component uses
# them too, to send a care question the classifier missed to the routine answers).
PUMP_WORLD = (
    r"pumps?|baclofen|itb|intrathecal|refill\w*|refil\w*|catheter|scars?|incision|mri|doses?|dosage|"
    r"surgery|trial|spasm\w*|spasticity|dystonia|withdrawal|overdose|alarm\w*|battery|medtronic|"
    r"prometra|bath\w*|swim\w*|pool|school|travel\w*|fly|flying|flight|airport|holiday|vacation|sports?|"
    r"babysitter|nanny|card"
)
# ...and of a worried parent: a message using either is a concern to screen, not one to place.
_CONCERN_WORDS = re.compile(
    rf"\b({PUMP_WORLD}|son|daughter|child|kid|boy|girl|baby|he|she|him|her|his|worried|worry\w*|"
    r"unwell|sick|poorly|ill|right|wrong|off|himself|herself|symptoms?|problems?)\b",
    re.I,
)
_CORRECTION = re.compile(
    r"^(sorry,? i meant|i meant|i mean,|correction|my mistake|oops|typo|(sorry,? )?i made a mistake|sorry,? (she|he) is not"
    r"|sorry,? (she|he) isnot|actually (she|he) isnot|sorry,? that was wrong)",
    re.I,
)
_HANDOFF = re.compile(
    r"\b(talk|speak|chat) (to|with) (a |an |the |someone|somebody|person|human|nurse|doctor)"
    r"|\breal person\b|\bhuman\b",
    re.I,
)
_START_OVER = re.compile(r"^(start (over|again)|restart|new conversation|begin again)\b", re.I)
MAX_UNPLACED = 1  # a second message in a row that cannot be placed gets the handoff


@dataclass(frozen=True)
class Message:
    """The family's new message, as the channel and the extractor read it."""

    text: str
    findings: Tuple[Finding, ...] = ()
    intent: Optional[str] = None  # the classifier's guess: a hint for greetings, topics, Spanish
    topic: Optional[str] = None  # a routine question's topic (response selector)
    topic_confidence: float = 0.0
    reply_to: Optional[str] = None  # the question token a button answered
    emergency_said: bool = False  # Rasa already sent the emergency reply this turn
    channel: Optional[str] = None  # the channel's name: a call back needs the SMS number


@dataclass
class State:
    """The conversation so far. Stored between turns (a Rasa slot); holds sign ids, never text."""

    findings: List[Finding] = field(default_factory=list)
    assumed: List[str] = field(default_factory=list)  # signs a plain yes to a grouped question stood for
    answers: Dict[str, str] = field(default_factory=dict)
    level: Optional[str] = None
    rules: List[str] = field(default_factory=list)
    open: Optional[str] = None  # the question waiting for an answer
    token: Optional[str] = None  # binds a button to the question it was shown with
    reasked: bool = False  # the open question was asked again after an unclear reply
    repeated: bool = False  # the open question was repeated after a non-answer
    asked_back: bool = False  # the open question was repeated after a question back
    question: Optional[Dict[str, Any]] = None  # the family's routine question, answered after screening
    concern: bool = False  # the family reported a worry, not only a question
    finished: bool = False  # the disposition was given
    asked_anything_else: bool = False  # the family was asked whether anything else worries them
    recent_surgery: bool = False  # a message told of an operation in the last days (R3 over several messages)
    child_writes: bool = False  # the writer has the pump ("I've got the baclofen pump"): "I have ..." is the child's
    unplaced: int = 0
    turn: int = 0

    def to_dict(self) -> Dict[str, Any]:
        data = asdict(self)
        data["findings"] = [[f.sign, f.status, f.celsius] for f in self.findings]
        return data

    @classmethod
    def from_dict(cls, data: Optional[Dict[str, Any]]) -> "State":
        if not data:
            return cls()
        data = dict(data)
        data["findings"] = [Finding(*f) for f in data.get("findings", [])]
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Say:
    text: str
    question: Optional[str] = None  # a question id: the message carries Yes / No / Not sure
    token: Optional[str] = None


@dataclass
class Turn:
    """What to send: messages in order, the triage payload when a level is given, and whether the
    on-call team is to be told of a rise (the level it rose to)."""

    state: State
    says: List[Say] = field(default_factory=list)
    payload: Optional[Dict[str, Any]] = None
    notify: Optional[str] = None
    callback: bool = False  # the family asked the on-call team to call back

    @property
    def texts(self) -> List[str]:
        return [s.text for s in self.says]


def step(
    state: State,
    message: Message,
    protocol: Optional[Protocol] = None,
    clinic: Optional[Clinic] = None,
    when: Optional[datetime] = None,
) -> Turn:
    """`when`: the time the reply is said (now when not given); the team's number that answers then comes
    first wherever the numbers are given."""
    protocol, clinic = protocol or load_protocol(), clinic or load_clinic()
    when = when or datetime.now(timezone.utc)
    if message.reply_to and message.reply_to != state.token:
        return _stale_button(state, protocol, clinic, when)
    state = replace(
        state,
        turn=state.turn + 1,
        findings=list(state.findings),
        answers=dict(state.answers),
        assumed=list(state.assumed),
    )
    message = _small_swelling_kept(state, _writer_is_child(state, message))
    turn, before = Turn(state), list(state.findings)
    if state.open:
        _read_reply(turn, message, protocol, clinic, when)
    else:
        _read_message(turn, message, protocol, clinic, when)
    if state.turn == 1:
        _say_what_i_am(turn, clinic)
    if is_spanish(message.text) and warning_signs(message.findings):  # screened in English, and told in Spanish
        turn.says.insert(0, Say(conversation_text("spanish", clinic, when)))
    if turn.payload is None and state.level in (SAME_DAY, EMERGENCY) and state.findings != before:
        turn.payload = _level_payload(state, protocol, clinic, when)  # the summary, with what is new
    return turn


_BRAND = "prometra|medtronic|synchromed|flowonix"
# "i have the baclofen pump", "my prometra pump", "i have the medtronic synchromed," (a brand that ends the phrase)
_CHILD_WRITES = re.compile(
    rf"\b(i have|i have got|i got|i am on|i am the one with) (a|the|an) ((baclofen|itb|intrathecal|{_BRAND}) ){{0,2}}pump\b"
    rf"|\b(i have|i have got|i got) (a|the|an) (({_BRAND}) ?){{1,2}}(?=\s*([,.;!?]|$|and\b|one\b|in my\b))"
    rf"|\bmy ((baclofen|itb|own|{_BRAND}) ){{0,2}}pump\b|\bi am (\d{{1,2}}|a teen|a teenager)\b"
)


def _writer_is_child(state: State, message: Message) -> Message:
    """A teenager writing about themself: what "I" have is the child's, in this message and the later ones."""
    state.child_writes = state.child_writes or bool(_CHILD_WRITES.search(normalize(message.text)))
    if not state.child_writes:
        return message
    return replace(
        message, findings=tuple(replace(f, status=PRESENT) if f.status == WRITER else f for f in message.findings)
    )


def _small_swelling_kept(state: State, message: Message) -> Message:
    """R3 is read per message; once a message met it, a later one that only mentions the same swelling again
    (no redness, fluid, pain, fever or growth) is that swelling, not a new wound sign. A message that meets
    R3 but for the operation, told of in an earlier message, meets it too."""
    state.recent_surgery = state.recent_surgery or told_recent_surgery(message.text)
    restated = SMALL_SWELLING in present_signs(state.findings) and restates_small_swelling(message.text)
    if not restated and not (state.recent_surgery and small_swelling_after_told_surgery(message.text)):
        return message
    kept = [Finding(SMALL_SWELLING) if f.sign == "wound_problem" and f.present else f for f in message.findings]
    return replace(message, findings=tuple(kept))


def _say_what_i_am(turn: Turn, clinic: Clinic) -> None:
    """Every conversation's first reply says the helper is not a doctor and its protocol is not yet reviewed
    (the greeting says it itself): after the level's guidance, before any question."""
    if any("not a doctor" in say.text for say in turn.says):
        return
    at = next((i for i, say in enumerate(turn.says) if say.question), len(turn.says))
    turn.says.insert(at, Say(conversation_text("about_me", clinic)))


# --- a reply to the open question ------------------------------------------------------------------------


def _read_reply(turn: Turn, message: Message, protocol: Protocol, clinic: Clinic, when: datetime) -> None:
    state = turn.state
    question = asked_question(state.open or "", state.findings, protocol)
    reading = _reading(question, message, protocol)
    # a sign told beside the question counts, and so does one that raises the level with what is known
    # ("her wee is very dark, like cola. Is that anything to worry about?" after more stiffness: E7)
    volunteered = bool(warning_signs(message.findings)) or raises_level(
        state.findings, present_signs(message.findings), assess(state.findings, protocol).level, protocol
    )
    kinds = measuring_as_wait(not_an_answer(message.text, protocol), question)
    correction = bool(_CORRECTION.match(message.text.strip()))
    question_back = asks_back(message.text)
    aside = kinds or correction or question_back or routine_request(message.text)
    asked_back_again = question_back and state.asked_back  # then read as any reply (re-ask, not sure)
    if reading.answer is None and not volunteered and aside and not asked_back_again:
        _remember_question(state, message)
        reply = _request_reply(turn, kinds, message, protocol, clinic, when) or (
            _correction_text(state, clinic, when)
            if correction
            else conversation_text(_non_answer_key(kinds), clinic, when)
        )
        turn.says.append(Say(reply))
        if GOODBYE in kinds and state.level == EMERGENCY:  # the guidance is given; what is left was for the record
            state.open, state.finished = None, True
            return
        # thanks or a greeting repeats the open question once; a question back gets it again, since its reply
        # promises to come back to it after the questions; a second one in a row is read as a reply
        if not (kinds or correction):
            state.asked_back = state.asked_back or question_back
            _ask(turn, question)
        elif not state.repeated:
            state.repeated = True
            _ask(turn, question)
        elif kinds & {THANKS, GREETING}:  # asked twice already: point at it, and say what to do meanwhile
            turn.says.append(Say(conversation_text("question_still_open", clinic, when)))
        return
    if reading.answer is None and not volunteered:
        if not state.reasked:  # rule 6: once in other words, then "not sure"
            state.reasked = True
            state.findings += list(message.findings)  # "she's had a headache since half three": E11 with a fever
            _ask(turn, question, reask=True)
            return
        reading = Reading(UNSURE)
    state.findings += list(message.findings)
    if reading.answer is not None or question.id in (protocol.how_high.id, protocol.grouped.which.id):
        _record(state, question, reading, message, protocol)
    elif not state.reasked:  # a new sign, but the question is still unanswered
        state.reasked = True
    else:
        _record(state, question, Reading(UNSURE), message, protocol)
    _remember_question(state, message)
    _continue(turn, message, protocol, clinic, when, reask=state.open == question.id)


def _reading(question: ScreeningQuestion, message: Message, protocol: Protocol) -> Reading:
    choice = _button_choice(message.text) if message.reply_to else None
    return Reading(choice) if choice else read_reply(question, message.text, message.findings, protocol)


def _button_choice(text: str) -> Optional[str]:
    return {"yes": "yes", "no": NO, "not sure": UNSURE}.get(text.strip().lower())


def _record(state: State, question: ScreeningQuestion, reading: Reading, message: Message, protocol: Protocol) -> None:
    state.answers[question.id] = reading.answer or NO
    state.open, state.token = None, None  # the next question's `_ask` starts its re-ask count again
    if question.id == protocol.grouped.which.id:
        named = present_signs(message.findings) & set(question.signs)
        if named:  # for the record: the sign the family names replaces the group
            state.findings = [f for f in state.findings if not (f.sign in state.assumed and f.sign not in named)]
            state.assumed = []
        return
    named = present_signs(state.findings) & set(question.signs)
    state.findings = answer_findings(question, reading, state.findings, protocol)
    if question.id == protocol.grouped.question.id and reading.answer in CONCERN and not named:
        state.assumed = list(question.signs)


def _non_answer_key(kinds: FrozenSet[str]) -> str:
    """What a reply that is not an answer gets, before the open question is repeated."""
    for kind, key in ((GOODBYE, "goodbye"), (THANKS, "welcome"), (GREETING, "hello_again"), (WAIT, "take_your_time")):
        if kind in kinds:
            return key
    return "question_later"  # a question back, or a routine question


def _correction_text(state: State, clinic: Clinic, when: datetime) -> str:
    """A correction never lowers a level already given: the family is told so."""
    return conversation_text(_kept_text(state) if state.level else "correction_noted", clinic, when)


def _kept_text(state: State) -> str:
    return "emergency_kept" if state.level == EMERGENCY else "level_kept"


# --- a new message with no open question -----------------------------------------------------------------


def _read_message(turn: Turn, message: Message, protocol: Protocol, clinic: Clinic, when: datetime) -> None:
    state = turn.state
    findings = list(message.findings)
    kinds = measuring_as_wait(not_an_answer(message.text, protocol), None)
    reply = _request_reply(turn, kinds, message, protocol, clinic, when) or _conversational_reply(
        state, message, kinds, findings, clinic, protocol, when
    )
    if reply is not None:
        turn.says.append(Say(reply))
        return
    state.findings += findings
    if not _is_question(message) or warning_signs(findings):
        state.concern = (
            state.concern
            or bool(_CONCERN_WORDS.search(message.text))
            or any(not is_routine_sign(f.sign) for f in findings)
        )
    _remember_question(state, message)
    if _ask_suspected(turn, message, protocol):
        return
    if not state.concern and state.question is None:
        state.unplaced += 1
        key = "handoff" if state.unplaced > MAX_UNPLACED else "cannot_place"
        turn.says.append(Say(conversation_text(key, clinic, when)))
        return
    state.unplaced = 0
    if state.finished and state.question and not _new_concern(findings):
        _answer_after_screening(turn, protocol, clinic, when)
        return
    _continue(turn, message, protocol, clinic, when)


def _ask_suspected(turn: Turn, message: Message, protocol: Protocol) -> bool:
    """The second opinion: a red-flag topic the classifier suspects where the rules read no warning sign
    gets its screening question first. It only asks; the answer is read like any other."""
    state = turn.state
    if state.level == EMERGENCY or warning_signs(message.findings):
        return False
    topic = suspected_red_flag(message.text, known_signs(state.findings) | set(state.answers), protocol)
    if topic is None:
        return False
    state.unplaced = 0
    _ask(turn, protocol.question(topic))
    return True


def _conversational_reply(
    state: State,
    message: Message,
    kinds: FrozenSet[str],
    findings: List[Finding],
    clinic: Clinic,
    protocol: Protocol,
    when: datetime,
) -> Optional[str]:
    """Greetings, thanks, goodbyes, handoff, corrections and Spanish: answered as what they are."""
    text = message.text.strip()

    def say(key: str) -> str:
        return conversation_text(key, clinic, when)

    # a first message has nothing to correct: "Oops - just checked his card and the refill was due last Friday"
    correction = state.turn > 1 and bool(_CORRECTION.match(text) or message.intent == "correction")
    if message.intent == "spanish":
        return say("spanish")
    if warning_signs(findings) and not correction:
        return None
    if _HANDOFF.search(text) or message.intent == "human_handoff":
        return say("handoff")
    if correction:
        return _correction_text(state, clinic, when)
    if _START_OVER.match(text) or message.intent == "start_over":
        return say(_kept_text(state) if state.level else "greet")
    if kinds:
        if kinds == {GREETING}:
            return say("greet")
        return say("goodbye")
    if findings or _is_question(message):
        return None
    answer = words_answer(text, protocol)
    if answer == NO:  # "no thats all": nothing more to screen; a "no" to "anything else?" is a goodbye
        if state.finished or state.level or state.asked_anything_else:
            return say("goodbye")
        return _ask_anything_else(state, say)
    if answer in CONCERN and len(text.split()) <= 3:
        return say("emergency_kept") if state.level == EMERGENCY else _ask_anything_else(state, say)
    return None


def _ask_anything_else(state: State, say: Callable[[str], str]) -> str:
    """Asked once: a "no" to it gets the goodbye, with the team's numbers and the emergency number, never
    the same question again."""
    state.asked_anything_else = True
    return say("anything_else")


def _new_concern(findings: List[Finding]) -> bool:
    return any(f.status == PRESENT for f in findings)


def _is_question(message: Message) -> bool:
    """Read from the words alone, so that the REST channel and the offline simulation agree: a statement
    the classifier calls a question ("squishy swelling above the scar, bigger than last week") is a
    concern to screen in full, not a question for the quick screen."""
    return asks_back(message.text)


def _remember_question(state: State, message: Message) -> None:
    """The routine question to answer after screening; the classifier's topic, when it saw one."""
    if _is_question(message) or message.intent == "faq":
        state.question = {"topic": message.topic, "confidence": message.topic_confidence}


# --- what comes next -------------------------------------------------------------------------------------


def _continue(
    turn: Turn, message: Message, protocol: Protocol, clinic: Clinic, when: datetime, reask: bool = False
) -> None:
    state = turn.state
    disposition = assess(state.findings, protocol)
    rose = _give_level(turn, disposition, message, protocol, clinic, when)
    if state.level == EMERGENCY:
        if rose and state.assumed:
            _ask(turn, grouped_now(state.findings, protocol).which)
        elif not rose and not message.emergency_said and not turn.says:  # never silence after an emergency
            turn.says.append(Say(conversation_text("emergency_kept", clinic, when)))
        return
    question = next_question(
        state.findings, state.answers, protocol, quick_screen=state.question is not None and not state.concern
    )
    if question is not None:
        _ask(turn, question, reask=reask and question.id == state.open)
        return
    if state.open:  # e.g. a question still open after a volunteered sign
        return
    _finish(turn, disposition, protocol, clinic, when)


def _give_level(
    turn: Turn, disposition: Disposition, message: Message, protocol: Protocol, clinic: Clinic, when: datetime
) -> bool:
    """Say a same-day or emergency level the moment it is known; the level only ever rises."""
    state = turn.state
    if disposition.level == ROUTINE or protocol.rank(disposition.level) < protocol.rank(state.level):
        return False
    rose = protocol.rank(disposition.level) > protocol.rank(state.level)
    if not rose and list(disposition.rules) == state.rules:
        return False
    first_level, told = state.level is None, protocol.rules_named(state.rules)
    state.level, state.rules = higher(state.level, disposition.level, protocol), list(disposition.rules)
    if rose:
        turn.notify = state.level
        texts = level_advice(disposition, clinic, protocol, emergency_already_said=message.emergency_said, when=when)
        turn.says.extend(Say(t) for t in texts + _after_level(state, message, clinic, when, first_level))
    elif state.level == SAME_DAY:
        turn.says.extend(Say(t) for t in _also_same_day(disposition, told, protocol, clinic, when))
        if state.finished:  # no question follows: the family is still told something about what they said
            turn.says.append(Say(conversation_text("also_same_day", clinic, when)))
    turn.payload = _level_payload(state, protocol, clinic, when)
    return rose


def _also_same_day(
    disposition: Disposition, told: Tuple[Rule, ...], protocol: Protocol, clinic: Clinic, when: datetime
) -> List[str]:
    """A same-day rule found after the level was given: what it adds to what the family was told. "Right
    away, day or night" when only "today" was said, and any advice its rules allow that was not yet given."""
    said = {key for rule in told for key in rule.advice}
    new = replace(disposition, advice=tuple(key for key in disposition.advice if key not in said))
    if disposition.now and not any(rule.now for rule in told):
        return level_advice(new, clinic, protocol, when=when)
    return ["\n\n".join(advice_lines(new.advice, protocol, clinic, when))] if new.advice else []


def _after_level(state: State, message: Message, clinic: Clinic, when: datetime, first_level: bool) -> List[str]:
    """After a level's advice: that the on-call team has been told (when the clinic tells them), how to
    ask for a call back (on SMS, where the number is known) and, the first time, how to get the summary."""
    told = []
    if clinic.notifies(state.level, when):
        told = ["team_told"] + (["callback_offer"] if _calls_back(clinic, message) else [])
    said = [" ".join(conversation_text(key, clinic, when) for key in told)] if told else []
    return said + ([conversation_text("summary_offer", clinic, when)] if first_level else [])


def _calls_back(clinic: Clinic, message: Message) -> bool:
    """The on-call team takes call-back requests, and this family's number is known (SMS)."""
    return clinic.calls_back and message.channel == "sms"


def _level_payload(state: State, protocol: Protocol, clinic: Clinic, when: datetime) -> Dict[str, Any]:
    """The triage payload; with a same-day or emergency level, the summary for the hospital too."""
    payload = triage_payload(state.level or ROUTINE, state.rules, protocol, present_signs(state.findings))
    if state.level in (SAME_DAY, EMERGENCY):
        payload[SUMMARY_KEY] = _summary(state, protocol, clinic, when).to_dict()
    return payload


def _summary(state: State, protocol: Protocol, clinic: Clinic, when: datetime) -> Summary:
    """The summary for the hospital of the conversation so far (a same-day or emergency level)."""
    return conversation_summary(state.findings, state.level or ROUTINE, state.rules, protocol, clinic, when)


def _request_reply(
    turn: Turn, kinds: FrozenSet[str], message: Message, protocol: Protocol, clinic: Clinic, when: datetime
) -> Optional[str]:
    """A request for the summary or a call back, answered when the message is only that."""
    state = turn.state
    if kinds == {SUMMARY}:
        if state.level not in (SAME_DAY, EMERGENCY):
            return conversation_text("summary_not_yet", clinic, when)
        return _summary(state, protocol, clinic, when).text()
    if kinds == {CALLBACK}:
        turn.callback = _calls_back(clinic, message) and state.level in (SAME_DAY, EMERGENCY)
        return conversation_text("callback_requested" if turn.callback else "callback_not_here", clinic, when)
    return None


def _finish(turn: Turn, disposition: Disposition, protocol: Protocol, clinic: Clinic, when: datetime) -> None:
    state = turn.state
    first_time = not state.finished
    state.finished = True
    if state.level is None:
        rule = protocol.question_rule if state.question else None
        routine = assess(state.findings, protocol, rule)
        state.level, state.rules = ROUTINE, list(routine.rules)
        quick_no = state.answers.get(protocol.quick_screen.id) == NO
        answer = _answer(state, ROUTINE, protocol, clinic, when)
        turn.says.append(
            Say(disposition_text(routine, clinic, protocol, answer=answer, after_quick_screen=quick_no, when=when))
        )
        turn.payload = triage_payload(ROUTINE, state.rules, protocol, present_signs(state.findings))
        _answered_topic(turn)
        return
    if state.level == SAME_DAY and first_time:
        answer = _answer(state, SAME_DAY, protocol, clinic, when)
        closing = conversation_text("screening_done", clinic, when)
        turn.says.append(Say("\n\n".join([closing] + ([answer] if answer else []))))
        turn.payload = _level_payload(state, protocol, clinic, when)
        if answer:
            _answered_topic(turn)


def _answer(state: State, level: str, protocol: Protocol, clinic: Clinic, when: datetime) -> Optional[str]:
    """The family's routine question: always answered when routine (an unsure topic gets the numbers),
    when same-day only if the topic is clear, never under an emergency."""
    if not state.question or level == EMERGENCY:
        return None
    topic, confidence = state.question.get("topic"), float(state.question.get("confidence") or 0.0)
    if level == SAME_DAY and confidence < MIN_TOPIC_CONFIDENCE:
        return None
    given = {key for rule in protocol.rules_named(state.rules) for key in rule.advice}
    if level == SAME_DAY and set(restated_advice(topic)) & given:
        return None  # the level's advice already said it (the two alarms are explained once)
    return answer_text(topic, confidence, clinic, when)


def _answered_topic(turn: Turn) -> None:
    """The payload names the topic of the routine answer given (None: the team's numbers instead)."""
    question = turn.state.question
    if question and turn.payload is not None:
        confident = float(question.get("confidence") or 0.0) >= MIN_TOPIC_CONFIDENCE
        turn.payload["answer"] = {"topic": question.get("topic") if confident else None}


def _answer_after_screening(turn: Turn, protocol: Protocol, clinic: Clinic, when: datetime) -> None:
    answer = _answer(turn.state, turn.state.level or ROUTINE, protocol, clinic, when)
    reminder = conversation_text("routine_reminder_short", clinic, when)
    turn.says.append(Say("\n\n".join(([answer] if answer else []) + [reminder])))


def _ask(turn: Turn, question: ScreeningQuestion, reask: bool = False) -> None:
    state = turn.state
    if state.open != question.id:  # another question: an unclear reply to the last one says nothing of this one
        state.reasked, state.repeated, state.asked_back = False, False, False
    if state.open != question.id or not state.token:  # a repeat keeps its token: its buttons still answer
        state.open, state.token = question.id, f"{question.id}:{state.turn}"
    turn.says.append(Say(question.reask if reask and question.reask else question.text, question.id, state.token))


def _stale_button(state: State, protocol: Protocol, clinic: Clinic, when: datetime) -> Turn:
    """A button from an earlier question answers nothing: the state stays as it was."""
    turn = Turn(state, [Say(conversation_text("stale_button", clinic, when))])
    if state.open:
        question = asked_question(state.open, state.findings, protocol)
        turn.says.append(Say(question.text, question.id, state.token))
    return turn
