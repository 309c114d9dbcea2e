"""The screening policy turn by turn (triage/conversation.py through the offline channel shape)."""

import pytest

from triage.simulate import OfflineConversation


def texts(replies):
    return [r.get("text") or "" for r in replies if r.get("text")]


def answer_to(question, reply):
    """How a reply to a screening question ("red_flags": the grouped one) is read: yes, no, unsure or None."""
    from triage.extractor import extract_findings
    from triage.protocol import load_protocol
    from triage.screening import read_reply

    protocol = load_protocol()
    asked = protocol.grouped.question if question == "red_flags" else protocol.question(question)
    return read_reply(asked, reply, extract_findings(reply), protocol).answer


@pytest.mark.reliability("security", "After an emergency, no message meets silence")
@pytest.mark.parametrize(
    "after",
    ["/back", "what now?", "hmm", "yes", "ok so what do i do", "/restart", "start over", "sorry I meant he is fine"],
)
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


def test_one_sec_and_a_routine_request_mid_question_are_not_answers():
    conversation = OfflineConversation()
    question = texts(conversation.send("hi can u help me book his refill"))[-1]
    held = texts(conversation.send("one sec"))
    assert held == ["Take your time.", question]
    request = texts(conversation.send("sorry. he needs a refill"))
    assert request[-1] == question and not any("EMERGENCY" in t for t in request)
    asked_again = texts(conversation.send("what should I do?"))
    assert asked_again[-1] == question  # a question back gets the open question again


def test_getting_the_thermometer_waits_only_on_a_fever_question():
    conversation = OfflineConversation()
    conversation.send("his legs are stiffer")
    conversation.send("no")  # to the red-flag question: the fever question is next
    assert conversation.state.open == "fever"
    assert texts(conversation.send("getting the thermometer"))[0] == "Take your time."
    other = OfflineConversation()
    question = texts(other.send("she feels warm to me"))[-1]
    assert texts(other.send("hang on getting the thermometer"))[-1] != question  # to the red flags: asked again
    assert texts(other.send("hang on yes"))[0].startswith("EMERGENCY")


@pytest.mark.parametrize("reply", ["hang on, she's breathing really slowly", "wait his lips look a bit blue"])
def test_a_reply_that_opens_with_wait_and_tells_a_red_flag_is_read(reply):
    conversation = OfflineConversation()
    conversation.send("she feels warm to me")
    assert texts(conversation.send(reply))[0].startswith("EMERGENCY")


def test_thanks_after_the_one_repeat_points_at_the_open_question_and_says_what_to_do_meanwhile():
    conversation = OfflineConversation()
    question = texts(conversation.send("can i book her refill for next week"))[-1]
    assert texts(conversation.send("ok thx")) == ["You are welcome.", question]
    meanwhile = texts(conversation.send("ok"))
    assert meanwhile[0] == "You are welcome." and question not in meanwhile
    assert "answer my question above" in meanwhile[-1] and "911" in meanwhile[-1]
    assert texts(conversation.send("no"))[-1] != question  # the question was still open, and is answered


def test_r3_holds_only_while_the_child_is_well_even_when_told_later():
    conversation = OfflineConversation()
    conversation.send("op was on monday, there's a small soft swelling by the pump, not growing, she's well")
    conversation.send("no")
    assert conversation.state.open and not conversation.state.level  # screened before R3 is given
    conversation.send("no, but actually she's been off her food since this morning")
    assert conversation.state.level == "emergency" and "E14" in conversation.state.rules


def test_signs_told_in_a_reply_that_cannot_be_read_are_kept():
    """b12f-e10: 'shes had a headache since half three' to the grouped question was re-asked and forgotten, so
    the fever two questions later gave S5, not E11."""
    conversation = OfflineConversation()
    conversation.send("hi she had her catheter redone last wk")
    conversation.send("shes had a headache since half three n gone off her food")
    conversation.send("nah")
    conversation.send("just took it, armpit one says 38.0")
    assert conversation.state.level == "emergency" and "E11" in conversation.state.rules


