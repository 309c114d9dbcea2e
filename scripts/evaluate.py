"""Plays every vignette and every simulated family through the assistant and prints the triage figures.

Vignettes (tests/vignettes/): the messages in order as one conversation, then "no" to every further
question. Families (tests/personas/): simulated parents answering the assistant's questions in their own
words (shared/eval/README.md). With --url both go through the real REST channel; with --offline through
the screening policy in process (seconds). Writes results/eval[-offline].json (and results/confusion.png
over REST). Exits 1 on any missed emergency, or one not given in the reply that revealed it, in either set.
"""

import argparse
import json
import os
import sys
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if "--offline" in sys.argv:
    from triage.without_tensorflow import keep_tensorflow_out

    keep_tensorflow_out()

from harness import personas as families  # noqa: E402
from harness import vignettes  # noqa: E402
from harness.offline import warmed_pool  # noqa: E402
from harness.replies import EMERGENCY_OPENING  # noqa: E402
from harness.servers import answers, serve, stop, wait_until  # noqa: E402
from triage.protocol import load_protocol  # noqa: E402

LEVELS = list(load_protocol().levels)


def rest_conversation(url):
    from harness.rest import RestConversation

    return lambda: RestConversation(url, token=os.environ.get("RASA_AUTH_TOKEN"))


def _offline_vignette(case):
    from triage.simulate import OfflineConversation

    return vignettes.play(case, OfflineConversation().send, EMERGENCY_OPENING)


def _offline_family(person):
    from triage.simulate import OfflineConversation

    return families.play(person, OfflineConversation().send)


def played_offline(cases, people):
    """Every case in process (harness/offline.py)."""
    with warmed_pool() as pool:
        return list(pool.map(_offline_vignette, cases, chunksize=16)), list(
            pool.map(_offline_family, people, chunksize=4)
        )


def rank(level):
    return LEVELS.index(level) if level in LEVELS else -1


def vignette_metrics(rows):
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
    }


def print_figures(title, figures):
    print(f"\n{title}\n{'metric':56} {'count':>9} {'share':>7}")
    for name, (good, total) in figures.items():
        if isinstance(good, int) and total and "median" not in name and "Wilson" not in name:
            print(f"{name:56} {good:>4}/{total:<4} {100 * good / total:6.1f}%")
        else:
            print(f"{name:56} {good!s:>9} (max {total})" if "median" in name else f"{name:56} {good:>8}%")


def print_vignette_report(rows, figures):
    print_figures(f"VIGNETTES ({len(rows)})", figures)
    by_tag = defaultdict(list)
    for r in rows:
        for tag in r["tags"]:
            by_tag[tag].append(r)
    print(f"\n{'set':28} {'n':>4} {'exact':>7} {'under':>6} {'over':>6}")
    for tag in sorted(by_tag):
        rs = by_tag[tag]
        exact = sum(r["level"] == r["gold"] for r in rs)
        print(
            f"{tag:28} {len(rs):>4} {100 * exact / len(rs):6.1f}% "
            f"{sum(rank(r['level']) < rank(r['gold']) for r in rs):>6} "
            f"{sum(rank(r['level']) > rank(r['gold']) for r in rs):>6}"
        )
    misses = [
        r for r in rows if r["level"] != r["gold"] or (r["gold"] == "emergency" and not r["emergency_first_reply"])
    ]
    print(f"\nvignette misses ({len(misses)}):")
    for r in misses:
        print(
            f"  {r['id']:14} gold={r['gold']:9} got={str(r['level']):9} first={r['emergency_first_reply']} {r['messages']}"
        )


def print_family_report(records, figures, by_set):
    print_figures(f"SIMULATED FAMILIES ({len(records)})", figures)
    print(f"\n{'set':12} {'n':>4} {'exact':>7} {'E caught':>9} {'E on time':>10} {'sent to E':>10} {'repeats':>8}")
    for name, rs in sorted(by_set.items()):
        f = families.persona_metrics(rs)
        print(
            f"{name:12} {len(rs):>4} {100 * f['exact level'][0] / len(rs):6.1f}% "
            f"{'%d/%d' % f['emergency sensitivity']:>9} {'%d/%d' % f['emergency in the reply that revealed it']:>10} "
            f"{'%d/%d' % f['non-emergency families sent to emergency']:>10} {f['families with a repeated question'][0]:>8}"
        )
    by_style = defaultdict(list)
    for r in records:
        by_style[r.style].append(r)
    print(
        "by style: "
        + ", ".join(f"{s} {sum(r.level == r.gold for r in rs)}/{len(rs)}" for s, rs in sorted(by_style.items()))
    )
    misses = [
        r for r in records if r.level != r.gold or r.repeats or (r.gold == "emergency" and not r.emergency_on_time)
    ]
    print(f"\nfamily misses ({len(misses)}):")
    for r in misses:
        print(
            f"  {r.id:10} gold={r.gold:9} got={str(r.level):9} rules={r.rules} revealed at {r.revealed_at}, "
            f"emergency at {r.emergency_at}, repeats={r.repeats}"
        )
        for who, text in r.transcript:
            print(f"      {who:9} {text[:150]}")


