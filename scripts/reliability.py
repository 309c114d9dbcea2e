"""make reliability: runs the tests marked `reliability` (faults, security and privacy, bad input, with the
property and scale-out tests) and prints a line per test, the bad-input counts and the audit export check.
A test joins the report by its mark: @pytest.mark.reliability("faults", "Rasa restarted: level kept").

    python scripts/reliability.py              run the tests, then report
    python scripts/reliability.py --report X   report from an existing pytest JUnit XML (make test does this)
"""

import argparse
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "results" / "reliability"
SECTIONS = {"faults": "Faults", "security": "Security and privacy", "bad_input": "Bad input (cases passed / cases)"}


def outcomes(junit: Path) -> Tuple[Dict[Tuple[str, str], List[str]], List[str]]:
    """(section, label) of each test marked `reliability` -> 'passed' / 'failed' / 'skipped', one per case,
    in the order the tests ran; and the test files that could not be collected."""
    results: Dict[Tuple[str, str], List[str]] = defaultdict(list)
    not_collected = []
    for case in ET.parse(junit).iter("testcase"):
        error = case.find("error")
        if error is not None and error.get("message") == "collection failure":
            not_collected.append(case.get("classname") or case.get("name") or "")
        properties = {str(p.get("name")): str(p.get("value")) for p in case.iter("property")}
        if "reliability_section" not in properties:
            continue
        state = (
            "failed"
            if case.find("failure") is not None or error is not None
            else "skipped"
            if case.find("skipped") is not None
            else "passed"
        )
        results[(properties["reliability_section"], properties["reliability_label"])].append(state)
    return results, not_collected


def line(label: str, states) -> str:
    if not states:
        return f"  {'NOT RUN':8} {label}"
    passed = states.count("passed")
    verdict = "PASS" if passed == len(states) else "FAIL"
    count = f" ({passed}/{len(states)})" if len(states) > 1 else ""
    return f"  {verdict:8} {label}{count}"


def section_lines(results: Dict[Tuple[str, str], List[str]]) -> List[str]:
    """A heading per section, a line per marked test; an unknown section (a typo in a mark) is shown too."""
    lines = []
    for section in list(SECTIONS) + sorted({s for s, _ in results} - set(SECTIONS)):
        lines.append(SECTIONS.get(section, f"Unknown section {section!r} (a typo in a reliability mark?)"))
        labels = [label for s, label in results if s == section] or ["no test marked for this section"]
        lines += [line(label, results.get((section, label))) for label in labels]
    bad = [state for (section, _), states in results.items() if section == "bad_input" for state in states]
    return lines + [f"  bad-input cases: {bad.count('passed')} of {len(bad)} passed, never a 5xx or a crash"]


def audit_lines() -> Tuple[List[str], bool]:
    facts_path = RESULTS / "scale_out.json"
    if not facts_path.exists():
        return ["Audit trail", "  NOT RUN  the scale-out test wrote no figures"], False
    facts = json.loads(facts_path.read_text())
    once = facts["audit_csv_rows"] == facts["dispositions_given"]
    return [
        "Audit trail (after the scale-out test)",
        f"  {facts['conversations']} conversations, {facts['messages']} messages, {facts['events_stored']} "
        f"events stored; {facts['dispositions_given']} dispositions given, {facts['audit_csv_rows']} rows "
        f"in the audit CSV: {'each exactly once' if once else 'MISMATCH'}",
    ], once


def report(junit: Path) -> bool:
    results, not_collected = outcomes(junit)
    audit, once = audit_lines()
    print(
        "\n".join(
            ["", "Reliability report"]
            + section_lines(results)
            + audit
            + [f"  {'ERROR':8} could not collect {name}: its tests are missing above" for name in not_collected]
        )
    )
    complete = {s for s, _ in results} == set(SECTIONS) and not not_collected
    return once and complete and all(state == "passed" for states in results.values() for state in states)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--report", type=Path)
    args = parser.parse_args()
    junit = args.report
    if junit is None:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "scale_out.json").unlink(missing_ok=True)
        junit = RESULTS / "junit.xml"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                f"--junitxml={junit}",
                "-m",
                "reliability",
                "tests",
            ],
            cwd=ROOT,
        )
    sys.exit(0 if report(junit) else 1)


if __name__ == "__main__":
    main()