def test_a_reply_that_starts_like_a_yes_but_describes_something_else_is_not_a_yes():
    """b14-r12: 'there's a small soft puffy area ...' to the breathing question was read as 'there is': yes."""
    from triage.protocol import load_protocol

    protocol = load_protocol()
    from triage.extractor import extract_findings
    from triage.screening import read_reply

    breathing = protocol.question("breathing")
    puffy = "there's a small soft puffy area by the pump. is that normal?"
    assert read_reply(breathing, puffy, extract_findings(puffy), protocol).answer is None
    grouped = protocol.question("waking")
    for other in (
        "it's the Medtronic SynchroMed pump. what do we need to organise?",
        "there's a tiny gap at one end too",
    ):
        assert read_reply(grouped, other, extract_findings(other), protocol).answer is None, other
    for yes in (
        "there is",
        "it is, a bit",
        "it did happen once this morning",
        "it did yesterday evening, his arms were jerking",
    ):
        assert read_reply(breathing, yes, extract_findings(yes), protocol).answer == "yes", yes


def test_a_reading_alone_opening_the_message_is_a_fever_not_a_message_without_a_concern():
    """b7-s09: '39,1 this evening. runny nose, eating fine, no other problems' had no temperature word, so
    it was placed nowhere and every 'no' after it got 'anything else?', never a level."""
    conversation = OfflineConversation()
    replies = conversation.send("38,8 tonight. bit of a cough but otherwise ok")
    assert conversation.state.level == "same_day" and conversation.state.rules == ["S5"]
    assert any("today" in t for t in texts(replies))


def test_a_message_naming_no_sign_but_other_problems_is_screened_in_full():
    conversation = OfflineConversation()
    conversation.send("runny nose, eating fine, no other problems")
    assert conversation.state.concern


def test_sleepiness_in_a_partial_answer_after_a_dose_change_is_e9_in_that_reply():
    """b5f-e08: the opening's dose change ("make the pump dose higher") was not read, so 'a little bit
    sleepy before, but now he is ok' was S6 and the emergency came a message later."""
    conversation = OfflineConversation()
    conversation.send("yesterday the team made her dose higher. when is her next clinic?")
    replies = texts(conversation.send("well she was a bit sleepy earlier but she's ok now I think"))
    assert replies[0].startswith("EMERGENCY") and "E9" in conversation.state.rules


def test_blacking_out_on_sitting_up_in_a_no_answer_is_e10_at_once():
    """b5f-e09: 'No, she breathe normal. But when I sit her up ... she say everything go black' was only S7."""
    conversation = OfflineConversation()
    conversation.send("she had her refill yesterday and today she feels dizzy")
    replies = texts(conversation.send("no. but when he stands up he goes pale and says it all goes black"))
    assert replies[0].startswith("EMERGENCY") and "E10" in conversation.state.rules


@pytest.mark.parametrize(
    "opening",
    [
        ["asdf", "hello?"],
        ["hmm"],
        ["hello"],
        ["blah blah", "hi"],
    ],
)
@pytest.mark.parametrize("no", ["no", "nope", "no thats all", "nothing"])
def test_a_no_to_anything_else_gets_the_goodbye_not_the_same_question_again(opening, no):
    """A conversation that never got a level asked 'Is anything else worrying you...?' after every 'no',
    for ever. The question is asked once; a 'no' to it gets the goodbye, with the team's numbers and 911."""
    conversation = OfflineConversation()
    for message in opening:
        conversation.send(message)
    asked = texts(conversation.send(no))
    assert asked and asked[-1].startswith("Is anything else worrying you")
    for _ in range(2):
        goodbye = texts(conversation.send(no))
        assert len(goodbye) == 1 and goodbye[0].startswith("Take care")
        assert "911" in goodbye[0] and "555-0199" in goodbye[0]
    assert conversation.state.level is None  # nothing was screened: no level is made up


def test_a_concern_after_anything_else_is_still_screened():
    conversation = OfflineConversation()
    conversation.send("hmm")
    assert texts(conversation.send("no"))[-1].startswith("Is anything else worrying you")
    replies = texts(conversation.send("actually his pump is beeping"))
    assert conversation.state.level == "same_day" and not any(t.startswith("Take care") for t in replies)


