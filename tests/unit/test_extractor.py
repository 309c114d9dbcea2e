"""Findings from messages written the way parents write: each case names a sign and its status."""

from pathlib import Path

import pytest
import yaml

from triage.engine import assess, warning_signs
from triage.extractor import extract_findings

CASES = [
    # (message, sign, expected status)
    ("my son is breathing really slowly", "breathing_problem", "present"),
    ("hes breathin v shallow", "breathing_problem", "present"),
    ("her lips are going blue", "breathing_problem", "present"),
    ("he keeps stopping breathing in his sleep", "breathing_problem", "present"),
    ("breathing is fine", "breathing_problem", "negated"),
    ("cant wake him", "hard_to_wake", "present"),
    ("I cannot wake her up", "hard_to_wake", "present"),
    ("she won't stay awake", "hard_to_wake", "present"),
    ("he wakes up easily", "hard_to_wake", "negated"),
    ("I couldn't really wake her for lunch", "hard_to_wake", "present"),  # b1-e02
    ("hardly able to wake her", "hard_to_wake", "present"),
    ("he is alert and chatty", "hard_to_wake", "negated"),  # a lost duplicate YAML key
    ("easy to wake this morning", "hard_to_wake", "negated"),
    ("the pump make a small beep, one time every hour, since yesterday", "pump_alarm", "present"),  # b1-s06
    ("one time he had a seizure", "seizure", "past"),
    ("not more stiff, less. The spasms are much better than before", "stiffness", "negated"),  # b1-r07
    ("fewer spasms actually", "stiffness", "negated"),
    ("his spasms are worse, not better", "stiffness", "present"),
    ("wat age can he start doing his own pump stuff, like knowing the alarms", "pump_alarm", "hypothetical"),  # b1-s11
    ("not knowing what the alarm means, it went off twice", "pump_alarm", "present"),
    ("squishy swelling on his lower back, a few cm above the scar", "wound_problem", "present"),  # b1-s05
    # batch5 / batch3 first-run misses: what parents see, SMS spelling, other senses of sign words
    ("when hes asleep his chest stops moving for like 10 secs then he gasps", "breathing_problem", "present"),
    ("v hard 2 wake 2day", "hard_to_wake", "present"),
    ("calling her for ten minutes and her eyes stay shut", "hard_to_wake", "present"),
    ("grabbing at things in the air that aren't there", "confusion", "present"),
    ("she is seeing things that aren't there", "confusion", "present"),
    ("screaming and thrashing for two hours and nothing calms him", "confusion", "present"),
    ("we missd the refil last wk", "missed_refill", "present"),
    ("we still haven't been in for the refill", "missed_refill", "present"),
    ("his feet feel fizzy, like when your leg goes to sleep", "tingling", "present"),
    ("the room spins when she stands up", "dizziness", "present"),
    ("a new pain low in his back right where the tube goes in", "back_pain", "present"),
    ("the skin over his pump looks rly thin n shiny", "wound_problem", "present"),
    ("his knee went straight into her tummy where the pump is", "fall_on_pump", "present"),
    ("39,9 under the arm", "fever", "present"),
    ("nah stiff as usual, no worse", "stiffness", "negated"),
    ("could the pump be making her this sleepy?", "drowsy", "present"),
    ("could she have a seizure if the pump stopped?", "seizure", "hypothetical"),
    ("could the test dose make her floppy?", "floppy", "hypothetical"),
    ("he'd probably get knocked in the tummy sometimes", "fall_on_pump", "hypothetical"),
    ("they want an MRI of her hip in march", "mri", "hypothetical"),
    ("it's supposed to hit 38 degrees this weekend and we want to take her to the lake", "fever", "hypothetical"),
    # batch6 first-run misses
    ("his tummy is sucking in under his ribs every breath", "breathing_problem", "present"),
    ("he won't open his eyes even when I shout his name", "hard_to_wake", "present"),
    ("she keeps drifting back off mid-sentence", "hard_to_wake", "present"),
    ("it is hard to keep him awake", "hard_to_wake", "present"),
    ("he is staring at the wall and doesnt answer me", "hard_to_wake", "present"),
    ("is it normal for her to be itchy after a refill?", "itch", "present"),
    ("is it normal that he is this stiff?", "stiffness", "present"),
    ("is it normal for a pump to beep?", "pump_alarm", "hypothetical"),
    # families batch4 first-run misses
    ("the skin on top of the pump is very thin and shiny, I think I see something grey", "wound_problem", "present"),
    ("he keeps rubbing his back against the door frame", "itch", "present"),
    ("it goes away when she lies flat on the sofa", "positional_headache", "present"),
    ("He ended up in intensive care with a fever of 40, stiff as a board, and he had seizures.", "seizure", "past"),
    ("her lips r kinda purple n shes taking tiny little breaths", "breathing_problem", "present"),
    ("she's chatting to her grandad who died two years ago", "confusion", "present"),
    ("just checked again its 40.3 now", "very_high_fever", "present"),
    ("They put his rate up on Friday at clinic", "recent_refill_or_dose_change", "present"),
    ("her head is killing her", "headache", "present"),
    ("refil was meant to be last thurs but clinic cancelled", "missed_refill", "present"),
    ("her legs feel much looser than normal, kind of like jelly", "floppy", "present"),
    ("when we sit him up his head is pounding, once he's lying flat again it goes", "positional_headache", "present"),
    ("a new sore spot low on her back right where the tube goes in", "back_pain", "present"),
    ("the bottom end of the back cut has come apart a little", "wound_problem", "present"),
    ("a squishy lump has come up along his back where the tube runs", "wound_problem", "present"),
    ("Last year her pump ran dry before the refill and she had a seizure", "seizure", "past"),
    ("his little sister has a temperature of 39", "fever", "other"),
    ("watched a hospital drama where a boy with a pump stopped breathing", "breathing_problem", "other"),
    # batch7 first-run misses, in other words: breaths with gaps, no breath at all, a change of colour
    ("she takes little breaths and then there are long gaps between her breaths", "breathing_problem", "present"),
    ("in his sleep there was no breath at all for about ten seconds", "breathing_problem", "present"),
    ("after every pause she gulps for air", "breathing_problem", "present"),
    ("his lips have gone a purplish colour", "breathing_problem", "present"),
    ("she turned a bit grey round the mouth", "breathing_problem", "present"),
    ("no breathing difficulties at all today", "breathing_problem", "negated"),
    ("she's off the ventilator now, no breathing tube", "breathing_problem", None),
    # inconsolable (E4): nothing the family tries settles or comforts the child
    ("he's been crying for hours and nothing we do settles him", "confusion", "present"),
    ("nothing seems to comfort her tonight", "confusion", "present"),
    ("we can't comfort him, he just keeps wailing", "confusion", "present"),
    ("she won't settle tonight", "confusion", None),  # restless, not inconsolable: S14
    ("nothing wrong, she is calm and happy", "confusion", None),
    # a reading with no temperature word: after "running", after the child and "is", opening a sentence
    ("she's been running 38.7 all afternoon", "fever", "present"),
    ("he is about 101 tonight", "fever", "present"),
    ("38,6 this morning and she's off her food", "fever", "present"),
    ("just woke him, it's 39.4 now", "fever", "present"),
    ("he was 37.4 this morning", "fever", "negated"),
    ("he ran 100 metres at sports day", "fever", None),
    ("his dose is 98.5 mcg a day", "fever", None),
    ("she's 38 kilos now", "fever", None),
    ("my wife has flu, 38.9 last night. can he catch it?", "fever", None),  # someone else's
    # drainage or an opening anywhere in a sentence naming a scar; "last week" dating the operation
    ("there's a bit of fluid on his pyjamas this morning, just where his back scar is", "wound_problem", "present"),
    ("is it normal for a bit of clear fluid on the dressing the day after surgery?", "wound_problem", "present"),
    ("her stitches look ok but there's a small gap at the top end now", "wound_problem", "present"),
    ("the scar from her operation last week is leaking", "wound_problem", "present"),
    ("he had the op last week and now the wound is weeping a bit", "wound_problem", "present"),
    ("her scar is fine, she drank lots of fluid today", "wound_problem", "negated"),
    ("the scar healed ages ago and there are no gaps", "wound_problem", "negated"),
    ("had a seizure last week", "seizure", "past"),
    # a missed refill named as "it", a refill date in the past; "grizzly" (British) is irritable
    ("the refill letter went to my mum's so we completely missed it", "missed_refill", "present"),
    ("the refill was booked for tuesday and we forgot it", "missed_refill", "present"),
    ("her refill day was the 2nd and today is the 6th", "missed_refill", "present"),
    ("I think we're past her refill date", "missed_refill", "present"),
    ("his refill is on friday, we haven't missed it", "missed_refill", None),
    ("the refill date was moved to the 20th", "missed_refill", None),
    ("her last refill date was the 3rd, when is the next one?", "missed_refill", None),
    ("he's been grizzling all afternoon", "irritability", "present"),
    ("she wants her grizzly bear", "irritability", None),
    # hard to seat or dress, legs crossing (scissoring); the usual spasms are not more
    ("she's much harder to get into her wheelchair this week", "stiffness", "present"),
    ("we couldn't get his splints on this morning", "stiffness", "present"),
    ("her knees keep crossing over when I lift her", "stiffness", "present"),
    ("it's hard to get him out of bed today", "stiffness", None),
    ("only her regular spasms, nothing more", "stiffness", "negated"),
    ("a lot more than his usual spasms", "stiffness", "present"),
    ("these aren't her normal spasms", "stiffness", "present"),
    ("he gets jerky when he's tired", "drowsy", None),
    ("he's really tired today", "drowsy", "present"),
    # a fall told by where the child came down, or something landing on the tummy (S13)
    ("he tripped on the step and came down hard on his belly", "fall_on_pump", "present"),
    ("she went down flat onto her front in the playground", "fall_on_pump", "present"),
    ("the dog jumped right on her tummy this morning", "fall_on_pump", "present"),
    ("his sister fell on the trampoline", "fall_on_pump", None),
    ("she likes to lie down on her tummy to watch tv", "fall_on_pump", None),
    ("he goes down on his tummy to crawl under the table", "fall_on_pump", None),
    # another person's clause is theirs to its end; a new subject or a break ends it; a blow may be theirs to give
    ("my other daughter has had a temp of 38.9 since yesterday and keeps coughing", "fever", "other"),
    ("his big sister has a cold and has been sick twice tonight", "vomiting", "other"),
    ("her dad has flu with a temperature of 39 and she is fine", "fever", "other"),
    ("his sister has had a fever for two days and now he is stiff", "stiffness", "present"),
    ("my husband has a fever but she is really sweaty", "sweating", "present"),
    ("her brother jumped on her and landed right on her tummy", "fall_on_pump", "present"),
    ("his dad heard the pump alarm go off last night", "pump_alarm", "present"),  # the other person saw it
    ("my husband noticed his legs are much stiffer today", "stiffness", "present"),
    ("her mum says the scar is leaking", "wound_problem", "present"),
    ("my husband felt hot all night", "fever", "other"),
    # a dose made higher or lower, or gone up (E9 with new sleepiness)
    ("the nurse made her dose a bit higher on tuesday", "recent_refill_or_dose_change", "present"),
    ("his rate went up at clinic yesterday", "recent_refill_or_dose_change", "present"),
    ("her dose was lowered 2 months ago", "recent_refill_or_dose_change", "past"),
    # blacking out as the child tells it (E10)
    ("when he stands up he says everything goes black", "fainting", "present"),
    ("she said her vision went black for a second when I sat her up", "fainting", "present"),
    ("the tablet screen went black", "fainting", None),
    # "the alarm goes off" is one mention: inside a what-if it is all a what-if (b5f-r05)
    ("they told us if the refill is late the pump alarm goes off", "pump_alarm", "hypothetical"),
    ("the pump alarm went off twice tonight", "pump_alarm", "present"),
    ("had a siezure", "seizure", "present"),
    ("she is having a fit", "seizure", "present"),
    ("convulsion this morning", "seizure", "present"),
    ("had a seizure last year", "seizure", "past"),
    ("seizures when she was a baby", "seizure", "past"),
    ("no seizures", "seizure", "negated"),
    ("he's confused", "confusion", "present"),
    ("she's not herself", "confusion", "present"),
    ("he doesn't recognise me", "confusion", "present"),
    ("temp 38,6", "fever", "present"),
    ("fever of 101.3", "fever", "present"),
    ("no fever", "fever", "negated"),
    ("she isn't feverish", "fever", "negated"),
    ("temperature is 37.1", "fever", "negated"),
    ("no temp 36,7", "fever", "negated"),  # b3-s02: "no" did not flip a reading
    ("his brother has a fever", "fever", "other"),
    ("what should I do if she gets a fever?", "fever", "hypothetical"),
    ("temp 40.2", "very_high_fever", "present"),
    ("104.5F", "very_high_fever", "present"),
    ("v stiff today", "stiffness", "present"),
    ("more spasms than usual", "stiffness", "present"),
    ("not stiff", "stiffness", "negated"),
    ("rigid like a board", "severe_rigidity", "present"),
    ("itchy all over", "itch", "present"),
    ("can't stop scratching", "itch", "present"),
    ("not itchy anymore", "itch", "negated"),
    ("what if he gets itchy?", "itch", "hypothetical"),
    ("pins and needles in her legs", "tingling", "present"),
    ("the pump is beaping", "pump_alarm", "present"),
    ("two-tone alarm", "pump_alarm", "present"),
    ("a noise coming from his tummy", "pump_alarm", "present"),
    ("what if the pump starts beeping at night?", "pump_alarm", "hypothetical"),
    ("we missed the refill", "missed_refill", "present"),
    ("past the alarm date", "missed_refill", "present"),
    ("refilled yesterday", "recent_refill_or_dose_change", "present"),
    ("refilled 3 weeks ago", "recent_refill_or_dose_change", "past"),
    ("dose was increased on monday", "recent_refill_or_dose_change", "present"),
    ("had an MRI this morning", "mri", "present"),
    ("needs an MRI next month", "mri", "hypothetical"),
    ("has a prometra pump", "prometra", "present"),
    ("floppy like a rag doll", "floppy", "present"),
    ("can't hold his head up", "head_drop", "present"),
    ("the scar is red and oozing", "wound_problem", "present"),
    ("no redness at the scar", "wound_problem", "negated"),
    ("fell and landed on his tummy where the pump is", "fall_on_pump", "present"),
    ("she fell asleep on her side", "fall_on_pump", None),
    ("headache when she sits up, better lying down", "positional_headache", "present"),
    ("pale and clammy", "pale_clammy", "present"),
    ("she fainted", "fainting", "present"),
    ("grumpy for no reason", "irritability", "present"),
    ("sweaty all day", "sweating", "present"),
    ("threw up twice", "vomiting", "present"),
    ("feels dizzy", "dizziness", "present"),
    ("when is the next refill due", "refill_due", "present"),
]


