"""make reliability: runs the fault, bad-input, security, property and scale-out tests and prints what
each fault did, the bad-input counts and the audit export check.

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

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "results" / "reliability"
TESTS = ["tests/production", "tests/e2e/test_action_server_down.py", "tests/e2e/test_bad_input.py",
         "tests/e2e/test_security.py", "tests/e2e/test_rest.py", "tests/unit/test_properties.py",
         "tests/unit/test_guard.py"]

FAULTS = {
    "test_a_red_flag_still_gets_the_emergency_reply": "Action server down: a red flag gets the emergency reply",
    "test_anything_else_gets_cannot_assess_with_the_numbers": "Action server down: anything else gets 'cannot assess' + numbers",
    "test_a_hanging_action_server_times_out_into_guidance": "Action server hanging: guidance after the time-out",
    "test_postgresql_restarted_mid_conversation_loses_no_event": "PostgreSQL restarted (also during a message): no event lost",
    "test_postgresql_down_gives_guidance_marked_degraded_and_recovers": "PostgreSQL down: emergency / 'cannot assess' marked degraded, recovers",
    "test_redis_down_is_clear_in_the_reply_and_the_log_and_recovers": "Redis down: degraded reply + log, emergency still given, recovers",
    "test_a_restarted_rasa_server_continues_the_conversation_with_its_level": "Rasa restarted (PostgreSQL): level kept",
    "test_conversations_survive_a_restart": "Rasa restarted (SQLite): conversation kept",
    "test_a_conversation_moving_between_replicas_keeps_its_state_and_level": "Two replicas: a conversation alternating keeps state and level",
    "test_twenty_concurrent_conversations_lose_and_duplicate_nothing": "Two replicas, 20 concurrent conversations: no event lost or duplicated",
}
SECURITY = {
    "test_http_api_requires_the_token": "HTTP API requires its token",
    "test_socketio_accepts_only_the_configured_origins": "socket.io accepts only configured origins",
    "test_the_action_server_listens_on_loopback_only": "Action server listens on loopback only",
    "test_no_message_text_reaches_the_logs_at_the_default_level": "No message text in the logs (SQLite mode)",
    "test_no_message_text_in_any_log": "No message text in any log (production mode, PostgreSQL's too)",
}
BAD_INPUT = {
    "test_odd_messages_over_rest_get_a_reply_with_the_numbers": "REST: odd messages answered",
    "test_a_100_kb_message_with_a_red_flag_at_its_end_gets_the_emergency_reply": "REST: 100 KB with a red flag at the end",
    "test_malformed_rest_requests_get_400_with_a_reason": "REST: malformed JSON / wrong types -> 400",
    "test_a_body_over_a_megabyte_is_refused_unread": "REST, SMS: bodies over 1 MB -> 413",
    "test_a_flood_from_one_sender_is_rate_limited_with_a_clear_reply_and_red_flags_still_answered": "REST: flood rate-limited",
    "test_unknown_conversation_ids_on_the_http_api_are_not_errors": "HTTP API: unknown conversation ids",
    "test_odd_sms_bodies_get_an_sms_reply": "SMS: odd bodies answered",
    "test_sms_without_sender_or_with_missing_fields_is_refused_not_crashed": "SMS: garbage refused",
    "test_the_web_chat_survives_malformed_and_foreign_messages": "Web chat: malformed and foreign emits",
    "test_the_action_server_rejects_malformed_calls_without_crashing": "Action server: malformed calls -> 400",
    "test_any_string_gives_findings_and_a_level_without_an_exception": "Property: any string, no exception",
    "test_any_bytes_decoded_any_way_never_raise": "Property: any bytes, no exception",
    "test_a_red_flag_embedded_anywhere_in_noise_is_still_an_emergency": "Property: red flag in noise -> emergency",
    "test_a_red_flag_after_a_long_noisy_message_is_still_found": "Property: red flag after 5-150 KB -> emergency",
}


def outcomes(junit: Path):
    """test function name -> list of 'passed' / 'failed' / 'skipped', one per case."""
    results = defaultdict(list)
    for case in ET.parse(junit).iter("testcase"):
        name = case.get("name", "").split("[")[0]
        state = "failed" if case.find("failure") is not None or case.find("error") is not None else \
            "skipped" if case.find("skipped") is not None else "passed"
        results[name].append(state)
    return results


def line(label: str, states) -> str:
    if not states:
        return f"  {'NOT RUN':8} {label}"
    passed = states.count("passed")
    verdict = "PASS" if passed == len(states) else "FAIL"
    count = f" ({passed}/{len(states)})" if len(states) > 1 else ""
    return f"  {verdict:8} {label}{count}"


def report(junit: Path) -> bool:
    results = outcomes(junit)
    lines = ["", "Reliability report", "Faults"]
    lines += [line(label, results.get(name)) for name, label in FAULTS.items()]
    lines += ["Security and privacy"] + [line(label, results.get(name)) for name, label in SECURITY.items()]
    lines += ["Bad input (cases passed / cases)"] + [line(label, results.get(name)) for name, label in BAD_INPUT.items()]
    bad = [s for name in BAD_INPUT for s in results.get(name, [])]
    lines.append(f"  bad-input cases: {bad.count('passed')} of {len(bad)} passed, never a 5xx or a crash")
    facts_path = RESULTS / "scale_out.json"
    if facts_path.exists():
        facts = json.loads(facts_path.read_text())
        once = facts["audit_csv_rows"] == facts["dispositions_given"]
        lines += ["Audit trail (after the scale-out test)",
                  f"  {facts['conversations']} conversations, {facts['messages']} messages, {facts['events_stored']} "
                  f"events stored; {facts['dispositions_given']} dispositions given, {facts['audit_csv_rows']} rows "
                  f"in the audit CSV: {'each exactly once' if once else 'MISMATCH'}"]
    else:
        once = False
        lines += ["Audit trail", "  NOT RUN  the scale-out test wrote no figures"]
    print("\n".join(lines))
    every = [s for name in {**FAULTS, **SECURITY, **BAD_INPUT} for s in results.get(name, ["missing"])]
    return once and all(s == "passed" for s in every)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--report", type=Path)
    args = parser.parse_args()
    junit = args.report
    if junit is None:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "scale_out.json").unlink(missing_ok=True)
        junit = RESULTS / "junit.xml"
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}",
                        *TESTS], cwd=ROOT)
    sys.exit(0 if report(junit) else 1)


if __name__ == "__main__":
    main()