def test_the_anything_else_question_survives_the_stored_state():
    from triage.conversation import State

    state = State(asked_anything_else=True)
    assert State.from_dict(state.to_dict()).asked_anything_else
    assert not State.from_dict({"turn": 3}).asked_anything_else  # a state stored before the field


def levels(replies):
    return [r["custom"]["triage"]["level"] for r in replies if "triage" in (r.get("custom") or {})]


R3_OPENING = (
    "She had her pump put in three days ago. There is a little soft lump beside the pump that hasn't grown, "
    "she is playing happily. Is that ok?"
)


@pytest.mark.parametrize(
    "later, level",
    [
        ("no she's fine, it's just that squishy lump next to the pump", ["routine"]),  # the same swelling again
        ("no. the lump by the pump looks red now", ["same_day"]),  # redness: a wound sign (S9)
        ("no, but the lump by the pump is bigger tonight", ["same_day"]),  # growing: S10
    ],
)
def test_a_swelling_that_met_r3_stays_r3_when_mentioned_again(later, level):
    conversation = OfflineConversation()
    conversation.send(R3_OPENING)
    assert levels(conversation.send(later)) == level


@pytest.mark.parametrize(
    "later, level",
    [
        ("a small soft swelling by the pump since discharge, not getting bigger, she's happy", "routine"),
        ("a small soft swelling by the pump with some discharge, not getting bigger, she's happy", "same_day"),
    ],
)
def test_r3_after_an_operation_told_in_an_earlier_message(later, level):
    conversation = OfflineConversation()
    conversation.send("she had her pump op on monday")
    conversation.send(later)
    for _ in range(12):  # "no" to every screening question
        if not conversation.state.open:
            break
        conversation.send("no")
    assert conversation.state.level == level


def test_a_spanish_message_with_a_red_flag_gets_the_emergency_and_the_spanish_numbers():
    from triage.simulate import OfflineConversation

    said = " ".join(
        m.get("text", "") for m in OfflineConversation().send("hola, mi hijo tiene fiebre y la bomba está sonando")
    )
    assert said.startswith("EMERGENCY") and "llame al 911" in said


def test_a_teenager_writing_about_themself_is_the_child_in_later_messages_too():
    from triage.simulate import OfflineConversation

    teen = OfflineConversation()
    teen.send("it's Noor, 15, I've got the baclofen pump. really bad headache since Tuesday")
    said = " ".join(m.get("text", "") for m in teen.send("today I've thrown up 4 times and can't keep water down"))
    assert said.startswith("EMERGENCY") or "EMERGENCY" in said  # E11: headache and repeated vomiting
    parent = OfflineConversation()
    parent.send("my son has a bad headache since Tuesday")
    assert not any("EMERGENCY" in m.get("text", "") for m in parent.send("I've thrown up twice myself, stress"))