def statuses(message, sign):
    return {f.status for f in extract_findings(message) if f.sign == sign}


def assert_read_as(message, sign, status):
    """`status` among the sign's findings; with None, the sign is not present (it may be denied or another's)."""
    found = statuses(message, sign)
    assert (status in found) if status else "present" not in found, extract_findings(message)


@pytest.mark.parametrize("message,sign,status", CASES)
def test_sign_and_status(message, sign, status):
    found = statuses(message, sign)
    if status is None:
        assert not found, f"{sign} should not be found in {message!r}"
    else:
        assert status in found, f"{message!r}: expected {sign} {status}, got {extract_findings(message)}"


def test_several_findings_in_one_message():
    signs = {f.sign for f in extract_findings("fever 38.5, stiffer than usual and the pump is beeping") if f.present}
    assert {"fever", "stiffness", "pump_alarm"} <= signs


def test_negation_does_not_reach_past_a_clause_break():
    found = {(f.sign, f.status) for f in extract_findings("no fever, no seizures, but her spasms are worse")}
    assert ("stiffness", "present") in found and ("fever", "negated") in found


@pytest.mark.parametrize(
    "celsius_text,expected",
    [
        ("38.0", "fever"),
        ("39.9", "fever"),
        ("40", "very_high_fever"),
        ("100.4F", "fever"),
        ("104 F", "very_high_fever"),
    ],
)
def test_temperature_bands(celsius_text, expected):
    assert expected in {f.sign for f in extract_findings(f"temp {celsius_text}") if f.present}


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", "😀" * 50, "<script>alert(1)</script>", "a" * 20000])
def test_odd_input_never_raises(text):
    extract_findings(text)


@pytest.mark.parametrize(
    "message,is_r3",
    [
        ("small soft swelling by the pump since the surgery, not getting bigger, she is fine", True),
        ("small soft swelling by the pump since the surgery and it is getting bigger", False),
        ("small swelling at the scar since the operation, not getting bigger, she is fine, a bit red", False),
        ("small swelling at the scar since the operation, not bigger, she is fine, but it is leaking", False),
        ("swelling by the pump since the surgery, not getting bigger", False),  # not said small, not said well
        (
            "Her pump went in 4 days ago. There is a small soft puffy area over the pump. It is not red and it "
            "has not got any bigger, and she is playing as normal.",
            True,
        ),  # said across sentences
        (
            "Small soft swelling by the pump since the surgery 3 days ago, not getting bigger, she is fine. "
            "The back scar is oozing.",
            False,
        ),
        ("small soft swelling by the pump, not getting bigger, she is fine. The operation was 4 weeks ago", False),
        # "not growing" in other words (b7-r13)
        (
            "tiny squishy bump beside the pump since the operation on friday, it has stayed the same, she's playing",
            True,
        ),
        ("a little soft lump near the pump after the op, it hasn't changed since monday, he's eating well", True),
        ("a little soft lump near the pump after the op, it hasn't changed, but it's hot to touch", False),
        # "discharge" is leaving hospital in the lexicon's other senses, fluid otherwise
        ("small soft swelling by the pump since discharge after the op, not getting bigger, she is fine", True),
        (
            "small soft swelling by the pump after the op with a bit of discharge, not getting bigger, she is fine",
            False,
        ),
    ],
)
def test_r3_only_when_the_message_says_all_of_it(message, is_r3):
    signs = {f.sign for f in extract_findings(message) if f.present}
    assert ("small_swelling_after_surgery" in signs) == is_r3
    if not is_r3:
        assert signs & {"wound_problem", "swelling_growing"}, signs


@pytest.mark.parametrize(
    "message,not_said",
    [
        ("probably nothing but theres a faint beep from her tummy every hour or so", "fainting"),
        ("my phone alarm just went off 2 remind me, hes due a refil on the 14th", "pump_alarm"),
        ("the pump's alarm date is the 20th, can we move the refill?", "pump_alarm"),
        ("she's itching to get in the bath now her stitches are out", "itch"),
        ("the pump is fine, he isn't there yet", "confusion"),
        ("the smoke alarm kept beeping last night", "pump_alarm"),
        ("when does his pump battery run out?", "missed_refill"),
        ("she's got a sniffly cold", "stiffness"),
        ("the skin on top of the pump is very thin and shiny, I think I see something grey", "breathing_problem"),
        ("he wore his blue shirt to school", "breathing_problem"),  # not corrected to "stiffly"
        ("we're going to Spain in August and it'll be 40 degrees there", "very_high_fever"),
    ],
)
def test_other_senses_of_sign_words_are_not_that_sign(message, not_said):
    assert not_said not in warning_signs(extract_findings(message))


