"""The clinical files are checked against their schema when they are loaded: a misspelt sign, level,
operator, advice key, option or placeholder is refused with a message naming the file and the entry."""

from pathlib import Path

import pytest
import yaml

from triage.answers import _answers
from triage.extractor import _context_rules
from triage.lexicon import load_lexicon, sign_names
from triage.protocol import load_protocol
from triage.schema import main
from triage.strict_yaml import load_yaml

TRIAGE = Path(__file__).resolve().parents[2] / "triage"
LOADERS = {
    "protocol.yml": load_protocol.__wrapped__,
    "lexicon.yml": load_lexicon.__wrapped__,
    "answers.yml": _answers.__wrapped__,
    "context_rules.yml": _context_rules,
}


def rule(data, rule_id):
    return next(r for r in data["rules"] if r["id"] == rule_id)


def question(data, question_id):
    return next(q for q in data["screening"] if q["id"] == question_id)


def rename(mapping, old, new):
    mapping[new] = mapping.pop(old)


def context_rule(data, category, first_literal):
    groups = [g for g in data["rules"][category] if isinstance(g, dict)]
    return next(g for g in groups if g.get("literals", [None])[0] == first_literal)


MISTAKES = [
    (
        "protocol.yml",
        lambda d: rule(d, "E5")["when"]["all"].__setitem__(0, "feverr"),
        "protocol.yml: rule E5: unknown sign 'feverr' (did you mean 'fever'?",
    ),
    (
        "protocol.yml",
        lambda d: rule(d, "E6").__setitem__("when", "very_high_temp"),
        "protocol.yml: rule E6: unknown sign 'very_high_temp'",
    ),
    (
        "protocol.yml",
        lambda d: rule(d, "S5").__setitem__("level", "same-day"),
        "protocol.yml: rule S5: unknown level 'same-day' (did you mean 'same_day'?",
    ),
    (
        "protocol.yml",
        lambda d: rule(d, "E7").__setitem__("when", {"one_of": ["severe_rigidity", "dark_urine"]}),
        "protocol.yml: rule E7: unknown operator 'one_of' (known: all, any)",
    ),
    (
        "protocol.yml",
        lambda d: rule(d, "E8").__setitem__("when", {"any": ["head_drop"], "all": ["floppy"]}),
        "protocol.yml: rule E8: a condition is a sign or",
    ),
    (
        "protocol.yml",
        lambda d: rule(d, "E1").__setitem__("advice", ["overdose_sign"]),
        "protocol.yml: rule E1: unknown advice key 'overdose_sign' (did you mean 'overdose_signs'?",
    ),
    ("protocol.yml", lambda d: rule(d, "S1").__setitem__("now_", True), "protocol.yml: rule S1: unknown key 'now_'"),
    ("protocol.yml", lambda d: rule(d, "S2").pop("level"), "protocol.yml: rule S2: missing ['level']"),
    (
        "protocol.yml",
        lambda d: d["groups"]["sleepy"].append("drowsey"),
        "protocol.yml: group sleepy: unknown sign 'drowsey'",
    ),
    (
        "protocol.yml",
        lambda d: question(d, "itch")["signs"].append("tingle"),
        "protocol.yml: question itch: unknown sign 'tingle'",
    ),
    (
        "protocol.yml",
        lambda d: d["grouped_screening"]["questions"].append("breath"),
        "protocol.yml: question red_flags: unknown question 'breath'",
    ),
    (
        "protocol.yml",
        lambda d: rename(d["grouped_screening"]["words"], "seizure", "seizures"),
        "protocol.yml: question red_flags words: missing ['seizure']",
    ),
    (
        "protocol.yml",
        lambda d: rename(d["answer_words"], "no", False),
        "protocol.yml: answer_words: unknown word family False (YAML reads a bare yes / no as a boolean: quote it",
    ),
    ("protocol.yml", lambda d: d["advice"].pop("cards"), "protocol.yml: advice: missing ['cards']"),
    (
        "protocol.yml",
        lambda d: d["level_text"].__setitem__("emergency", "call {emergency_numbr}"),
        "protocol.yml: level_text emergency: unknown placeholder 'emergency_numbr'",
    ),
    (
        "lexicon.yml",
        lambda d: d["signs"]["fever"].__setitem__("presnt", ["hot"]),
        "lexicon.yml: sign fever: unknown key 'presnt' (did you mean 'present'?",
    ),
    (
        "lexicon.yml",
        lambda d: d["signs"]["fever"]["present"].append("$FEVERS"),
        "lexicon.yml: sign fever: unknown macro 'FEVERS'",
    ),
    (
        "context_rules.yml",
        lambda d: context_rule(d, "HISTORICAL", "last week")["excluded_types"].append("pump_alrm"),
        "context_rules.yml: rule HISTORICAL 'last week': unknown sign 'pump_alrm' (did you mean 'pump_alarm'?",
    ),
    (
        "context_rules.yml",
        lambda d: d["defaults"]["FAMILY"].__setitem__("terminated_by", ["SUBJCT"]),
        "context_rules.yml: defaults FAMILY: unknown category 'SUBJCT'",
    ),
    (
        "context_rules.yml",
        lambda d: d["defaults"]["HISTORICAL"].__setitem__("direction", "BOTH"),
        "context_rules.yml: defaults HISTORICAL: unknown direction 'BOTH'",
    ),
    (
        "context_rules.yml",
        lambda d: d["defaults"]["PSEUDO"].__setitem__("max_scop", 2),
        "context_rules.yml: defaults PSEUDO: unknown key 'max_scop'",
    ),
    (
        "context_rules.yml",
        lambda d: d["rules"].__setitem__("HISTORICALL", [["ago"]]),
        "context_rules.yml: rules: unknown category 'HISTORICALL'",
    ),
    (
        "answers.yml",
        lambda d: rename(d["topics"]["refills"], "text", "txt"),
        "answers.yml: topic refills: missing ['text']",
    ),
    (
        "answers.yml",
        lambda d: d["topics"]["travel"].__setitem__("text", "call the {team}"),
        "answers.yml: topic travel: unknown placeholder 'team'",
    ),
]