@pytest.mark.parametrize(
    "message, level",
    [
        # what a review with fresh eyes found lowered by this round's rules, now held
        ("My son aged 7 with baclofen pump is having a seizure right now", "emergency"),
        ("boy aged 12, breathing very slow and his lips are blue", "emergency"),
        ("at casualty with her, breathing slow and lips going grey", "emergency"),
        ("She was playing a game on the ipad and suddenly had a fit", "emergency"),
        ("didnt eat so sleepy cant wake her properly", "emergency"),
        ("Refill and dose increase yesterday. Today hes so drowsy, nothing new in his other meds", "emergency"),
        ("he had a bad dream and woke drenched in sweat, shaking all over and stiff as a board", "emergency"),
        ("she is not breathing slowly shes barely breathing at all", "emergency"),
        ("his apnea monitor keeps alarming tonight, he seems to be pausing", "emergency"),
        ("I've got the pump and I passed out in PE today", "emergency"),
        ("37.6 at 6pm, now at 9pm he is really hot and his legs are way stiffer", "emergency"),
        ("advice about pump alarm please - its going off now", "same_day"),
        ("the team recommended MRI, he had it done yesterday and nobody checked the pump", "same_day"),
        ("his usual leg spasms are 10x worse tonight", "same_day"),
        ("In 2019 his pump was implanted and since yesterday he is scratching all over and sweating", "same_day"),
        # and what a second review found lowered, or already too low, held since
        ("Are seizures a sign of withdrawal? He had one this morning.", "emergency"),
        ("Is this sleepiness a side effect? Refill was this morning.", "emergency"),
        ("Is the sleepiness a side effect of the dose change on Monday?", "emergency"),
        ("are the fits a sign of low baclofen? she's had three today", "emergency"),
        ("Is this tingling a sign of withdrawal? The pump alarm went off last night.", "emergency"),
        ("Quick question, is the itching a pump thing? It's been going on since yesterday.", "same_day"),
        ("Hi, is this beeping a problem?", "same_day"),
        ("She started her period cramps in her legs all night", "same_day"),
        ("She's really stiff price of missing the refill I guess, we couldn't get there Tuesday", "emergency"),
        ("after standing up she went all faint pinkish and clammy then slumped", "emergency"),
        ("worst spasms ever tonight, legs crossing and he's screaming", "emergency"),
        ("Spasms are the worst I've known them", "emergency"),
        ("Stiffness is at its worst since before the pump", "emergency"),
        (
            "Since the op there's a tiny bump by the pump, it's been the same, but she's not great, off her food",
            "emergency",
        ),
        ("Mild swelling since surgery, it is the same, she's settled, but temp 38.4", "emergency"),
        ("She feels really hot, her last ibuprofen was 36 hours ago", "same_day"),
        ("Gave her 40 mg of ibuprofen for her teeth, she's fine otherwise, when's her refill", "routine"),
        ("what should we do if the pump alarms? it's never done it, just planning", "routine"),
        ("fever gone yesterday, but still very stiff", "same_day"),
        ("Her brother's flu went round, she's had 40.2 this morning", "emergency"),
        ("his lips went pale pink then greyish", "emergency"),
        ("The room keeps swaying for her when she stands", "same_day"),
        # and a third review
        ("The seizure has gone on for 4 minutes now what do i do", "emergency"),
        ("since the dose increase on monday she's been sleepy and has gone downhill fast", "emergency"),
        ("his spasms have gone crazy since lunch", "same_day"),
        ("she has had 3 seizures since last weekend", "emergency"),
        ("She's been really itchy since last weekend, no rash", "same_day"),
        ("Her legs are stiffer than a couple of summers ago when the catheter snapped", "same_day"),
        ("shivery from this cold he's picked up, and his legs are way stiffer than usual", "emergency"),
        ("temp 40.2 per forehead thermometer", "emergency"),
        ("temp 38.9 x 3 days now, otherwise ok", "same_day"),
        ("his legs are stiffer than before the ITB, I can't get his trousers on", "emergency"),
        ("spasms are worse than before we got the pump", "emergency"),
        ("she says it feels like ants are on her legs", "same_day"),
        ("Can the pump alarm if it is low? it did that this morning, wasn't expecting it", "same_day"),
        ("What should I do if she gets a fever and there is redness around the scar?", "routine"),
        ("My friend sent me a video of her son having a seizure, could that happen to mine?", "routine"),
        ("When I brush her teeth the foam comes out of her mouth, is the pump ok with toothpaste?", "routine"),
        ("Her scar is just a faint pink line now, can she go swimming?", "routine"),
        ("There's a faint pink line spreading out from her pump scar toward her side", "same_day"),
        ("Scar is a faint pink line, but she's been itchy all over with no rash since the missed refill", "emergency"),
        ("Are fits a symptom of overdose? he had one after his refill yesterday", "emergency"),
        ("Is the pump supposed to beep like this? it's been going for 20 mins", "same_day"),
        ("Does the pump usually make her this floppy?", "same_day"),
        ("his pump area looks a tad pinkish and warm", "same_day"),
        ("can the pump make him sleepy?", "routine"),
        # "this" points at the child now, whatever negation comes before it
        ("she hasn't been this stiff since before the pump", "emergency"),
        ("I haven't seen him this floppy in years", "same_day"),
        ("she isn't usually this itchy", "same_day"),
        ("he hasn't been stiff at all, can we book the refill", "routine"),
        ("his dad filmed him shaking on the sofa for about 2 minutes", "emergency"),
        ("Does the refill usually make her this sleepy?", "emergency"),
        # and a fourth review, of observation set 8's rules
        (
            "small soft swelling by the pump since the op on monday, not getting bigger. she's very quiet and pale today",
            "emergency",
        ),
        ("tiny swelling since surgery, not growing, she's fine, but a tiny gap in the stitches", "same_day"),
        ("small hard lump by the scar since surgery, not growing, he's fine", "same_day"),
        ("small soft swelling since his op 3 weeks back, not growing, he's fine", "same_day"),
        ("nae breathin proper, long gaps between breaths", "emergency"),
        ("he's nae himsel, talkin nonsense", "emergency"),
        ("the pump's been beepin and she's nae stopped scratchin", "emergency"),
        ("nae joke, his spasms are awfy bad the day", "same_day"),
        ("nae way I can wake him", "emergency"),
        ("woke from a nightmare about monsters and has been confused and not recognising me since", "emergency"),
        ("pump alarm went off this morning and now he's angry red in the face", "emergency"),
        ("I thought it was a text message beeping but it's coming from his tummy", "same_day"),
        ("his pump app is alarming", "same_day"),
        ("since they turned the dose up he's sound asleep constantly", "emergency"),
        ("she's been sound asleep since the refill yesterday, slept 16 hours", "emergency"),
        ("her tone is way softer than usual since the pump was refilled", "emergency"),
        ("the discharge nurse said to ring if the wound leaks, and it is leaking now", "same_day"),
        ("the scar is angry looking and she has a fever", "emergency"),
        ("he's not himself, very stiff", "emergency"),
        ("not eating, hot and floppy", "same_day"),
        ("he's not able to keep anything down", "same_day"),
        ("nah wakes up fine, just a bit sleepy today", "same_day"),
        ("he was shaking in the cold for about 5 minutes after swimming, is swimming ok?", "routine"),
        ("does the refill make kids sleepy? just wondering", "routine"),
        ("he was shaking from the cold for a few minutes after swimming, can he swim weekly?", "routine"),
    ],
)
def test_what_the_review_found_lowered_is_held(message, level):
    from harness.vignettes import play
    from triage.simulate import OfflineConversation

    assert play({"messages": [message]}, OfflineConversation().send, "EMERGENCY")["level"] == level