@pytest.mark.parametrize(
    "message,fever",
    [
        ("In July we go to Spain, there it is very hot, 38 or 40 degrees. Can she go in the sea?", False),
        ("the bath water was 38 degrees", False),
        ("it was 40 degrees outside and he has a fever of 38.5", True),  # a word for the child: counted
        ("he was in the sun all day and now 40.1 degrees", True),
        ("we were at the beach all day, temp 39.6", True),
        ("it's been 40 degrees all week here and she's dying to go in the sea", False),
    ],
)
def test_degrees_of_the_weather_or_water_are_not_the_childs(message, fever):
    assert ("fever" in {f.sign for f in extract_findings(message) if f.present}) == fever


def breathing(message):
    return "present" in statuses(message, "breathing_problem")


@pytest.mark.parametrize(
    "message",
    [
        "he has bad breath",
        "she's got really bad breath since her tooth came out",
        "bad breath and a temp of 38.2",
        "his bad breath is back",
        "his breath smells funny",
        "her breath smells a bit weird today",
        "his breath stinks",
        "his breath smells of pear drops",
        "there's a strange smell on her breath",
        "his breath has a funny smell",
        "weird smelling breath this morning",
        "just morning breath I think",
    ],
)
def test_the_smell_of_the_breath_is_not_a_breathing_problem(message):
    assert not breathing(message), extract_findings(message)


@pytest.mark.parametrize(
    "message",
    [
        "bad breathing tonight",
        "he is breathing badly",
        "his breath is bad and he's gasping",
        "his breath is bad",  # no smell named: read as his breathing (uncertainty resolves upward)
        "he's taking bad breaths",
        "his breath smells funny and he is breathing funny",
        "his breath smells funny and sounds rattly",  # the smell takes "funny", the rattle is still breathing
        "bad breath, and his breathing is really slow",
        "his breathing is weird and his breath smells",
        "one tiny breath every few seconds",
        "she's out of breath",
    ],
)
def test_breathing_stays_a_sign_beside_a_smell(message):
    assert breathing(message), extract_findings(message)


@pytest.mark.parametrize(
    "message",
    [
        "she has grey leggings on",
        "he has a blue jumper on for school",
        "she's got her blue coat on",
        "he's in his grey pyjamas",
        "she has a purple wheelchair",
        "the grey car",
        "the sky went grey",
        "the sky has gone grey and it's raining",
        "his jumper went grey in the wash",
        "my hair is going grey with all this",
        "the screen turned blue",
        "he has blue eyes like his dad",
    ],
)
def test_the_colour_of_a_thing_is_not_the_childs(message):
    assert not breathing(message), extract_findings(message)


@pytest.mark.parametrize(
    "message",
    [
        "she went blue in the face laughing",  # a breath-holding spell is the child's colour
        "she went blue when she was crying",
        "he went grey",
        "in the car went blue",  # a place, not a thing that changed
        "he went blue in his wheelchair",
        "he looked grey in his pyjamas",
        "he turned blue and his coat was wet",
        "she went grey light headed",
        "her top lip went blue",
        "he has blue lips",
        "my son is blue around the lips",
        "the baby turned blue",
    ],
)
def test_a_colour_of_the_child_stays_a_breathing_sign_beside_a_thing(message):
    assert breathing(message), extract_findings(message)


def pump_alarm(message):
    return "present" in statuses(message, "pump_alarm")


@pytest.mark.parametrize(
    "message",
    [
        "the alarm clock goes off at 6",
        "my alarm clock went off and woke him",
        "my alarm went off",
        "his alarm for school",
        "his alarm for school didn't go off",
        "the alarm for work went off late",
        "I set his alarm for 7am",
        "an alarm for 6:30 tomorrow",
        "her alarm to wake her up",
        "the car alarm",
        "the car alarm kept going off all night",
        "the microwave beeped",
        "my phone keeps beeping",
        "the smoke detector keeps chirping",
    ],
)
def test_the_familys_own_alarms_are_not_the_pump_alarm(message):
    assert not pump_alarm(message), extract_findings(message)


@pytest.mark.parametrize(
    "message",
    [
        "the pump alarm went off",
        "there's an alarm on his pump",
        "it's alarming",
        "the pump alarm at 6:30 this morning",  # "at" a time is when the pump's alarm went off
        "pump alarm for 10 minutes now",  # "for" a number is how long
        "the pump has been alarming for 2 hours",
        "his alarm is going off",  # whose alarm is not said: the pump's, to be safe
        "my phone rang and then the pump alarm went off",
        "my alarm clock beeped and then the pump beeped too",
        "I heard a beep, it's not my phone",
    ],
)
def test_the_pump_alarm_stays_a_sign_beside_the_familys_alarms(message):
    assert pump_alarm(message), extract_findings(message)


def said(message, sign):
    return "present" in statuses(message, sign)


@pytest.mark.parametrize(
    "message, sign, present",
    [
        # blue or grey skin is E1 wherever the family sees it, not only on the lips
        ("his hands are blue", "breathing_problem", True),
        ("her feet are going purple", "breathing_problem", True),
        ("his fingertips look dusky", "breathing_problem", True),
        ("a grey tinge to her cheeks", "breathing_problem", True),
        ("his blue gloves are in the wash", "breathing_problem", False),
        # a child who cannot be got up is waking; one who would not get up is not
        ("we couldn't get him up this morning", "hard_to_wake", True),
        ("can't get her to wake up", "hard_to_wake", True),
        ("the alarm for school went off and he wouldn't get up", "hard_to_wake", False),
        ("she won't get up off the sofa, she wants her ipad", "hard_to_wake", False),
        # a refill date that is past is overdue, unless the family says the refill was done
        ("the refill date was the 3rd", "missed_refill", True),
        ("the refill date was the 3rd and it went fine", "missed_refill", False),
        ("his refill went fine last week", "missed_refill", False),
        ("refill date was monday, we missed it", "missed_refill", True),
    ],
)
def test_what_the_family_sees_and_what_was_done(message, sign, present):
    assert said(message, sign) is present, extract_findings(message)


@pytest.mark.parametrize(
    "message, sign, status",
    [
        # "is it normal ...?" asks about this child now
        ("is it normal to be this stiff? cannot move his arms", "stiffness", "present"),
        ("is it normal hes this floppy?", "floppy", "present"),
        ("is it normal for the pump to beep?", "pump_alarm", "present"),
        ("is it ok that she is so itchy", "itch", "present"),
        ("is it a seizure if her arm keeps jerking in a rhythm?", "seizure", "present"),
        # ...unless it asks about pumps or children in general
        ("is it normal for a pump to beep once an hour?", "pump_alarm", "hypothetical"),
        # a question about children with pumps may be about this one: uncertainty resolves upward
        ("is it normal for kids with pumps to be this sleepy after a refill?", "drowsy", "present"),
    ],
)
def test_is_it_normal_asks_about_this_child_now(message, sign, status):
    assert status in statuses(message, sign), extract_findings(message)


@pytest.mark.parametrize(
    "message, sign, status",
    [
        # what the family sees, in words the lexicon did not have
        ("we rubbed his sternum hard and he didn't even flinch", "hard_to_wake", "present"),
        ("her arms and legs were doing this rhythmic jerking", "seizure", "present"),
        ("three fits today", "seizure", "present"),
        ("he has an epileptic attack now", "seizure", "present"),
        ("her legs are like iron", "severe_rigidity", "present"),
        ("stiffer than ever, I can't straighten her elbows", "severe_rigidity", "present"),
        ("so tight I cannot even bend her hips", "severe_rigidity", "present"),
        ("the floppiness is creeping up to his arms", "head_drop", "present"),
        ("weak legs yesterday, today his arms and neck too", "head_drop", "present"),
        ("his temp has gone up again", "fever", "present"),
        ("is 39.6 ok?", "fever", "present"),
        ("refill was on friday", "recent_refill_or_dose_change", "present"),
        ("the doctors increase her dose last week", "recent_refill_or_dose_change", "present"),
        ("he's been napping loads", "drowsy", "present"),
        ("she keeps clutching her head", "headache", "present"),
        ("her head is sore when she sits up", "positional_headache", "present"),
        ("the refill is three days overdue", "missed_refill", "present"),
        ("we never booked the refill and now it is overdue", "missed_refill", "present"),
        ("the refill should have been done 3 weeks ago", "missed_refill", "present"),
        ("they scanned her without emptying the pump first", "mri", "present"),
        ("she screams if you press her tummy where the pump sits", "pump_pain", "present"),
        ("the wound on his back is a little red", "wound_problem", "present"),
        ("there's a tiny hole in the scar", "wound_problem", "present"),
        ("the skin over the pump has gone shiny", "wound_problem", "present"),
        ("like a bubble under the skin by the pump, it's grown", "swelling_growing", "present"),
        ("the pump feels like it's turned sideways", "pump_moved", "present"),
        ("the pump alarm date was last week and he is grumpy", "irritability", "present"),
        # the same words about someone, something or some time else
        ("I'm feeling queasy from worry", "nausea", None),
        ("our dog is scratching all the time", "itch", "other"),
        ("my grandad fainted at church", "fainting", "other"),
        ("she had a fit once when she was 3", "seizure", "past"),
        ("could the pump move if she does gymnastics?", "pump_moved", "hypothetical"),
        ("the itch has gone now", "itch", "negated"),
        ("the pump is fine but her cheeks are red from the cold", "wound_problem", None),
    ],
)
def test_observations_by_body_part_and_by_whom(message, sign, status):
    found = statuses(message, sign)
    assert (status in found) if status else not found, extract_findings(message)


NO_SIGN_MESSAGES = yaml.safe_load((Path(__file__).parent / "no_sign_messages.yml").read_text())


@pytest.mark.parametrize("message", NO_SIGN_MESSAGES)
def test_a_denied_sign_or_someone_elses_is_not_present(message):
    assert not [f for f in extract_findings(message) if f.status == "present"], extract_findings(message)


