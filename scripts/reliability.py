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
         "tests/unit/test_guard.py", "tests/e2e/test_isolation.py", "tests/e2e/test_sms_deadline.py", "tests/e2e/test_supervisor.py",
         "tests/e2e/test_webchat.py", "tests/unit/test_webchat_sessions.py",
         "tests/unit/test_sms_after_stop.py", "tests/unit/test_health_data.py", "tests/unit/test_conversation.py"]

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
    "test_a_killed_action_server_is_restarted_and_rasa_keeps_answering": "Action server crash: restarted, Rasa keeps answering",
    "test_a_killed_rasa_server_is_restarted_with_the_same_action_server": "Rasa server crash: restarted, action server untouched",
    "test_stopping_serve_sh_stops_every_process_it_started": "Stopping make run stops every process",
    "test_every_sms_reply_leaves_within_twilios_limit": "Action server hung: every SMS reply within Twilio's 15 s",
    "test_a_reply_that_cannot_wait_becomes_guidance_within_the_deadline": "A reply that cannot wait: guidance by the deadline",
    "test_a_message_is_read_off_the_event_loop": "A long message is read off the event loop",
    "test_a_long_message_is_read_piece_by_piece_within_a_time_budget": "A long message is read within a time budget",
}
SECURITY = {
    "test_http_api_requires_the_token": "HTTP API requires its token",
    "test_socketio_accepts_only_the_configured_origins": "socket.io accepts only configured origins",
    "test_the_action_server_listens_on_loopback_only": "Action server listens on loopback only",
    "test_no_message_text_reaches_the_logs_at_the_default_level": "No message text in the logs (SQLite mode)",
    "test_no_message_text_in_any_log": "No message text in any log (production mode, PostgreSQL's too)",
    "test_socketio_refuses_a_connection_without_an_origin": "socket.io refuses a connection without an Origin",
    "test_a_session_id_without_its_key_joins_nothing": "Web chat: a session id without its key joins nothing",
    "test_a_session_id_the_server_did_not_make_is_refused": "Web chat: a session id the server did not make is refused",
    "test_a_session_id_and_its_key_resume_the_conversation": "Web chat: id and key resume the conversation",
    "test_the_rest_channel_needs_its_token": "REST channel requires its token",
    "test_a_rest_caller_cannot_read_or_change_an_sms_familys_conversation": "Conversations are per channel: REST cannot reach SMS",
    "test_slash_commands_are_text_and_never_erase_a_level": "Slash commands are text: a level is never erased",
    "test_a_made_up_intent_cannot_hide_a_red_flag_or_break_a_turn": "A made-up intent hides no red flag, breaks no turn",
    "test_a_message_after_an_emergency_is_never_met_with_silence": "After an emergency, no message meets silence",
    "test_one_client_address_rotating_senders_is_rate_limited": "Rate limit per client address (rotating senders)",
    "test_a_good_rest_body_parses_and_keeps_only_the_metadata_the_conversation_uses": "REST metadata: only reply_to is kept",
    "test_refusals_are_audited_once_per_conversation_and_minute_but_an_emergency_always": "Refusals cannot flood the audit",
    "test_a_replayed_sms_is_handled_once_and_a_retry_gets_the_same_reply": "SMS: a replayed MessageSid is handled once, same reply",
    "test_without_a_public_url_only_local_requests_are_trusted": "SMS: without SMS_PUBLIC_URL only local requests",
    "test_an_sms_from_that_is_not_a_phone_number_is_refused": "SMS: From must be a phone number",
    "test_a_red_flag_after_stop_gets_no_reply_but_is_audited": "SMS: a red flag after STOP is audited",
    "test_a_red_flag_after_stop_is_audited_and_sent_to_the_on_call_team_whatever_the_hours": "SMS: a red flag after STOP is escalated",
    "test_the_tracker_database_is_created_readable_by_its_owner_only": "Tracker database is 0600",
    "test_the_opt_out_database_is_created_readable_by_its_owner_only": "Opt-out database is 0600",
    "test_the_purge_deletes_idle_conversations_whole_and_old_audit_rows_and_keeps_recent_ones": "Retention purge: old conversations whole, recent kept",
    "test_erase_deletes_one_conversation_everywhere_and_nothing_else": "make erase: one conversation everywhere, nothing else",
}
BAD_INPUT = {
    "test_odd_messages_over_rest_get_a_reply_with_the_numbers": "REST: odd messages answered",
    "test_a_60_kb_message_with_a_red_flag_at_its_end_gets_the_emergency_reply": "REST: 60 KB with a red flag at the end",
    "test_malformed_rest_requests_get_400_with_a_reason": "REST: malformed JSON / wrong types -> 400",
    "test_a_body_larger_than_any_message_is_refused_unread": "REST, SMS: bodies over 64 KB -> 413",
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