@pytest.mark.parametrize(
    "question, reply, answer",
    [
        # what families batch13's first run taught: SMS noes, a question back before the answer, a hedged amount
        ("stiffness", "na", "no"),
        ("stiffness", "nn", "no"),
        ("stiffness", "define stiff. no more than normal", "no"),
        # "he always has a bit of tone" still tells stiffness (upward): a rule for the usual state hid worsening
        ("stiffness", "Define stiff, he always has a bit of tone in his legs! But no, no more than normal", "yes"),
        ("itch", "Can't say I have, he's not scratching", "no"),
        ("wound", "Why do you ask? Sorry - no, she's fine, this is just me getting organised", "no"),
        ("wound", "Scars are long healed, and no headaches", "no"),
        ("stiffness", "50/50", "unsure"),
        ("seizure", "i wasnt watching", "unsure"),
        ("seizure", "her legs jerk with spasms more than normal, maybe double her usual", None),
        ("waking", "it's the Medtronic SynchroMed pump. what do we need to organise?", None),
        # and what stays: what a review with fresh eyes found lowered by this round's first rules
        ("seizure", "maybe a bit", "unsure"),
        ("stiffness", "it is a bit", "yes"),
        ("wound", "there is some redness", "yes"),
        ("waking", "it is the worst I've seen", "yes"),
        ("stiffness", "it is his legs, like boards", "yes"),
        ("seizure", "he had maybe two", "unsure"),
        ("seizure", "she went blank for maybe a minute", "unsure"),
        ("waking", "why? nothing will wake her", None),
        ("confusion", "why, nothing he says makes sense tonight", None),
        ("waking", "can't say I have been able to wake him properly", "unsure"),
        ("confusion", "cant say I have any idea, she doesnt talk", "unsure"),
        ("breathing", "same as always, slow and shallow since the refill", None),
        ("stiffness", "like always, but worse", None),
        ("stiffness", "same as always i guess", "unsure"),
        ("seizure", "na im dey shake since morning", None),
        ("stiffness", "na, more than usual", None),
        ("stiffness", "same as always", "no"),
        ("itch", "Can't say I have, he's not scratching and he hasn't said anything feels funny", "no"),
        ("stiffness", "define stiff lol. yes rigid as a board", "yes"),
        ("waking", "what do you mean by hard to wake? I just tried, he won't open his eyes", "yes"),
    ],
)
def test_how_a_reply_is_read(question, reply, answer):
    assert answer_to(question, reply) == answer