@pytest.mark.parametrize(
    "message, sign, status",
    [
        # what vignette batch8 and family batch6 found, in other words
        ("his sentences don't make sense tonight", "confusion", "present"),
        ("she keeps asking where she is", "confusion", "present"),
        ("he says the telly is telling him things", "confusion", "present"),
        ("her talk is all jumbled", "confusion", "present"),
        ("he will not open the eyes when I call", "hard_to_wake", "present"),
        ("I think it's a see sure", "seizure", "present"),
        ("his eyes are stuck to the right side", "seizure", "present"),
        ("her hand is twitching in a regular rhythm", "seizure", "present"),
        ("his leg keeps jerking over and over", "seizure", "present"),
        ("it was never this bad before his pump", "severe_rigidity", "present"),
        ("her knees are crossed so tight I can't part them", "severe_rigidity", "present"),
        ("she is stiff and her pee this morning was very dark and brown", "dark_urine", "present"),
        ("his head really hurts", "headache", "present"),
        (
            "headaches most days, and they get worse whenever he is sitting up in class",
            "positional_headache",
            "present",
        ),
        ("the pump is making a two tone noise", "pump_alarm", "present"),
        ("temp was thirty nine point four", "fever", "present"),
        ("we cancelled his refill because of the snow", "missed_refill", "present"),
        ("I don't think anybody took her for a refill", "missed_refill", "present"),
        ("little jumps in her legs all evening", "stiffness", "present"),
        ("I can see something metal under the skin", "wound_problem", "present"),
        ("a lump by his scar that was not there before", "swelling_growing", "present"),
        ("he pushes my hand away when I go near his pump", "pump_pain", "present"),
        ("she hates it when I touch her tummy, she never used to", "pump_pain", None),
        # and what they found that is not the child's, or not now
        ("she felt hot so I checked: 37,6 under the arm", "fever", "negated"),
        ("the security gate at the airport beeped when he went through", "pump_alarm", None),
        ("the only alarm today was the smoke alarm", "pump_alarm", None),
        ("a girl in his class was floppy after her trial", "floppy", "other"),
        ("his bro has a temp of 39", "fever", "other"),
        ("my own neck is stiff as a board", "severe_rigidity", "writer"),
        ("Last summer the pump beeped on a plane", "pump_alarm", "past"),
        ("the nurse said it will start beeping when the battery is low", "pump_alarm", "hypothetical"),
    ],
)
def test_what_batch8_and_family_batch6_taught(message, sign, status):
    assert_read_as(message, sign, status)


@pytest.mark.parametrize(
    "message, sign, status",
    [
        # what observations2 found, in other words
        ("she is breeding really shallow", "breathing_problem", "present"),
        ("we haven't been able to wake her since lunch", "hard_to_wake", "present"),
        ("I can't make him to wake up", "hard_to_wake", "present"),
        ("had to really shout to wake her", "hard_to_wake", "present"),
        ("his eyes opened then he dropped straight back off", "hard_to_wake", "present"),
        ("his legs were jerking for about two minutes", "seizure", "present"),
        ("her head won't stay up", "head_drop", "present"),
        ("he is very soft in the body today", "floppy", "present"),
        ("floppy since refill", "recent_refill_or_dose_change", "present"),
        ("she had her we fill on monday", "recent_refill_or_dose_change", "present"),
        ("my son have the refill yesterday", "recent_refill_or_dose_change", "present"),
        ("a bad head egg tonight", "headache", "present"),
        ("after the refill we were meant to come back in 2 weeks, that was 5 weeks ago", "missed_refill", "present"),
        ("the refill appointment was in march but we did not go to it", "missed_refill", "present"),
        ("the refill got cancelled last month", "missed_refill", "present"),
        ("the alarm date was the 9th and today is the 11th", "missed_refill", "present"),
        ("it has a flow onyx pump", "prometra", "present"),
        ("the pump wasn't emptied before the MRI", "mri", "present"),
        ("he's a bit off colour", "unwell", "present"),
        ("off her food and out of sorts", "unwell", "present"),
        ("like a bubble of water by the pump, it grow every day", "swelling_growing", "present"),
        ("the pump sits at a funny angle now", "pump_moved", "present"),
        # not signs
        ("temp nearly 40 but she is playing", "very_high_fever", "present"),  # "nearly" is not below, upward
        ("the nurse passed out forms at clinic", "hard_to_wake", None),
        ("the feeding pump keeps beeping", "pump_alarm", None),
        ("spasms way down since the pump", "stiffness", "negated"),
        ("his dad has been away and we missed the refill", "missed_refill", "present"),
    ],
)
def test_what_observations2_taught(message, sign, status):
    assert_read_as(message, sign, status)


@pytest.mark.parametrize(
    "message, sign, status",
    [
        # what vignette batch9 and family batch7 found, in other words
        ("rubbed his sternum and hardly a flicker", "hard_to_wake", "present"),
        ("she keeps clawing at her legs", "itch", "present"),
        ("tem 38.9 tonight", "fever", "present"),
        ("it feels like bugs are running on his skin", "tingling", "present"),
        ("her card said refill due on the 12th and it is the 15th today", "missed_refill", "present"),
        ("the headache goes away when I lay him flat", "positional_headache", "present"),
        ("his knees keep giving way when he stands", "floppy", "present"),
        ("her legs are weaker than last month", "floppy", "present"),
        ("he had a temperature since last night", "fever", "present"),
        ("he came back from nursery boiling hot", "fever", "present"),
        ("the pump made a sound like a doorbell", "pump_alarm", "present"),
        ("the last appointment we couldn't go because of snow, it was for his refill", "missed_refill", "present"),
        # and what is not the child's, or not now
        ("the smoke alarm upstairs is beeping again", "pump_alarm", None),
        ("he is fine, it's me that's exhausted", "drowsy", None),
        # what the review of these rules found: the child's signs after someone else, or inside the sign's words
        ("my mum is here, his lips look blue", "breathing_problem", "present"),
        ("I hurt my back lifting him, his breathing is really slow", "breathing_problem", "present"),
        ("Dad is worried her breathing is slow", "breathing_problem", "present"),
        ("MRI two weeks ago on his Prometra, they did not empty it first", "mri", "present"),
        ("The pump will make a beeping noise and he is scratching all over", "pump_alarm", "present"),
        ("The refill schedule doesn't make sense to me", "confusion", None),
        ("She woke at 3am for a drink and went straight back off", "hard_to_wake", None),
        ("didn't even flinch at the refill needle", "hard_to_wake", None),
        ("His drooling is worse than ever", "severe_rigidity", None),
        ("The pump feels like a stone under his skin", "severe_rigidity", None),
        ("She was shaking for a few minutes after getting out of the pool, she was cold", "seizure", None),
        ("We're going to the sea shore this weekend", "seizure", None),
        ("The swelling by the pump has gone down", "wound_problem", None),
        ("Can he play in the ball pit with his pump?", "wound_problem", None),
        ("We need to cancel the refill appointment on Friday and move it to Monday", "missed_refill", None),
        ("Our next refill is due on the 2nd, today is the 27th", "missed_refill", None),
    ],
)
def test_what_batch9_and_family_batch7_taught(message, sign, status):
    assert_read_as(message, sign, status)


def test_a_swim_skipped_after_a_refill_is_not_a_missed_refill():
    assert "present" not in statuses("We didn't go swimming after the refill yesterday as advised", "missed_refill")


@pytest.mark.parametrize(
    "message, sign",
    [
        ("she's not making sense", "confusion"),
        ("his legs won't bend at all", "severe_rigidity"),
        ("tight as a drum from head to toe", "severe_rigidity"),
        ("the box has been beeping since tea", "pump_alarm"),  # what families call the pump
        ("red streaky skin round the puck", "wound_problem"),
        ("overdue for his top up by a week", "missed_refill"),
        ("like a wet noodle since the dose went up", "floppy"),
        ("went down like a sack of spuds when he stood", "fainting"),
    ],
)
def test_everyday_words_for_signs_and_for_the_pump(message, sign):
    assert "present" in statuses(message, sign), extract_findings(message)


@pytest.mark.parametrize(
    "message, sign, status",
    [
        # what vignette batch10 and family batch8 found, in other words
        ("she's been like a little hot water bottle all evening", "fever", "present"),
        ("the nurse turned her pump up on monday", "recent_refill_or_dose_change", "present"),
        ("she keeps napping and she never naps", "drowsy", "present"),
        ("he went grey in the face and clammy when we stood him up", "pale_clammy", "present"),
        ("we forget the refil again", "missed_refill", "present"),
        ("the refill was on the 2nd and it is now the 6th", "missed_refill", "present"),
        ("more spasms than he used to", "stiffness", "present"),
        ("the pump is turn on the side", "pump_moved", "present"),
        # and not
        ("he's a different boy since the pump", "pump_moved", None),
        ("she slept like a log", "severe_rigidity", None),
        ("scratch that, she's 37.2", "itch", None),
        ("we had the refill on the 20th, today is the 22nd", "missed_refill", None),
    ],
)
def test_what_batch10_and_family_batch8_taught(message, sign, status):
    assert_read_as(message, sign, status)


def test_a_first_message_that_opens_with_oops_is_read_not_taken_as_a_correction():
    from triage.simulate import OfflineConversation

    replies = OfflineConversation().send("Oops - just checked his card and the refill was due last Friday, we forgot")
    assert any("triage" in (r.get("custom") or {}) for r in replies)