@pytest.mark.parametrize("name,mistake,message", MISTAKES, ids=[m[2] for m in MISTAKES])
def test_a_mistake_in_a_clinical_file_is_refused_naming_the_file_and_the_entry(tmp_path, name, mistake, message):
    data = load_yaml(TRIAGE / name)
    mistake(data)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ValueError) as refused:
        LOADERS[name](path)
    assert message in str(refused.value)


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_every_clinical_file_follows_the_schema(name):
    assert LOADERS[name](TRIAGE / name)


def test_make_validate_checks_the_schema(capsys):
    main()
    assert "follow the schema" in capsys.readouterr().out


def test_every_sign_the_protocol_names_can_be_found():
    protocol = load_protocol()
    named = {s for r in protocol.rules for s in protocol.signs_in(r.when)} | {
        s for q in protocol.all_questions() for s in q.signs
    }
    assert named <= set(sign_names())


def test_near_rules_as_a_list_each_with_its_window(tmp_path):
    data = load_yaml(TRIAGE / "lexicon.yml")
    data["signs"]["mri"]["near"] = [
        {"words": [["refill"], ["missed it", "skipped it"]], "window": 4},
        {"words": [["appointment"], ["forgot"]], "window": 2, "except_next": ["to"]},
    ]
    path = tmp_path / "lexicon.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    rules = [r for r in load_lexicon.__wrapped__(path).near_rules if r.sign == "mri"]
    assert [(r.window, r.except_next) for r in rules] == [(4, ()), (2, ("to",))]
    assert len(rules[0].second) == 2  # two phrases of two words
    data["signs"]["mri"]["window"] = 3  # a window belongs to each rule, not to the sign
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ValueError, match="window"):
        load_lexicon.__wrapped__(path)
    del data["signs"]["mri"]["window"]
    data["signs"]["mri"]["near"] = [["refill"], ["missed it"]]  # the old pair form
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ValueError, match="expected a list of rules"):
        load_lexicon.__wrapped__(path)