def test_a_second_question_back_in_a_row_is_read_as_a_reply_not_repeated_for_ever():
    conversation = OfflineConversation()
    conversation.send("can she have her flu jab with the pump?")
    asked = conversation.state.open
    conversation.send("why do you ask?")
    assert conversation.state.open == asked
    conversation.send("why do you ask?")  # not read: asked once more in other words
    conversation.send("why do you ask?")  # then not sure, and the screening goes on
    assert conversation.state.answers.get(asked) == "unsure"


def _screen_with_noes(conversation, opening):
    """The opening, then "no" to every question until the screening ends."""
    conversation.send(opening)
    for _ in range(12):
        if not conversation.state.open:
            return
        conversation.send("no")
    raise AssertionError("the screening did not end")


def test_a_same_day_sign_told_after_the_questions_ended_gets_words_not_only_the_payload():
    conversation = OfflineConversation()
    _screen_with_noes(conversation, "refill was meant to be tues, clinic cancelled. ok to wait?")
    assert conversation.state.finished and conversation.state.rules == ["S2"]
    reply = texts(conversation.send("there's a tiny gap at one end of his back scar too"))
    assert conversation.state.rules == ["S2", "S9"]
    assert reply and "tell the" in reply[-1] and "911" in reply[-1]


def test_a_right_away_sign_after_a_call_today_says_right_away_and_its_advice():
    conversation = OfflineConversation()
    conversation.send("the scar over her pump has gone a bit red")
    conversation.send("no")
    assert conversation.state.rules == ["S9"] and conversation.state.open == "fever"
    said = texts(conversation.send("no temp but she keeps scratching, itchy all over"))
    assert conversation.state.level == "same_day" and conversation.state.rules == ["S4", "S9"]
    assert "right away, day or night" in said[0] and "early signs of too little medicine" in said[1]
    assert conversation.state.open == "pump" and said[-1].startswith("Is the pump")
    said = texts(conversation.send("oh and he had a fall onto the pump yesterday"))  # S13: only its advice is new
    assert "S13" in conversation.state.rules
    assert said[0].startswith("Do not rub") and not any("right away" in t for t in said)


def test_a_second_same_day_rule_with_nothing_new_to_say_adds_no_words_before_the_next_question():
    conversation = OfflineConversation()
    conversation.send("his legs are stiffer than usual")  # S3: right away, with the early signs
    conversation.send("no")
    asked = conversation.state.open
    said = texts(conversation.send("no but he is scratching his arms a lot"))  # S4: the same advice
    assert conversation.state.rules == ["S3", "S4"]
    assert len(said) == 1 and conversation.state.open and conversation.state.open != asked


@pytest.mark.parametrize(
    "reply, answer",
    [
        # the grouped question asks "is your child ...": "it is ..." telling only of other topics is about them
        ("it's new for him. Pump's no beeping, nae temp", None),
        ("there's a new feed on his plan, no temp, scar fine", None),
        ("it is", "yes"),
        ("it's his breathing, it's so slow", "yes"),
        # ...and what a review found lowered by a first, wider rule, held since
        ("it is the breathing", "yes"),
        ("there is something wrong with his breathing", "yes"),
        ("it's hard to tell, he doesn't talk", "yes"),
        ("it is yeah", "yes"),
        ("I don't know what it is, her sats monitor keeps alarming", "unsure"),
        ("I can't tell, she doesn't talk", "unsure"),
        ("not sure what it is, she is not right at all", "unsure"),
        ("👍 he's fine", "no"),
    ],
)
def test_how_a_reply_to_the_grouped_red_flag_question_is_read(reply, answer):
    assert answer_to("red_flags", reply) == answer