@pytest.mark.parametrize(
    "message, sign, status",
    [
        # the parent's own feelings and symptoms are the parent's...
        ("I have a headache and I'm exhausted, she's ok", "drowsy", "writer"),
        # ...but the words after a feeling, and the child's own words, are the child's
        ("I am terrified, floppy and won't wake", "floppy", "present"),
        ("I'm so scared, his lips are blue", "breathing_problem", "present"),
        ("he keeps saying I'm dizzy mummy", "dizziness", "present"),
        ("she told me 'I feel sick'", "nausea", "present"),
        # "so" as a degree word does not end a negation; "so" that starts a clause does
        ("no fever so I gave him calpol, he is stiff", "stiffness", "present"),
        # a usual state told after the sign is not more than usual
        ("his legs were stiff this morning but that's the same as every morning", "stiffness", "negated"),
        ("she is tight in her legs, but that is normal for her", "stiffness", "negated"),
        ("still a bit tight when walking, which is how he's always been", "stiffness", "negated"),
        # ...and a usual state denied is a sign, as is an emergency sign called usual
        ("she is stiff, that isn't normal for her", "stiffness", "present"),
        ("stiff and sweaty, not normal for him", "sweating", "present"),
        ("his breathing is slow but that's normal for him", "breathing_problem", "present"),
    ],
)
def test_who_a_sign_belongs_to_and_what_is_usual(message, sign, status):
    assert_read_as(message, sign, status)


@pytest.mark.parametrize(
    "message, sign",
    [
        ("mi hija no respira bien, labios morados", "breathing_problem"),
        ("mi hijo no despierta bien", "hard_to_wake"),
        ("esta muy floja y mareada", "floppy"),
        ("le duele la cabeza", "headache"),
        ("tiene fiebre de 38,5", "fever"),
        ("se nos paso la cita del refill el lunes", "missed_refill"),
        ("le pica todo el cuerpo", "itch"),
        ("la bomba esta pitando", "pump_alarm"),
    ],
)
def test_spanish_red_flag_words_families_mix_in(message, sign):
    assert_read_as(message, sign, "present")


@pytest.mark.parametrize(
    "message, status",
    [
        ("no breathing fine n shes wide awake", "negated"),  # an SMS "No, breathing fine"
        ("nope breathing ok", "negated"),
        ("no breathing properly since this morning", "present"),  # not breathing properly
        ("no breathing right", "present"),
    ],
)
def test_a_leading_no_before_a_plain_reassurance_is_the_answer_word(message, status):
    assert_read_as(message, "breathing_problem", status)


@pytest.mark.parametrize(
    "message, status",
    [
        ("there's a pinkish patch round the top of his incision", "present"),
        ("her stitches have gone a bit pinker since yesterday", "present"),
        ("the old scar is just a faded pink line now, all healed", None),  # a healed scar
        ("she chose a pink cover for her pump", None),  # not at a scar
    ],
)
def test_pink_at_a_scar_is_redness(message, status):
    assert_read_as(message, "wound_problem", status)


@pytest.mark.parametrize(
    "message, sign, status",
    [
        ("been above 39 all evening, calpol isn't touching it", "fever", "present"),
        ("over 39 since lunch", "fever", "present"),
        ("over 40 people at the party and she loved it", "fever", None),  # a count, not a reading
        ("39 flat when I checked. otherwise ok", "fever", "present"),
        ("probably his sister's bug, temp 38.7 tonight", "fever", "present"),  # caught from her: the child's
        ("her sister has a bug, temp 38.7, she is fine", "fever", "other"),
        ("our boy is roasting and gone off his tea", "fever", "present"),  # "gone off" is no resolution
        ("the fever has gone now", "fever", "negated"),
        ("first his legs went weak, now it is creeping up and he can't raise his arms", "head_drop", "present"),
        ("her head's gone all wobbly", "head_drop", "present"),
        ("the nurse changed the settings on his pump on monday", "recent_refill_or_dose_change", "present"),
        ("funny needles sensation in both feet", "tingling", "present"),
        ("the alarm date on the card was last friday", "missed_refill", "present"),
        ("we were meant to come in for the refill last week but she was ill", "missed_refill", "present"),
        ("we are supposed to go for her refill on monday", "missed_refill", None),  # future: R1
        ("her refill slipped through the cracks", "missed_refill", "present"),
        ("says the floor is tilting", "dizziness", "present"),
        ("headache pains when he stands up, gone when he's lying", "positional_headache", "present"),
        ("his back has been aching down where the tube goes", "back_pain", "present"),
        ("the radiographer scanned him and nobody emptied the pump first", "mri", "present"),
        ("his scan was today and the pump wasn't interrogated", "mri", "present"),
        ("the wound is oozing and she doesn't look well", "unwell", "present"),
        ("can she use a hot water bottle for period pains?", "stiffness", None),
        ("why, are spasms a sign of something?", "stiffness", None),  # a question in general
        ("she said it was worst when sitting up", "severe_rigidity", None),  # not "the worst ever"
        ("his spasms are the worst we have ever seen", "severe_rigidity", "present"),
    ],
)
def test_what_observations6_and_family_dev13_taught(message, sign, status):
    assert_read_as(message, sign, status)


@pytest.mark.parametrize(
    "message, sign, status",
    [
        ("what does the critical alarm sound like? his pump is doing it now", "pump_alarm", "present"),
        ("does a pump need checking after an MRI? she had one this afternoon", "mri", "present"),
        ("can she have an MRI with the pump? hers is booked for next week", "mri", "hypothetical"),
        ("what if it beeps at night? it did that once two years ago", "pump_alarm", "hypothetical"),
    ],
)
def test_a_question_about_a_sign_then_told_it_has_just_happened(message, sign, status):
    assert_read_as(message, sign, status)


@pytest.mark.parametrize(
    "message, sign, status",
    [
        ("when I picked him up his mouth had gone a weird grey colour", "breathing_problem", "present"),
        ("at night she stop the breath for a long time then gasp", "breathing_problem", "present"),
        ("I rubbed his back and he went straight back off again", "hard_to_wake", "present"),
        ("the carers couldn't get him to respond", "hard_to_wake", "present"),
        ("I say her name many times, she not answer", "hard_to_wake", "present"),
        ("white foam came out of her mouth and she went stiff", "seizure", "present"),
        ("my mum filmed him twitching, rhythmic, in his cot", "seizure", "present"),  # the observer's video
        ("she won't settle even with her favourite blanket", "confusion", "present"),
        ("he says there are spiders on the ceiling but there is nothing", "confusion", "present"),
        ("he keeps calling me the man and hides from me", "confusion", "present"),
        ("ants under her skin she says", "tingling", "present"),
        ("his toes feel like electricity", "tingling", "present"),
        ("the spiders on the wall of her room scare her", "tingling", None),  # not in the skin
        ("her wee? dark like cola", "dark_urine", "present"),
        ("her legs are stiffer than before", "severe_rigidity", None),  # more than before, not before the pump
        ("stiffer than before she had the pump", "severe_rigidity", "present"),
        ("he is floppy like he has no muscles", "floppy", "present"),
        ("they turned up my daughter's dose on monday", "recent_refill_or_dose_change", "present"),
        ("refill was wed and he's been dozy since", "recent_refill_or_dose_change", "present"),
        ("wed better book the next one", "recent_refill_or_dose_change", None),
        ("she's been taking massive naps", "drowsy", "present"),
        ("her head was thumping when she came in", "headache", "present"),
        ("he's been spewing since lunch", "vomiting", "present"),
        ("they think the pump could be empty", "pump_empty", "present"),
        ("he has no energy at all today", "unwell", "present"),
        ("the cut on her back near the pump is swollen", "wound_problem", "present"),
        ("a bit of liquid coming out of her scar", "wound_problem", "present"),
        ("the skin has worn through over the pump", "wound_problem", "present"),
        ("we went past the refill date by a week", "missed_refill", "present"),
        ("we couldn't come for the refill because of the snow", "missed_refill", "present"),
        ("the refill appointment totally slipped my mind", "missed_refill", "present"),
        ("she keeps slipping down in her chair today", "floppy", "present"),
        ("his glasses keep sliding down his nose", "floppy", None),
        ("the room was spinning when he stood", "dizziness", "present"),
        ("his back hurt all day near where the catheter goes", "back_pain", "present"),
        ("she winces when the strap goes across the pump", "pump_pain", "present"),
        ("copped a football right on the pump", "fall_on_pump", "present"),
        ("a proper bear with a sore head since the weekend", "irritability", "present"),
        ("got the shivers from the cold pool water", "fever", None),
        ("she fainted one time in assembly this morning", "fainting", "present"),
        ("he fainted at a wedding two summers ago", "fainting", "past"),
    ],
)
def test_what_observations7_taught(message, sign, status):
    assert_read_as(message, sign, status)


@pytest.mark.parametrize(
    "message, sign, status",
    [
        ("we've been calling him and shaking him but he is not answering", "hard_to_wake", "present"),
        ("my son is not able to keep awake at the table", "hard_to_wake", "present"),
        ("the boy nah wake up", "hard_to_wake", "present"),
        ("hes heads floppy, he cant hold it up", "head_drop", "present"),
        ("her neck seems too weak to hold her head up", "head_drop", "present"),
        ("refill on monday and since then she's been sleepy", "recent_refill_or_dose_change", "present"),
        ("they filled up the pump friday", "recent_refill_or_dose_change", "present"),
        ("we never got her refill done, the car broke down", "missed_refill", "present"),
        ("missd dd refil appt", "missed_refill", "present"),
        ("the alarm date on the pump card is 12th and today is 14th", "missed_refill", "present"),
        ("the clinic said his pump would be empty by yesterday", "pump_empty", "present"),
        ("everything is turning round her since this morning", "dizziness", "present"),
        ("the pump is sitting lower in her tummy", "pump_moved", "present"),
        ("the place they operated on her back is red", "wound_problem", "present"),
        ("where they put the tube on his back is swelling", "wound_problem", "present"),
        ("his back wound has gone angry red", "wound_problem", "present"),
        ("he is awfy crabbit the day", "irritability", "present"),
        ("Nae fever, nae rash", "fever", "negated"),
        ("she's no' well at all", "unwell", "present"),
        ("her heid's sore", "headache", "present"),
        ("worse thn b4 he had the pump, so stiff", "severe_rigidity", "present"),
        # and what is not a sign
        ("her wound is angry red", "irritability", None),
        ("her tone's already nicer since the pump", "stiffness", None),
        ("it's the same size it was at discharge", "wound_problem", None),
        ("he was sound asleep when I checked", "pump_alarm", None),
        ("the clinic's reminder text keeps beeping on my phone", "pump_alarm", None),
        (
            "I had a horrible dream last night that his pump was beeping and he couldn't breathe",
            "breathing_problem",
            "hypothetical",
        ),
    ],
)
def test_what_observations8_taught(message, sign, status):
    assert_read_as(message, sign, status)


