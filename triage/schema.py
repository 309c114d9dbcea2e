"""What the clinical files may say: the keys of each entry and the names they refer to. Each loader calls
its check, so a misspelt sign, level, operator, advice key or option stops the server at start and fails
`make validate` with a message naming the file and the entry, instead of a rule that never fires.

    python -m triage.schema      loads every clinical file through its loader (make validate)
"""

import difflib
import re
import string
import sys
from pathlib import Path
from typing import Any, Iterable, List, Mapping, Optional, Set, Tuple

Keys = Tuple[Set[str], Set[str]]  # (required, optional) keys of an entry

QUESTION: Keys = {"id", "text"}, {"signs", "reask", "no_if"}
PROTOCOL: Keys = (
    {
        "protocol_version",
        "levels",
        "groups",
        "rules",
        "default_rule",
        "question_rule",
        "screening",
        "grouped_screening",
        "how_high",
        "quick_screen",
        "answer_words",
        "not_an_answer",
        "advice",
        "level_text",
        "while_well",
    },
    set(),
)
RULE: Keys = {"id", "level", "when"}, {"advice", "now"}
GROUPED: Keys = {"id", "text", "questions", "which", "words"}, {"reask"}
ADVICE: Keys = {"text", "sources"}, set()
WORD_FAMILIES = {
    "answer_words": {"yes", "no", "unsure", "no_alone"},
    "not_an_answer": {"thanks", "goodbye", "greeting", "wait", "measuring", "summary", "callback"},
}
LEVEL_TEXT_EXTRA = {"same_day_now", "routine_reminder"}  # besides one text per level
CODE_ADVICE = {"cards"}  # advice triage/replies.py adds itself
LEXICON: Keys = {"macros", "signs"}, {"not_signs"}
LEXICON_SIGN: Keys = set(), {"present", "absent", "near"}
NEAR_RULE: Keys = {"words"}, {"window", "except_next", "across_sentences"}
MACRO = re.compile(r"\$([A-Z]+)")
CONTEXT: Keys = {"defaults", "rules"}, set()
CONTEXT_CATEGORIES = {
    "NEGATED_EXISTENCE",
    "HISTORICAL",
    "HYPOTHETICAL",
    "FAMILY",
    "DOUBT",
    "TERMINATE",
    "PSEUDO",
    "SUBJECT",
    "OBSERVER",
}
CONTEXT_OPTIONS = {"direction", "max_scope", "terminated_by", "allowed_types", "excluded_types"}
CONTEXT_GROUP_KEYS = CONTEXT_OPTIONS | {"literals", "patterns", "literal"}
DIRECTIONS = {"FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO"}
ANSWERS: Keys = {"topics", "unknown"}, set()
TOPIC: Keys = {"text", "sources"}, {"restates"}
SUMMARY: Keys = {"title", "made_by", "levels", "signs", "facts"}, set()
SUMMARY_LEVELS: Keys = {"emergency", "same_day", "same_day_now", "routine"}, set()
# Clinic.placeholders, and replies.team_placeholders: both numbers, the one that answers now first
PLACEHOLDERS = {
    "team_name",
    "daytime_number",
    "after_hours_number",
    "emergency_number",
    "team_numbers",
    "team_numbers_es",
}
# The sources an answer or advice text may cite: the protocol's source list (shared/clinical/
# itb-triage-protocol.md, "Sources"), the project's seed pages (shared/clinical/seed-pages, by number), and
# the protocol's own rules ("protocol E12", "protocol E1-E4").
KNOWN_SOURCES = {
    "S1",
    "S2",
    "S3",
    "S4",
    "S6",
    "S7",
    "S8",
    "S10",
    "S11",
    "S12",
    "S13",
    "S16",
    "S17",
    "S18",
    "S24",
    "S25",
    "S28",
    "seed-000",
    "seed-001",
    "seed-002",
    "seed-003",
    "seed-004",
}