@pytest.mark.parametrize(
    "question, reply, answer",
    [
        ("stiffness", "👎", "no"),
        ("fever", "❌", "no"),
        ("itch", "🙅‍♀️", "no"),
        ("itch", "👍", "yes"),
        ("pump", "✔️", "yes"),
        ("confusion", "🤷", "unsure"),
        ("stiffness", "k. no", "no"),
        ("stiffness", "kk nope", "no"),
        ("stiffness", "do spasms count? yes loads more", "yes"),
        ("stiffness", "I don't think so, she's as loose as normal", "no"),
    ],
)
def test_emoji_and_short_answers_are_read(question, reply, answer):
    assert answer_to(question, reply) == answer


def test_a_thumbs_up_with_no_question_open_is_thanks():
    conversation = OfflineConversation()
    _screen_with_noes(conversation, "can he go swimming with the pump?")
    assert texts(conversation.send("👍"))[0].startswith("Take care")


def test_a_call_today_still_asks_what_would_make_it_right_away_after_what_would_make_it_an_emergency():
    """b14f-e07: crying when moved (S14, call today) never got the stiffness question, and the answer to it was
    'stiff as a board, worse than before the pump' (E7)."""
    conversation = OfflineConversation()
    conversation.send("he's been really unsettled and sweaty today, cries whenever I lift him")
    asked = [conversation.state.open]
    for _ in range(8):
        if not conversation.state.open:
            break
        conversation.send("no")
        asked.append(conversation.state.open)
    assert asked.index("pump") < asked.index("stiffness") < asked.index("itch")  # E12's half first
    assert conversation.state.level == "same_day"
    conversation = OfflineConversation()
    conversation.send("he's been really unsettled and sweaty today, cries whenever I lift him")
    for _ in range(8):
        if conversation.state.open == "stiffness":
            break
        conversation.send("no")
    said = texts(conversation.send("yes, stiff as a board, worse than before he had the pump"))
    assert said[0].startswith("EMERGENCY") and "E7" in conversation.state.rules


def test_a_call_right_away_asks_nothing_that_would_only_make_it_right_away_again():
    conversation = OfflineConversation()
    _screen_with_noes(conversation, "his pump is double beeping")
    assert "stiffness" in conversation.state.answers  # E12's other half
    conversation = OfflineConversation()
    _screen_with_noes(conversation, "she fell onto her pump at school today")
    assert {"stiffness", "itch", "pump"} <= set(conversation.state.answers)  # S13 is a call today


@pytest.mark.parametrize(
    "reply, answer",
    [
        ("all of them no", "no"),
        ("no to all of those, he's playing", "no"),
        ("none of those", "no"),
        ("only the first one, her breathing", "yes"),
        ("just the last, she's muddled", "yes"),
        ("the last one we did not come because of the snow", None),  # a refill, not the list
    ],
)
def test_a_reply_to_the_grouped_question_by_its_list(reply, answer):
    assert answer_to("red_flags", reply) == answer


def test_a_reply_referring_back_is_read_by_what_follows():
    for reply, answer in (("same answer as before. no", "no"), ("like I said, yes, itchy all over", "yes")):
        assert answer_to("itch", reply) == answer


def test_an_unclear_reply_to_one_question_does_not_count_against_the_next():
    """A re-ask is owed to the question it was for: asking another question starts its count again."""
    from triage.conversation import State, Turn, _ask
    from triage.protocol import load_protocol

    protocol = load_protocol()
    turn = Turn(State(open="stiffness", token="stiffness:2", reasked=True, repeated=True, asked_back=True, turn=3))
    _ask(turn, protocol.question("itch"))
    assert turn.state.open == "itch" and not (turn.state.reasked or turn.state.repeated or turn.state.asked_back)
    _ask(turn, protocol.question("itch"), reask=True)
    turn.state.reasked = True
    _ask(turn, protocol.question("itch"), reask=True)  # the same question again keeps its count
    assert turn.state.reasked