@pytest.mark.parametrize(
    "message, sign, status",
    [
        ("the muscles are hard like stone, all the body", "severe_rigidity", "present"),
        ("Very hard, I cannot open his knees, from yesterday", "severe_rigidity", "present"),
        ("her neck keeps flopping to one side", "head_drop", "present"),
        ("he tipped out of his wheelchair and came down tummy first on the pump side", "fall_on_pump", "present"),
        ("her brother accidently kneed her right where the pump is", "fall_on_pump", "present"),
        ("it was meant to be last Wednesday but we were away", "missed_refill", "present"),
        ("there's a new squishy lump over the tube on her back", "swelling_growing", "present"),
        ("a watery bulge along her back that wasn't there a fortnight ago", "swelling_growing", "present"),
        # and what is not a sign
        ("she had a chest infection a fortnight ago with a high temperature", "wound_problem", None),
        ("thought his pump was beeping but it was the smoke alarm battery", "pump_alarm", "negated"),
        ("false alarm lol", "pump_alarm", None),
        ("honestly my head is spinning with all the letters", "dizziness", None),
        ("do they beep before they run out?", "pump_alarm", None),
        ("do they beep when empty? his has been beeping all night", "pump_alarm", "present"),
        ("she keeps saying my head is spinning", "dizziness", "present"),
        ("do they beep before they run out?", "missed_refill", None),
    ],
)
def test_what_development_set_9_taught(message, sign, status):
    assert_read_as(message, sign, status)


@pytest.mark.parametrize(
    "message, sign, status",
    [
        (
            "he takes one breath, then nothing for what feels like ages, then a little shallow one",
            "breathing_problem",
            "present",
        ),
        ("He talks to persons that are not in the room", "confusion", "present"),
        ("he calls me senora like he don't know I am his mother", "confusion", "present"),
        ("temp keeps creeping up, its 40.3 now even after the ibuprofen", "very_high_fever", "present"),
        ("they put the dose a little more up", "recent_refill_or_dose_change", "present"),
        ("yesterday they fill the pump of my son", "recent_refill_or_dose_change", "present"),
        ("the refill was on the 3rd and we could not go due to a funeral", "missed_refill", "present"),
        ("The appointment was last Friday and nobody took him", "missed_refill", "present"),
        ("temp tonight. he has the pump", "fever", "present"),
        ("her chest is going up and down nice and regular", "breathing_problem", "negated"),
        # and what is not a sign
        ("quick q from a very tired mum", "drowsy", None),
        ("our mum is at work and jack is fitting, what do I do", "seizure", "present"),
        ("since the refill yesterday she is so tired mum thinks it's the new dose", "drowsy", "present"),
        ("does it alarm when it's running low? because that's what it's doing now", "pump_alarm", "present"),
        ("her breathing full stop it is really slow and shallow full stop", "breathing_problem", "present"),
        ("took his temperature. the number was 40.3", "very_high_fever", "present"),
        ("I can't bend his knees at all this morning", "severe_rigidity", "present"),
        ("his muscles feel stiff like a rod", "severe_rigidity", "present"),
        ("temp tonight 37.2", "fever", "negated"),
    ],
)
def test_what_batch14_and_family_batch12_taught(message, sign, status):
    assert_read_as(message, sign, status)


@pytest.mark.parametrize(
    "message, sign, status",
    [
        ("bad dream about the refill, she woke up 39.8 and shaking", "fever", "present"),
        ("he went up to 38.4 overnight", "fever", "present"),
        ("his lips are nae the right colour, kinda blue", "breathing_problem", "present"),
        # what observations9 taught, in other words
        ("counted her breaths in a minute and only got 6", "breathing_problem", "present"),
        ("she can only get 2 words out between breaths", "breathing_problem", "present"),
        ("he says he can't get enough air", "breathing_problem", "present"),
        ("called him loud and he just groans", "hard_to_wake", "present"),
        ("her eyes open for a second and then close again", "hard_to_wake", "present"),
        ("me cyaan get her to wake up", "hard_to_wake", "present"),
        ("her whole body shook in jerks", "seizure", "present"),
        ("froth coming from her mouth and her arms going", "seizure", "present"),
        ("she is totally different to her usual self tonight", "confusion", "present"),
        ("I have to hold his head up, it keeps rolling", "head_drop", "present"),
        ("since the refill her body feels more soft, she keeps sliding down in her wheelchair", "floppy", "present"),
        ("very yawny today", "drowsy", "present"),
        ("refill on thursday went fine", "recent_refill_or_dose_change", "present"),
        ("she told me 'mummy I feel faint'", "fainting", "present"),
        ("he was walking to the car and just crumpled", "fainting", "present"),
        ("vommed twice since lunch", "vomiting", "present"),
        ("a ding from his belly every hour", "pump_alarm", "present"),
        ("the refill date is passed", "missed_refill", "present"),
        ("her feet won't go flat in her boots and her toes are pointing down hard", "stiffness", "present"),
        ("her head throbs sitting up and settles lying flat", "positional_headache", "present"),
        ("the skin there has gone thin", "wound_problem", "present"),
        ("the scar po is a bit red", "wound_problem", "present"),
        ("the incision has watery stuff coming from it", "wound_problem", "present"),
        ("a fluid bubble by the pump, more big each day", "swelling_growing", "present"),
        ("he pulls away when the seatbelt goes over his pump", "pump_pain", "present"),
        ("vexing over every little thing since sunday", "irritability", "present"),
        ("no thermometer in the house but he's burning", "fever", "present"),
        ("her lips aren't a normal colour", "breathing_problem", "present"),
        # and what is not
        ("the dose went up to 40.5 yesterday", "fever", None),
        ("my husband woke up 39.1", "fever", None),
        ("his lips are a normal colour and breathing fine", "breathing_problem", "negated"),
        ("he slid out of his chair during a transfer and landed on his front", "floppy", None),
        ("his legs are soft like always", "floppy", None),
        ("I'm sweating about the school trip", "sweating", None),
        ("she's seeing things clearly in her new glasses", "confusion", None),
        ("is there any problem with the pump getting knocked in rugby?", "fall_on_pump", "hypothetical"),
        ("I'm the one who's dizzy and exhausted, night shifts", "drowsy", "writer"),
        ("my little brother is fitting, mum is at work", "seizure", "present"),
        ("my big sister has the pump, itchy all day no rash", "itch", "present"),
        ("calpol for his temp, small swelling by the pump", "fever", "present"),
        ("he's lying around all day", "unwell", "present"),
        ("the pump is past its alarm date", "missed_refill", "present"),
        # what a review with fresh eyes found lowered by this round's first rules, held since
        ("we missed her refill and now she's sweating over the whole of her back", "sweating", "present"),
        ("since yesterday he is seeing things in his glasses", "confusion", "present"),
        ("is it safe, he fell on the pump and now it sticks out more", "fall_on_pump", "present"),
        ("i'm the one who sleeps next to him, breathing slow and shallow tonight", "breathing_problem", "present"),
        ("I look after my sister's little boy full time, pump alarm going off", "pump_alarm", "present"),
        ("my husband, he says i have to ask: lips blue and breathing slow", "breathing_problem", "present"),
        ("her pump alarm went off at 2am but it was the baby who woke up first", "pump_alarm", "present"),
        ("after the rate was changed she went up to 40.2 too", "very_high_fever", "present"),
        ("his weight went up to 38.5 at clinic", "fever", None),
        ("I have to hold his head when I wash his hair, always have", "head_drop", None),
        ("his feet won't go into his new shoes, a size too small", "stiffness", None),
        ("he's completely different from his usual self since the pump, so much happier!", "confusion", None),
        ("he just crumpled into giggles when the nurse tickled him", "fainting", None),
        # and what a second review found lowered or raised by the fixes after batch15's first run
        ("he always has spasms, they've doubled since Tuesday", "stiffness", "present"),
        ("37.2 earlier and she feels hot again, and her legs are tighter", "fever", "present"),
        ("his temperature was 37.1 when I checked because he felt a bit warm", "fever", "negated"),
        ("alarm date is the 20th - its the 3rd refill this year - today is the 25th", "missed_refill", "present"),
        ("his breathing at 6pm was fine, can he go swimming?", "breathing_problem", None),
        ("sats on her last 50 checks were all 98 or 99", "breathing_problem", None),
        ("we have never heard the pump beep, what does the alarm sound like?", "pump_alarm", "negated"),
        ("missing Aoife's refill would be a disaster, can we book it early?", "missed_refill", None),
        ("she pulled a funny grimace for the photo lol, when is the pump replaced?", "pump_pain", None),
        ("he's not following me when I explain the pump, he's 6", "confusion", None),
        ("she's not tracking me with her eyes", "confusion", "present"),
    ],
)
def test_what_the_ninth_round_taught(message, sign, status):
    assert_read_as(message, sign, status)