class Checker:
    """Refusals for one file: each names the file and the entry ("rule E5", "sign fever")."""

    def __init__(self, path: Path):
        self.file = Path(path).name

    def fail(self, where: str, problem: str) -> None:
        raise ValueError(f"{self.file}: {where}: {problem}")

    def keys(self, where: str, entry: Any, allowed: Keys) -> None:
        required, optional = allowed
        if not isinstance(entry, dict):
            self.fail(where, f"expected a mapping with keys {sorted(required | optional)}, got {entry!r}")
        if required - set(entry):
            self.fail(where, f"missing {sorted(required - set(entry))}")
        self.names(where, "key", entry, required | optional)

    def names(self, where: str, kind: str, values: Iterable[Any], known: Iterable[str]) -> None:
        known = sorted(known)
        for value in [values] if isinstance(values, str) else values:
            if value not in known:
                close = difflib.get_close_matches(str(value), known, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                if isinstance(value, bool):
                    hint = "YAML reads a bare yes / no as a boolean: quote it; "
                self.fail(where, f"unknown {kind} {value!r} ({hint}known: {', '.join(known)})")

    def placeholders(self, where: str, text: str) -> None:
        self.names(
            where, "placeholder", [f for _, f, _, _ in string.Formatter().parse(text) if f is not None], PLACEHOLDERS
        )


def known_signs() -> Set[str]:
    from triage.lexicon import sign_names  # imported here: the loaders import this module

    return set(sign_names())


def check_protocol(data: Mapping[str, Any], path: Path) -> None:
    check = Checker(path)
    check.keys("top level", data, PROTOCOL)
    signs, levels, advice = known_signs(), data["levels"], data["advice"]
    for name, members in data["groups"].items():
        check.names(f"group {name}", "sign", members, signs)
    for rule in data["rules"]:
        where = _entry("rule", rule)
        check.keys(where, rule, RULE)
        check.names(where, "level", rule["level"], levels)
        check.names(where, "advice key", rule.get("advice", []), advice)
        _check_condition(check, where, rule["when"], signs | set(data["groups"]))
    _check_questions(check, data, signs)
    check.names("while_well", "sign", list(data["while_well"]) + list(data["while_well"].values()), signs)
    for family, kinds in WORD_FAMILIES.items():
        check.names(family, "word family", data[family], kinds)
    check.keys("advice", advice, (CODE_ADVICE, set(advice)))
    rule_ids = {rule.get("id") for rule in data["rules"]} | {data["default_rule"], data["question_rule"]}
    for key, entry in advice.items():
        check.keys(f"advice {key}", entry, ADVICE)
        check.placeholders(f"advice {key}", entry["text"])
        _check_sources(check, f"advice {key}", entry["sources"], rule_ids)
    check.keys("level_text", data["level_text"], (set(levels) | LEVEL_TEXT_EXTRA, set()))
    for key, text in data["level_text"].items():
        check.placeholders(f"level_text {key}", text)


def _entry(kind: str, entry: Any) -> str:
    """How a message names a list entry: by its id."""
    return f"{kind} {entry.get('id')}" if isinstance(entry, dict) else f"{kind} {entry!r}"


def _check_questions(check: Checker, data: Mapping[str, Any], signs: Set[str]) -> None:
    grouped = data["grouped_screening"]
    where = _entry("question", grouped)
    check.keys(where, grouped, GROUPED)
    check.names(where, "question", grouped["questions"], [q["id"] for q in data["screening"]])
    check.keys(f"{where} words", grouped["words"], (set(grouped["questions"]), set()))  # one entry per question
    for question in data["screening"] + [data["how_high"], data["quick_screen"], grouped["which"]]:
        where = _entry("question", question)
        check.keys(where, question, QUESTION)
        check.names(where, "sign", question.get("signs", []) + question.get("no_if", []), signs)


def _check_condition(check: Checker, where: str, condition: Any, names: Set[str]) -> None:
    if isinstance(condition, str):
        return check.names(where, "sign", condition, names)
    if not isinstance(condition, dict) or len(condition) != 1:
        check.fail(where, f"a condition is a sign or {{any: [...]}} or {{all: [...]}}, got {condition!r}")
    ((operator, parts),) = condition.items()
    from triage.engine import OPERATORS  # imported here: the loaders import this module

    check.names(where, "operator", operator, OPERATORS)
    if not isinstance(parts, list) or not parts:
        check.fail(where, f"{operator}: expected a non-empty list, got {parts!r}")
    for part in parts:
        _check_condition(check, where, part, names)


def check_lexicon(data: Mapping[str, Any], path: Path) -> None:
    check = Checker(path)
    check.keys("top level", data, LEXICON)
    check.names("not_signs", "macro", [m for p in data.get("not_signs", []) for m in MACRO.findall(p)], data["macros"])
    for sign, spec in data["signs"].items():
        check.keys(f"sign {sign}", spec, LEXICON_SIGN)
        if not spec:
            check.fail(f"sign {sign}", "no present, absent or near phrases")
        near = _check_near(check, f"sign {sign}", spec)
        phrases = (
            spec.get("present", []) + spec.get("absent", []) + [w for words in near for side in words for w in side]
        )
        check.names(f"sign {sign}", "macro", [m for p in phrases for m in MACRO.findall(p)], data["macros"])


def _check_near(check: Checker, where: str, spec: Mapping[str, Any]) -> List[Any]:
    """`near` is a list of rules {words: [A, B], window, except_next}: the word pairs of each."""
    near = spec.get("near", [])
    if not isinstance(near, list) or not all(isinstance(rule, dict) for rule in near):
        check.fail(where, f"near: expected a list of rules {{words: [A, B], window}}, got {near!r}")
    for rule in near:
        check.keys(f"{where} near", rule, NEAR_RULE)
    pairs = [rule["words"] for rule in near]
    for pair in pairs:
        if not isinstance(pair, list) or len(pair) != 2 or not all(isinstance(side, list) for side in pair):
            check.fail(where, f"near: expected two word lists, got {pair!r}")
    return pairs


def check_context_rules(data: Mapping[str, Any], path: Path) -> None:
    check = Checker(path)
    check.keys("top level", data, CONTEXT)
    check.names("defaults", "category", data["defaults"], CONTEXT_CATEGORIES)
    check.names("rules", "category", data["rules"], data["defaults"])
    for category, options in data["defaults"].items():
        _check_context_options(check, f"defaults {category}", options, CONTEXT_OPTIONS)
    for category, groups in data["rules"].items():
        for group in (g for g in groups if isinstance(g, dict)):  # a plain list is literals only
            where = f"rule {category} {(group.get('literals') or [group.get('literal')])[0]!r}"
            _check_context_options(check, where, group, CONTEXT_GROUP_KEYS)
            if ("literals" in group) == ("patterns" in group):
                check.fail(where, "give either literals or patterns (with a literal)")


def _check_context_options(check: Checker, where: str, options: Mapping[str, Any], allowed: Set[str]) -> None:
    check.keys(where, options, (set(), allowed))
    check.names(where, "direction", options.get("direction", []), DIRECTIONS)
    check.names(where, "category", options.get("terminated_by", []), CONTEXT_CATEGORIES)
    for key in ("allowed_types", "excluded_types"):
        check.names(where, "sign", options.get(key, []), known_signs())


def source_problem(source: Any, rule_ids: Iterable[str]) -> Optional[str]:
    """Why a cited source is not one the protocol lists (None when it is)."""
    if source in KNOWN_SOURCES:
        return None
    cited = re.fullmatch(r"protocol ([A-Z]\d+)(?:-([A-Z]\d+))?", str(source))
    if cited and all(rule in set(rule_ids) for rule in cited.groups() if rule):
        return None
    return (
        f"unknown source {source!r} (known: the protocol's sources {', '.join(sorted(KNOWN_SOURCES))}, "
        f"or 'protocol <rule id>')"
    )


def _check_sources(check: Checker, where: str, sources: Any, rule_ids: Iterable[str]) -> None:
    if not isinstance(sources, list) or not sources:
        check.fail(where, "sources: expected a non-empty list of the protocol's sources")
    for source in sources:
        problem = source_problem(source, rule_ids)
        if problem:
            check.fail(where, problem)


def check_answers(data: Mapping[str, Any], path: Path) -> None:
    from triage.protocol import load_protocol  # imported here: the loaders import this module

    protocol = load_protocol()
    rule_ids = {r.id for r in protocol.rules} | {protocol.default_rule, protocol.question_rule}
    check = Checker(path)
    check.keys("top level", data, ANSWERS)
    for topic, entry in data["topics"].items():
        check.keys(f"topic {topic}", entry, TOPIC)
        check.placeholders(f"topic {topic}", entry["text"])
        _check_sources(check, f"topic {topic}", entry["sources"], rule_ids)
        check.names(f"topic {topic}: restates", "advice key", entry.get("restates", []), protocol.advice)
    check.placeholders("unknown", data["unknown"])


def check_summary(data: Mapping[str, Any], path: Path) -> None:
    from triage.protocol import load_protocol  # imported here: the loaders import this module

    protocol = load_protocol()
    rule_ids = {r.id for r in protocol.rules} | {protocol.default_rule, protocol.question_rule}
    check = Checker(path)
    check.keys("top level", data, SUMMARY)
    check.keys("levels", data["levels"], SUMMARY_LEVELS)
    check.names("signs", "sign", data["signs"], known_signs())
    for where, text in [("made_by", data["made_by"])] + [(f"level {k}", v) for k, v in data["levels"].items()]:
        check.placeholders(where, text)
    for number, fact in enumerate(data["facts"], 1):
        check.keys(f"fact {number}", fact, TOPIC)
        check.placeholders(f"fact {number}", fact["text"])
        _check_sources(check, f"fact {number}", fact["sources"], rule_ids)


def load_clinical_files() -> None:
    """Every clinical file through the loader the assistant uses: a mistake stops a server at start."""
    from triage import answers, extractor, lexicon, protocol, summary

    protocol.load_protocol()
    summary.summary_words()
    lexicon.load_lexicon()
    answers.topics()
    extractor._context_rules()


def main() -> None:
    try:
        load_clinical_files()
    except ValueError as error:
        sys.exit(f"clinical files: {error}")
    print("clinical files: protocol, lexicon, context rules and answers follow the schema")


if __name__ == "__main__":
    main()
