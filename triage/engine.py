"""Evaluates the protocol over every finding of the conversation: the highest level wins."""

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional, Set, Tuple

from triage.findings import Finding, present_signs
from triage.protocol import ROUTINE, Condition, Protocol, Rule, load_protocol


@dataclass(frozen=True)
class Disposition:
    level: str
    rules: Tuple[str, ...]  # protocol rule ids that gave this level, in protocol order
    now: bool  # a same-day rule that says "call right away, day or night"
    advice: Tuple[str, ...]  # advice keys of those rules, without repeats


OPERATORS = {"any": any, "all": all}  # a condition's operators (triage/schema.py refuses others)
MAX_REMEMBERED = 10_000  # sets of signs whose rules are remembered (sign ids only, never text)


def holds(condition: Condition, signs: Set[str], protocol: Protocol) -> bool:
    if isinstance(condition, str):
        return bool(signs & set(protocol.groups.get(condition, (condition,))))
    ((operator, parts),) = condition.items()
    if operator not in OPERATORS:
        raise ValueError(f"unknown operator {operator!r} in {condition!r} (known: {', '.join(OPERATORS)})")
    return OPERATORS[operator](holds(part, signs, protocol) for part in parts)


def matching_rules(findings: Iterable[Finding], protocol: Protocol) -> Tuple[Rule, ...]:
    return _holding(_unless_unwell(present_signs(findings), protocol), protocol)


def _holding(signs: Set[str], protocol: Protocol) -> Tuple[Rule, ...]:
    key = frozenset(signs)
    if key not in protocol.holding:
        if len(protocol.holding) >= MAX_REMEMBERED:
            protocol.holding.clear()
        protocol.holding[key] = tuple(rule for rule in protocol.rules if holds(rule.when, signs, protocol))
    return protocol.holding[key]


def _top_rank(rules: Iterable[Rule], protocol: Protocol) -> int:
    return max((protocol.rank(rule.level) for rule in rules), default=0)


def _unless_unwell(signs: Set[str], protocol: Protocol) -> Set[str]:
    """A sign that counts only while the child is well (R3's small swelling) is the sign it would otherwise
    be once another sign raises the level, alone or beside that sign ("a tiny bump, she's off her food": E14)."""
    for sign, otherwise in protocol.while_well.items():
        if sign in signs and any(_raises(other, otherwise, protocol) for other in signs - {sign}):
            signs = (signs - {sign}) | {otherwise}
    return signs


def _raises(sign: str, beside: str, protocol: Protocol) -> bool:
    return _rank_of({sign}, protocol) > 0 or _rank_of({sign, beside}, protocol) > _rank_of({beside}, protocol)


def _rank_of(signs: Set[str], protocol: Protocol) -> int:
    return _top_rank(_holding(signs, protocol), protocol)


def assess(
    findings: Iterable[Finding], protocol: Optional[Protocol] = None, routine_rule: Optional[str] = None
) -> Disposition:
    """The disposition for these findings. `routine_rule` names the routine rule when nothing fires."""
    protocol = protocol or load_protocol()
    matched = matching_rules(findings, protocol)
    top = _top_rank(matched, protocol)
    winners = [rule for rule in matched if protocol.rank(rule.level) == top]
    if not winners:
        return Disposition(ROUTINE, (routine_rule or protocol.default_rule,), False, ())
    advice = tuple(dict.fromkeys(key for rule in winners for key in rule.advice))
    return Disposition(protocol.levels[top], tuple(r.id for r in winners), any(r.now for r in winners), advice)


@lru_cache(maxsize=None)
def is_warning_sign(sign: str) -> bool:
    """A sign that on its own raises the level above routine (not a pump brand, a refill date, ...)."""
    return assess([Finding(sign)]).level != ROUTINE


@lru_cache(maxsize=None)
def is_routine_sign(sign: str) -> bool:
    """A sign that only routine rules name (a refill due soon, R3's small swelling): no cause to screen."""
    protocol = load_protocol()
    named = [rule.level for rule in protocol.rules if sign in protocol.signs_in(rule.when)]
    return bool(named) and set(named) == {ROUTINE}


def warning_signs(findings: Iterable[Finding]) -> Set[str]:
    return {sign for sign in present_signs(findings) if is_warning_sign(sign)}


def higher(level_a: Optional[str], level_b: Optional[str], protocol: Optional[Protocol] = None) -> Optional[str]:
    """The higher of two levels: a conversation's level only ever rises."""
    protocol = protocol or load_protocol()
    return max((level_a, level_b), key=protocol.rank)
