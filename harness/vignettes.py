"""Single caregiver messages (shared/eval/README.md): the messages are sent in order, then "no" is
answered to every further question; the final level is compared with the gold one."""

from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence

from harness.personas import question_sentences
from harness.replies import last_triage
from triage.strict_yaml import load_yaml

Send = Callable[[str], List[Dict[str, Any]]]
MAX_FOLLOW_UPS = 15


def load_vignettes(paths: Sequence[Path]) -> List[dict]:
    vignettes = []
    for path in paths:
        if Path(path).name == "known_misses.yml":
            continue
        for vignette in load_yaml(Path(path))["vignettes"]:
            vignette["tags"] = list(vignette.get("tags") or []) + [Path(path).stem]
            vignettes.append(vignette)
    return vignettes


def play(vignette: dict, send: Send, emergency_opening: str) -> Dict[str, Any]:
    triage: Optional[Dict[str, Any]] = None
    first = False
    replies: List[Dict[str, Any]] = []
    for message in vignette["messages"]:
        replies = send(message)
        found = last_triage(replies)
        if found and found["level"] == "emergency" and (triage or {}).get("level") != "emergency":
            # the reply to the message that revealed it, with the emergency guidance before anything else
            first = (replies[0].get("text") or "").startswith(emergency_opening)
        triage = found or triage
    for _ in range(MAX_FOLLOW_UPS):
        if (triage or {}).get("level") == "emergency" or not question_sentences(replies):
            break
        replies = send("no")
        triage = last_triage(replies) or triage
    return {
        "level": triage and triage["level"],
        "rules": (triage or {}).get("rules", []),
        "emergency_first_reply": first,
        "topic_answered": ((triage or {}).get("answer") or {}).get("topic"),
    }