@pytest.mark.parametrize(
    "question, reply, answer",
    [
        ("stiffness", "no change?? he's worse", "unsure"),
        ("confusion", "no... she's worse", "unsure"),
        ("stiffness", "nope, nothing worse", "no"),
        ("stiffness", "no, it hasn't got any worse", "no"),
        ("fever", "no but his legs are getting worse at night", "no"),
    ],
)
def test_a_no_that_says_it_is_worse_is_unsure(question, reply, answer):
    assert answer_to(question, reply) == answer


@pytest.mark.parametrize(
    "question, reply, answer",
    [
        ("red_flags", "👍🏻", "yes"),
        ("red_flags", "👍 since this morning", "yes"),
        ("stiffness", "👍 much worse tonight", "yes"),
        ("red_flags", "👍 he's fine", "no"),
    ],
)
def test_a_thumbs_up_and_a_place_in_the_list_are_read_with_what_follows(question, reply, answer):
    assert answer_to(question, reply) == answer


@pytest.mark.parametrize(
    "question, reply, answer",
    [
        ("red_flags", "only the first", "yes"),
        ("red_flags", "just the last two", "yes"),
        ("breathing", "👍 breathing fine", "no"),
        ("itch", "👍 not itchy", "no"),
        ("red_flags", "👍 ok thanks", None),
        ("stiffness", "no worse than yesterday", "no"),
    ],
)
def test_what_a_third_review_of_the_round_found_in_replies(question, reply, answer):
    assert answer_to(question, reply) == answer


def test_its_fine_is_not_a_yes():
    """'its fine' was briefly normalised to 'it is fine', a yes to the grouped question (an emergency)."""
    conversation = OfflineConversation()
    conversation.send("he is much stiffer than usual today")
    conversation.send("its fine")
    assert conversation.state.level != "emergency"


def test_a_goodbye_after_the_emergency_is_not_asked_the_questions_for_the_record_again():
    conversation = OfflineConversation()
    conversation.send("we missed the refill on monday")
    conversation.send("no")
    replies = texts(conversation.send("also she keeps scratching her tummy and legs, no rash"))
    assert conversation.state.level == "emergency" and replies[0].startswith("EMERGENCY")
    goodbye = texts(conversation.send("thanks, bye"))
    assert "911" in goodbye[-1] and not any(t.endswith("?") for t in goodbye)
    assert conversation.state.finished and not conversation.state.open


def test_a_parent_with_the_pump_makers_card_is_not_the_child_writing():
    conversation = OfflineConversation()
    conversation.send("i have the medtronic card in my bag, i felt faint in the heat")
    assert conversation.state.level != "emergency" and not conversation.state.child_writes


def test_a_teenager_with_the_pump_writing_about_my_neck_is_the_child():
    reply = texts(OfflineConversation().send("I'm 16 and I have the pump. my neck feels too weak to hold my head up"))
    assert reply[0].startswith("EMERGENCY")


@pytest.mark.parametrize(
    "replies",
    [
        ["hes really sweaty", "and hes so grumpy"],  # two signs told instead of an answer: "not sure" (rule 6)
        ["hes not right tonight", "hes sweaty now"],
        ["hang on not now", "hang on never mind"],  # a "hang on" is read as it stands, never as a no
    ],
)
def test_two_replies_that_do_not_answer_the_red_flags_are_not_sure(replies):
    conversation = OfflineConversation()
    conversation.send("ds seems off tonight")
    assert not texts(conversation.send(replies[0]))[0].startswith("EMERGENCY")
    assert texts(conversation.send(replies[1]))[0].startswith("EMERGENCY")


def test_a_reply_that_cannot_be_read_twice_is_still_not_sure():
    conversation = OfflineConversation()
    conversation.send("he's been sweating loads")
    conversation.send("hmm well the thing is")
    assert texts(conversation.send("its hard to explain"))[0].startswith("EMERGENCY")