@pytest.mark.parametrize(
    "message, r3",
    [
        ("pump went in 2 days ago, a bit of soft swelling by the pump, not growing, she's in great form", True),
        ("op on monday, small soft swelling near the pump, size is stable, he's comfy", True),
        ("op on monday, small soft swelling near the pump, not growing, but she's not comfortable", False),
        (
            "op on monday, small soft swelling near the pump, not growing, he is happy but it is a bit bigger tonight",
            False,
        ),
        ("op on monday, a great big squishy lump by the pump, it is not growing", False),
        ("op on monday, small soft swelling near the pump, not growing, she's happy but off her food", False),
        ("op on monday, small soft swelling near the pump, not growing, she's happy, it is a medtronic", True),
        ("op 2 days ago, small soft swelling by the pump, not growin, scar clean, ds well", True),
        ("surgery saturday, mild soft swelling near the pump, size same since 2 days, child is active", True),
        ("op friday, a wee soft puffy bit round the pump, hasnae grown, she's in good form", True),
        ("op 5 days ago, a little soft swelling by the new pump, hasn't changed since Sunday, she's happy", True),
        # the child's wellness in words: screening does not ask whether a child is unwell, quiet or pale (E14)
        ("op 2 days ago, small soft swelling by the pump, not growing, scar clean, no fever", False),
        ("small soft swelling by the pump since the op, not getting bigger. she's very quiet and pale", False),
        ("op monday, small soft swelling by the scar, not growing, she's fine, a tiny gap in the stitches", False),
    ],
)
def test_r3_needs_a_small_swelling_not_growing_and_nothing_said_against_the_child(message, r3):
    disposition = assess(extract_findings(message))
    assert (disposition.rules == ("R3",)) == r3, disposition


@pytest.mark.parametrize(
    "message, sign, status",
    [
        ("he waves at a lady by the window of the lounge who is not there", "confusion", "present"),
        ("he looked at me like he had no idea who I was", "confusion", "present"),
        ("the pump does a little bip every hour", "pump_alarm", "present"),
        ("the date on her card says the refill was due on friday", "missed_refill", "present"),
        ("she had a fever last weekend", "fever", "past"),
        (
            "pump went in a month ago and there is a lump by it that wasn't there yesterday",
            "swelling_growing",
            "present",
        ),
        ("she screams when I press on it, the pump I mean", "pump_pain", "present"),
        ("the pump feels different under his skin", "pump_moved", "present"),
    ],
)
def test_what_batch13_taught(message, sign, status):
    assert_read_as(message, sign, status)


@pytest.mark.parametrize(
    "message, sign, status",
    [
        # the other devices of a child with complex needs are not the baclofen pump
        ("the O2 concentrator has been beeping since tea, its filter alarm i think", "pump_alarm", None),
        ("her kangaroo feed pump keeps alarming", "pump_alarm", None),
        ("his cpap machine went off twice in the night", "pump_alarm", None),
        ("the baclofen pump beeped twice, but it was the oxygen machine that kept us up", "pump_alarm", "present"),
        ("during his feed the pump beeped", "pump_alarm", "present"),
        ("after his milk the pump went off and he's much stiffer", "pump_alarm", "present"),
        ("my breast pump's battery is flat", "pump_empty", None),
        # ...but the baclofen pump beeping beside them still is, and an apnoea alarm is a pause in breathing
        ("the feed pump is fine but his baclofen pump is beeping", "pump_alarm", "present"),
        ("her apnoea monitor keeps going off tonight", "breathing_problem", "present"),
        # where a thing comes from is not when the sign was
        ("the scar from last week's op has split open at the top", "wound_problem", "present"),
        ("her tummy scar from a month ago is weeping yellow stuff", "wound_problem", "present"),
        ("the scar went red last month but it's fine now", "wound_problem", "past"),
        ("the seizure from last year was his only one", "seizure", "past"),
    ],
)
def test_what_batch16_taught(message, sign, status):
    assert_read_as(message, sign, status)


@pytest.mark.parametrize(
    "message, sign, status",
    [
        ("the clinic cancelled the refill, the nurse is off sick", "vomiting", None),
        ("the nurse says he was sick twice at school", "vomiting", "present"),
        ("his legs have been jumping way more tonight", "stiffness", "present"),
        ("she's hard to get into her pyjamas tonight", "stiffness", "present"),
        ("his legs are as stiff as usual", "stiffness", "negated"),
        ("she is as stiff as a board", "severe_rigidity", "present"),
        ("do spasms count if they're worse at night? he's having loads more", "stiffness", "present"),
        ("since the refill yesterday he's much more sleepy as usual", "drowsy", "present"),
        ("twice as floppy as usual today", "floppy", "present"),
        ("she is as itchy as ever, nothing new", "itch", "negated"),
        ("does it matter that she is sweating buckets?", "sweating", "present"),
    ],
)
def test_what_family_batch14_taught(message, sign, status):
    assert_read_as(message, sign, status)


@pytest.mark.parametrize(
    "message, status",
    [
        ("his refill was Tuesday but the hospital phoned to cancel, the nurse was ill", "present"),
        ("the clinic rang to cancel her refill, no new date yet", "present"),
        ("can I cancel next month's refill and rebook it for the week after?", None),
    ],
)
def test_a_refill_the_clinic_called_to_cancel_is_missed(message, status):
    assert_read_as(message, "missed_refill", status)


@pytest.mark.parametrize(
    "message, sign, status",
    [
        ("he snores and then there's silence for a few seconds and then a big gasp", "breathing_problem", "present"),
        ("her tummy sucks in under her ribs with each breath", "breathing_problem", "present"),
        ("he woke up for his milk at 2 and went back to sleep, temp 38.6", "hard_to_wake", None),
        ("when I wake him he just goes back to sleep", "hard_to_wake", "present"),
        ("he fell straight back asleep mid sentence", "hard_to_wake", "present"),
        ("she's 18 months, happy and babbling away", "confusion", None),
        ("he's babbling nonsense and doesn't know me", "confusion", "present"),
        ("can he wear a fitted shirt to the wedding over the pump?", "seizure", None),
        ("he fitted for two minutes", "seizure", "present"),
        ("she's been on pins and needles waiting for her exam results", "tingling", None),
        ("he has pins and needles in both legs", "tingling", "present"),
        ("Last summer she had a temp of 39.2 with tonsillitis, fine since", "fever", "past"),
        ("new ache in his lower back where the catheter goes in", "back_pain", "present"),
        ("I compared the scar with last week's photo and it has split open", "wound_problem", "present"),
    ],
)
def test_what_batch17_taught(message, sign, status):
    assert_read_as(message, sign, status)


@pytest.mark.parametrize(
    "message",
    [
        "she was thrown forward onto her pump when the bus braked",
        "he was jolted forward against the strap, right across his pump",
    ],
)
def test_a_child_thrown_forward_onto_the_pump_is_a_fall_on_it(message):
    assert_read_as(message, "fall_on_pump", "present")


@pytest.mark.parametrize(
    "message, sign, status",
    [
        # what a second review found lowered by the fixes for batch17, held since
        ("the stiffness from last week is back, worse today", "stiffness", "present"),
        ("the confusion from last week is back, he doesn't know me", "confusion", "present"),
        ("Last winter he had pneumonia and this week he's been really stiff", "stiffness", "present"),
        ("I woke him and he went back to sleep immediately", "hard_to_wake", "present"),
        ("he only wakes for a second then goes back to sleep", "hard_to_wake", "present"),
        ("she woke up fine for a drink and went back to sleep", "hard_to_wake", None),
        ("my 8 year old has been babbling all evening, not like him", "confusion", "present"),
        ("he was fitting top to toe for three minutes", "seizure", "present"),
        ("she says her feet feel like she's standing on pins and needles", "tingling", "present"),
        ("we opened presents and then a big gasp from everyone", "breathing_problem", None),
        ("pain at the back of his throat from a cold", "back_pain", None),
        ("he's not as grumpy as usual today", "irritability", None),
        (
            "they postponed his refill that was due on the 3rd, no new date, it's the 10th now",
            "missed_refill",
            "present",
        ),
        # batch18 and family batch16
        ("the others have all had flu this week. Lily is 38.4 tonight", "fever", "present"),
        ("my brother has flu. 39.2 last night", "fever", None),
        ("his breathing sounded a bit odd when I looked in", "breathing_problem", "present"),
    ],
)
def test_what_the_tenth_round_taught(message, sign, status):
    assert_read_as(message, sign, status)


@pytest.mark.parametrize(
    "message, sign, status",
    [
        # what a third review found lowered by the tenth round's fixes, held since
        ("his breathing goes really quiet and then a big gasp", "breathing_problem", "present"),
        ("she snores then silence, then snores again", "breathing_problem", "present"),
        ("new twinge in his back near the scar", "back_pain", "present"),
        ("he's not as loose as usual", "floppy", "present"),  # stiffer, read upward as a same-day sign
        ("he fitted top half only for a minute", "seizure", "present"),
        # ...and raised
        ("Can she wear a fitted top over the pump?", "seizure", None),
        ("Teacher is 38.5 with flu, can he still go to school?", "fever", None),
        ("Last Easter he had a seizure and he had another one today", "seizure", "present"),
        ("she's fitting top half jerking", "seizure", "present"),
        ("told the boys to stop talking and go back to sleep", "hard_to_wake", None),
        ("he's started babbling, first words soon!", "confusion", None),
    ],
)
def test_what_a_third_review_of_the_round_found(message, sign, status):
    assert_read_as(message, sign, status)


@pytest.mark.parametrize(
    "message,sign,status",
    [
        # dictated with no punctuation
        ("she's absolutely boiling took it three times to be sure 40.3 every time", "very_high_fever", "present"),
        ("running a bit warm tonight 100.9 probably nothing", "fever", "present"),
        ("nurse asked me to log temps so 38.1 at 8am 39.0 at noon 40.4 now", "very_high_fever", "present"),
        ("he's had a temperature all day 102.2f the last time i checked", "fever", "present"),
        (
            "his whole body is like a board very very stiff even before the pump he was not like this",
            "severe_rigidity",
            "present",
        ),
        ("no temp pump quiet", "pump_alarm", None),  # the "no" is the temperature's
        ("she isn't breathing ok", "breathing_problem", "present"),
    ],
)
def test_a_message_dictated_without_commas(message, sign, status):
    assert_read_as(message, sign, status)


