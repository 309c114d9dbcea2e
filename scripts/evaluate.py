"""Runs vignette files through the assistant and prints triage metrics.

Each vignette's messages are sent in order as one conversation over the REST channel; then "no" is
answered to every further question until a triage payload arrives. Prints exact accuracy, emergency
sensitivity, emergency on the first reply, same-day sensitivity, under- and over-triage, a per-tag table
and the misses; writes results/eval.json and results/confusion.png. Exits 1 on any missed emergency.
"""
import argparse
import json
import sys
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from triage.replies import emergency_text  # noqa: E402

EMERGENCY_OPENING = emergency_text().split("\n\n")[0]     # REST sends each paragraph as its own message
LEVELS = ["routine", "same_day", "emergency"]
MAX_FOLLOW_UPS = 15


def load_vignettes(paths):
    vignettes = []
    for path in paths:
        for v in yaml.safe_load(Path(path).read_text())["vignettes"]:
            v.setdefault("tags", [])
            v["tags"] = list(v["tags"]) + [Path(path).stem]
            vignettes.append(v)
    return vignettes


def _is_emergency(payload) -> bool:
    return bool(payload) and payload["triage"]["level"] == "emergency"


def _triage(replies):
    payloads = [m["custom"] for m in replies if "triage" in (m.get("custom") or {})]
    return payloads[-1] if payloads else None


def run_rest(vignette, url):
    sender = f"eval-{vignette['id']}-{uuid.uuid4().hex[:8]}"

    def say(text):
        response = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60)
        response.raise_for_status()
        return response.json()

    payload, first = None, False
    for message in vignette["messages"]:
        replies = say(message)
        found = _triage(replies)
        if found and found["triage"]["level"] == "emergency" and not _is_emergency(payload):
            # the reply to the message that revealed it, with the emergency guidance before anything else
            first = (replies[0].get("text") or "").startswith(EMERGENCY_OPENING)
        payload = found or payload
    for _ in range(MAX_FOLLOW_UPS):
        if payload is not None:
            break
        payload = _triage(say("no"))
    return {"level": payload and payload["triage"]["level"], "emergency_first_reply": first,
            "topic_answered": ((payload or {}).get("answer") or {}).get("topic")}


def run_offline(vignette, _url=None):
    from triage.simulate import simulate

    disposition, _, first = simulate(vignette["messages"])
    return {"level": disposition.level, "emergency_first_reply": first, "topic_answered": None}


def rank(level):
    return LEVELS.index(level) if level in LEVELS else -1


def metrics(rows):
    def share(selected, good):
        selected = list(selected)
        return (sum(1 for r in selected if good(r)), len(selected))

    gold_e = [r for r in rows if r["gold"] == "emergency"]
    gold_s = [r for r in rows if r["gold"] == "same_day"]
    return {
        "exact accuracy": share(rows, lambda r: r["level"] == r["gold"]),
        "emergency sensitivity": share(gold_e, lambda r: r["level"] == "emergency"),
        "emergency on the first reply": share(gold_e, lambda r: r["emergency_first_reply"]),
        "same-day sensitivity (same-day or higher)": share(gold_s, lambda r: rank(r["level"]) >= 1),
        "under-triage": share(rows, lambda r: rank(r["level"]) < rank(r["gold"])),
        "severe under-triage (emergency -> routine or none)": share(gold_e, lambda r: rank(r["level"]) <= 0),
        "over-triage": share(rows, lambda r: rank(r["level"]) > rank(r["gold"])),
        "no disposition at all": share(rows, lambda r: r["level"] is None),
        "routine questions answered with the right topic": share(
            [r for r in rows if r.get("topic")], lambda r: r["topic_answered"] == r["topic"]),
    }


def print_report(rows, figures):
    print(f"\n{'metric':52} {'count':>9} {'share':>7}")
    for name, (good, total) in figures.items():
        print(f"{name:52} {good:>4}/{total:<4} {100 * good / max(total, 1):6.1f}%")
    by_tag = defaultdict(list)
    for r in rows:
        for tag in r["tags"]:
            by_tag[tag].append(r)
    print(f"\n{'tag':28} {'n':>4} {'exact':>7} {'under':>6} {'over':>6}")
    for tag in sorted(by_tag):
        rs = by_tag[tag]
        exact = sum(r["level"] == r["gold"] for r in rs)
        under = sum(rank(r["level"]) < rank(r["gold"]) for r in rs)
        over = sum(rank(r["level"]) > rank(r["gold"]) for r in rs)
        print(f"{tag:28} {len(rs):>4} {100 * exact / len(rs):6.1f}% {under:>6} {over:>6}")
    wrong_topics = [r for r in rows if r.get("topic") and r["topic_answered"] != r["topic"]]
    if wrong_topics and any(r["topic_answered"] for r in rows):     # topics are only known through REST
        print(f"\nroutine answers on another topic ({len(wrong_topics)}):")
        for r in wrong_topics:
            print(f"  {r['id']:14} topic={r['topic']:18} answered={r['topic_answered']} {r['messages']}")
    misses = [r for r in rows if r["level"] != r["gold"]]
    print(f"\nmisses ({len(misses)}):")
    for r in misses:
        print(f"  {r['id']:14} gold={r['gold']:9} got={str(r['level']):9} {r['messages']}")


def write_confusion(rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = LEVELS + ["none"]
    counts = Counter((r["gold"], r["level"] or "none") for r in rows)
    grid = [[counts[(g, p)] for p in labels] for g in LEVELS]
    fig, ax = plt.subplots(figsize=(5.5, 4))
    ax.imshow(grid, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels)
    ax.set_yticks(range(len(LEVELS)), LEVELS)
    ax.set_xlabel("assistant's disposition")
    ax.set_ylabel("gold disposition")
    for i, row in enumerate(grid):
        for j, n in enumerate(row):
            ax.text(j, i, str(n), ha="center", va="center", color="black")
    ax.set_title("ITB triage: vignettes through the REST channel")
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", default=sorted(str(p) for p in (ROOT / "tests" / "vignettes").glob("*.yml")))
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--offline", action="store_true", help="triage logic only, no servers")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    vignettes = load_vignettes(args.files)
    runner = run_offline if args.offline else run_rest
    with ThreadPoolExecutor(max_workers=1 if args.offline else args.workers) as pool:
        results = list(pool.map(lambda v: runner(v, args.url), vignettes))
    rows = [{**v, **result} for v, result in zip(vignettes, results)]
    figures = metrics(rows)
    print_report(rows, figures)
    out = ROOT / "results"
    out.mkdir(exist_ok=True)
    name = "eval-offline" if args.offline else "eval"
    (out / f"{name}.json").write_text(json.dumps({"metrics": figures, "rows": rows}, indent=1))
    if not args.offline:
        write_confusion(rows, out / "confusion.png")
        print(f"\nwrote results/{name}.json and results/confusion.png")
    failed = False
    for figure, what in (("emergency sensitivity", "missed"), ("emergency on the first reply", "not in the first reply")):
        found, total = figures[figure]
        if found < total:
            print(f"FAIL: {total - found} emergency vignette(s) {what}")
            failed = True
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