def write_confusion(rows, records, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = LEVELS + ["none"]
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for ax, pairs, title in (
        (axes[0], [(r["gold"], r["level"]) for r in rows], "vignettes"),
        (axes[1], [(r.gold, r.level) for r in records], "simulated families"),
    ):
        counts = Counter((g, p or "none") for g, p in pairs)
        grid = [[counts[(g, p)] for p in labels] for g in LEVELS]
        ax.imshow(grid, cmap="Blues")
        ax.set_xticks(range(len(labels)), labels)
        ax.set_yticks(range(len(LEVELS)), LEVELS)
        ax.set_xlabel("assistant's disposition")
        ax.set_ylabel("gold disposition")
        for i, row in enumerate(grid):
            for j, n in enumerate(row):
                ax.text(j, i, str(n), ha="center", va="center")
        ax.set_title(f"{title} through the REST channel")
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def failures(vignette_figures, family_figures):
    checks = [
        (vignette_figures, "emergency sensitivity", "emergency vignette(s) missed"),
        (vignette_figures, "emergency on the first reply", "emergency vignette(s) not in the first reply"),
        (family_figures, "emergency sensitivity", "emergency famil(ies) missed"),
        (
            family_figures,
            "emergency in the reply that revealed it",
            "emergency famil(ies) not told in the reply that revealed it",
        ),
    ]
    return [
        f"FAIL: {total - good} {what}"
        for figures, name, what in checks
        for good, total in [figures[name]]
        if good < total
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--vignettes", nargs="*", default=sorted(str(p) for p in (ROOT / "tests/vignettes").glob("*.yml"))
    )
    parser.add_argument(
        "--personas", nargs="*", default=sorted(str(p) for p in (ROOT / "tests/personas").glob("*.yml"))
    )
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--offline", action="store_true", help="the screening policy in process, no servers")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--serve",
        action="store_true",
        help="start scripts/serve.sh with this environment first (make eval), stop it after",
    )
    args = parser.parse_args()
    server = started_servers(args.url) if args.serve else None
    try:
        return evaluate(args)
    finally:
        stop(server)


def started_servers(url: str):
    log = ROOT / os.environ.get("LOG_DIR", "var/eval") / "serve.out"
    server = serve(dict(os.environ), log)
    if not wait_until(lambda: answers(f"{url}/status", token=os.environ.get("RASA_AUTH_TOKEN", "")), 240, server, log):
        stop(server)
        raise TimeoutError("the servers did not answer within 240 s")
    return server


def evaluate(args):
    cases = vignettes.load_vignettes(args.vignettes)
    people = families.load_personas(args.personas)
    if args.offline:
        results, records = played_offline(cases, people)
    else:
        new_conversation = rest_conversation(args.url)
        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            results = list(pool.map(lambda v: vignettes.play(v, new_conversation().send, EMERGENCY_OPENING), cases))
            records = list(pool.map(lambda p: families.play(p, new_conversation().send), people))
    rows = [{**v, **result} for v, result in zip(cases, results, strict=True)]
    vignette_figures = vignette_metrics(rows)
    family_figures = families.persona_metrics(records)
    known = set(families.known_misses(ROOT / "tests/personas"))
    gated = families.persona_metrics([r for r in records if r.id not in known])
    by_set = defaultdict(list)
    for person, record in zip(people, records, strict=True):
        by_set[person["set"]].append(record)
    print_vignette_report(rows, vignette_figures)
    print_family_report(records, family_figures, by_set)
    out = ROOT / "results"
    out.mkdir(exist_ok=True)
    name = "eval-offline" if args.offline else "eval"
    (out / f"{name}.json").write_text(
        json.dumps(
            {
                "vignettes": {"metrics": vignette_figures, "rows": rows},
                "families": {"metrics": family_figures, "records": [asdict(r) for r in records]},
            },
            indent=1,
        )
    )
    if not args.offline:
        write_confusion(rows, records, out / "confusion.png")
    print(f"\nwrote results/{name}.json" + ("" if args.offline else " and results/confusion.png"))
    print(
        f"known misses, reported but not failing: {sorted(known | set(families.known_misses(ROOT / 'tests/vignettes')))}"
    )
    problems = failures(vignette_figures, gated)
    print("\n".join(problems))
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