@pytest.mark.parametrize(
    "message,sign,status",
    [
        # what a review found lowered by the first fixes of this round, each read again
        ("temp 40.4 the whole night", "very_high_fever", "present"),  # "4 the" is not "for the" after a point
        ("temp 100.4 a few minutes ago and hes much stiffer than usual", "fever", "present"),
        ("hes not eating or breathing right", "breathing_problem", "present"),  # the "not" denies both
        ("he feels really warm, pulse 99", "fever", "present"),  # a pulse is not a reading
        ("its really hot 40.4", "very_high_fever", "present"),
        ("his pump set off the alarm twice last night", "pump_alarm", "present"),
        ("we thought it was a fire drill but the alarm was coming from his pump", "pump_alarm", "present"),
        ("he had a fit of temper then a real fit with jerking arms", "seizure", "present"),
        ("he is not getting a proper breath in", "breathing_problem", "present"),
        ("like 8 breaths a min when hes asleep", "breathing_problem", "present"),
    ],
)
def test_read_again_after_review(message, sign, status):
    assert_read_as(message, sign, status)


@pytest.mark.parametrize(
    "message,sign,status",
    [
        ("can we still get the refill done this week? we missed it on monday", "missed_refill", "present"),
        ("the card says refill by the 14th. It is the 17th today and nobody has taken him", "missed_refill", "present"),
        ("were going camping for a weak in august, anything special for the pump?", "floppy", None),
        ("his legs are weak", "floppy", "present"),
    ],
)
def test_batch20_first_run_misses(message, sign, status):
    assert_read_as(message, sign, status)


@pytest.mark.parametrize(
    "message,sign,status",
    [
        ("missed Ruby's refill last Tuesday", "missed_refill", "present"),
        ("the nurse did Evie's refill at home on Tuesday", "recent_refill_or_dose_change", "present"),
        (
            "I found the refill card in his bag and the appointment was last Thursday, it's been missed",
            "missed_refill",
            "present",
        ),
        ("supposed to have her refill done on the 14th and it's now the 17th", "missed_refill", "present"),
        ("Ivy (the one with the pump) is 38,2 now", "fever", "present"),
        ("im 15 with the pump. got a new sore bit on my back right where the tube goes in", "back_pain", "present"),
        ("I mean the spot right over her pump. it's been sore since the weekend", "pump_pain", "present"),
        ("he'll throw a fit if he's the only one left out", "seizure", None),
        ("should we keep them apart because of her pump?", "wound_problem", None),
        # what a second review found lowered by the first fixes for these sets, read again
        ("I don't think she's ok, 40.2", "very_high_fever", "present"),
        ("I don't think he's right, rigid", "severe_rigidity", "present"),
        ("is it normal for him to be this weak?", "floppy", "present"),
        ("she threw a fit", "seizure", "present"),
        ("his usual tone but x10", "stiffness", "present"),
        ("my son (he has the pump and hes been fitting all morning)", "seizure", "present"),
        ("Max (with the pump, temp 40.1)", "very_high_fever", "present"),
        ("I don't think she can stay awake", "hard_to_wake", "present"),
        ("I don't think my daughter knows who I am", "confusion", "present"),
        ("I don't think she's stopped shaking", "seizure", "present"),
        ("I don't think she's breathing right", "breathing_problem", "present"),
        ("I dont think hes breathing", "breathing_problem", "present"),
        ("i dont kno if hes breathing", "breathing_problem", "present"),
        ("I don't think he knows who I am", "confusion", "present"),
        ("I don't think she can wake up", "hard_to_wake", "present"),
    ],
)
def test_batch21_and_family_batch18_first_run_misses(message, sign, status):
    assert_read_as(message, sign, status)


@pytest.mark.parametrize(
    "message,sign,status",
    [
        # "my neck" is read as the child's, as a child quoted ("she says my back hurts where the tube is") is (upward)
        ("my neck feels too weak to hold my head up", "head_drop", "writer"),  # the child's when the child writes
        ("his neck is weak as usual, thats his cp", "head_drop", None),
        ("he was too weak to hold his head up", "head_drop", "present"),
        (
            "her head aches when she's propped up, it eases off as soon as she's lying flat",
            "positional_headache",
            "present",
        ),
        ("he has a headache, we propped him up with pillows to watch tv", "positional_headache", None),
        ("they're a bit stiff about anything medical", "stiffness", None),
        ("new school has v stiff rules about meds", "stiffness", "present"),  # upward: "hes so stiff rules ..."
        ("she is stiff about the legs tonight", "stiffness", "present"),
        ("shes stiff about everything since the refill was missed", "stiffness", "present"),
        ("my head's spinning with all the forms for his wheelchair", "dizziness", None),
        ("im 15 and have a pump my head spinning from trying to stand up", "dizziness", "present"),
        ("paracetamol for his toothache, he has a wobbly tooth coming out", "dizziness", None),
        ("he's wobbly on his feet", "dizziness", "present"),
        ("shes all wobbly teeth chattering cant get warm", "dizziness", "present"),
        ("cant keep my head up been awake all night with him", "head_drop", None),
        ("shes a bit weaker today and now my arms are killing me from lifting her", "head_drop", None),
        ("My daughter has felt warm all evening", "fever", "present"),
        ("hes getting hot in the car seat", "fever", None),
        ("no he has been warm in his pjs thats all", "fever", None),
        ("my brother (13) just had his arms n legs jerking n he wasnt with us for like 2 mins", "seizure", "present"),
        ("a buzzing noise coming from her side where the pump is", "pump_alarm", "present"),
        ("he rolled off the sofa onto the tv remote right where his pump is", "fall_on_pump", "present"),
        ("he rolled onto his back and the pump is fine", "fall_on_pump", None),
        ("His eyes roll up and back, again and again", "seizure", "present"),
        ("his arm kept jerking and he wasnt really with us", "seizure", "present"),
        ("school said his legs were jerking more today, i wasnt there", "seizure", None),
        ("sounds good, can he lie on his pump side now", "pump_alarm", None),
        ("There's a faint chiming sound coming from around her tummy", "pump_alarm", "present"),
        ("There's a faint chiming sound coming from around her tummy", "fainting", None),
        ("the ball rolled off the table and she had a belly laugh", "fall_on_pump", None),
        ("coughing stops once she lies down", "positional_headache", None),
        ("hes really stiff rules say school cant give him anything", "stiffness", "present"),
        ("hes so stiff rules about what the school nurse can do are silly", "stiffness", "present"),
        # batch25's first run
        ("screaming for 4 hours, nothing touches it, I've never seen her like this", "confusion", "present"),
        ("crying earlier about her itchy back, cream nothing touches it", "confusion", None),
        ("I've never seen him this stiff", "severe_rigidity", "present"),
        (
            "he had his refill last tuesday and i forgot to say, hes really sleepy today",
            "recent_refill_or_dose_change",
            "present",
        ),
        ("shes stiffer today and the pump alarm goes off as soon as she lies down", "pump_alarm", "present"),
        ("the crying stops as soon as she lies down for her nap", "positional_headache", None),
        (
            "her head is killing her when she sits up, goes away once she is lying flat",
            "positional_headache",
            "present",
        ),
        ("my neck feels weak from carrying him around all day", "head_drop", None),
        ("she says the curtains are moving, the window was open", "confusion", None),
        ("the refill never happened to hurt her", "missed_refill", None),
        # families batch21's first run
        ("all her body go stiff and then jerk, jerk, her eyes look up to the ceiling", "seizure", "present"),
        ("now the refill date is two days past. Nobody call us for a new date", "missed_refill", "present"),
        ("She is awake and happy.", "hard_to_wake", "negated"),
        ("no jerking or shaking, her eyes look up and follow me fine", "seizure", None),
        ("she was humming to herself and stiff, rubbing where her pump is", "pump_alarm", None),
        (
            "he said his head was killing him sitting up and it stopped as soon as he lay down",
            "positional_headache",
            "present",
        ),
        ("a weird whistling coming from her left side just where the pump is", "pump_alarm", "present"),
        ("the crying, it went as soon as she lay down for her nap", "positional_headache", None),
        ("i will ping you a photo of where the pump is", "pump_alarm", None),
        ("I've tried every cream on her eczema, nothing touches it", "confusion", None),
        ("i can make out the outline of the pump under his t-shirt", "wound_problem", None),
        ("he dropped back off to sleep, his head on my lap", "head_drop", None),
        ("the carpet is crawling with lego", "confusion", None),
        ("she went faint chiming bells at church", "fainting", "present"),
        ("how do I make sure nothing touches it when she sleeps", "confusion", None),
        ("keeps telling me the curtains are crawling", "confusion", "present"),
        ("he says the floor is moving", "dizziness", "present"),
        ("the refill that was due on the 3rd never happened", "missed_refill", "present"),
        ("supposed to have her refill on Friday and I completely forgot", "missed_refill", "present"),
        ("Normally she holds her head up in my arms but it just drops back over my elbow", "head_drop", "present"),
        ("her head is absolutely killing her", "headache", "present"),
        ("The skin over one corner of his pump looks stretched", "wound_problem", "present"),
        ("you can make out the rim of the pump under it", "wound_problem", "present"),
        (
            "whenever anything presses on his pump side, the seatbelt or my hand, he screws his face up",
            "pump_pain",
            "present",
        ),
        ("she likes to curl up that way with her floppy bunny", "floppy", None),
        ("headaches that come on when he's up and about at school", "positional_headache", "present"),
    ],
)
def test_batch23_24_and_family_batch19_20_first_run_misses_and_their_review(message, sign, status):
    assert_read_as(message, sign, status)
