"""How the triage holds up when every vignette is retyped the way families type: dictated with no
punctuation, in capitals, without apostrophes, in SMS shorthand, with one or three typos. Each retyping
is seeded by the vignette's id, so a run is repeatable. Prints, per retyping: exact level, emergencies
still in the first reply, non-emergencies sent to emergency, same-day vignettes that ended routine.

    PYTHONPATH=. .venv/bin/python scripts/eval_typing.py [--kinds dictated,capitals] [--misses FILE]
"""

import argparse
import json
import random
import re
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import vignettes  # noqa: E402
from harness.offline import warmed_pool  # noqa: E402
from harness.personas import known_misses  # noqa: E402
from harness.replies import EMERGENCY_OPENING  # noqa: E402

SHORTHAND = {
    "you": "u", "are": "r", "and": "n", "because": "cuz", "tonight": "2nite", "to": "2", "for": "4",
    "please": "pls", "with": "w", "tomorrow": "tmrw", "really": "rly", "what": "wat", "the": "da",
    "temperature": "temp", "minutes": "mins", "about": "abt", "just": "jst", "have": "hv", "been": "bn",
    "know": "kno", "think": "thk", "right": "rite", "weeks": "wks", "hours": "hrs", "people": "ppl",
    "something": "smth", "don't": "dont", "can't": "cant", "he's": "hes", "she's": "shes", "isn't": "isnt",
    "won't": "wont", "doesn't": "doesnt", "i'm": "im", "it's": "its", "that's": "thats",
}  # fmt: skip
NEAR_KEY = {
    "a": "s",
    "e": "r",
    "i": "o",
    "o": "p",
    "u": "y",
    "s": "a",
    "t": "r",
    "n": "m",
    "r": "e",
    "l": "k",
    "h": "g",
}


def typo(word: str, rng: random.Random) -> str:
    """A letter swapped with its neighbour, left out, doubled or hit on the next key."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice("swap drop double near".split())
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + NEAR_KEY.get(word[i], word[i]) + word[i + 1 :]


def with_typos(count: int) -> Callable[[str, random.Random], str]:
    def retype(text: str, rng: random.Random) -> str:
        words = text.split(" ")
        long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
        for i in rng.sample(long_words, min(len(long_words), count)):
            words[i] = typo(words[i], rng)
        return " ".join(words)

    return retype


def dictated(text: str, rng: random.Random) -> str:
    """No punctuation, lower case; a decimal point or comma inside a reading stays ("38,4")."""
    return re.sub(r"(?<!\d)[.,]|[.,](?!\d)", " ", re.sub(r"[^\w\s'.,]", " ", text)).lower()


RETYPINGS: Dict[str, Callable[[str, random.Random], str]] = {
    "dictated": dictated,
    "capitals": lambda text, rng: text.upper(),
    "no-apostrophes": lambda text, rng: text.replace("'", "").replace("\u2019", ""),
    "shorthand": lambda text, rng: " ".join(SHORTHAND.get(w.lower(), w) for w in text.split()),
    "one-typo": with_typos(1),
    "three-typos": with_typos(3),
}


def retyped(case: Dict[str, Any], kind: str) -> Dict[str, Any]:
    rng = random.Random(f"{kind}:{case['id']}")
    return {**case, "retyping": kind, "messages": [RETYPINGS[kind](m, rng) for m in case["messages"]]}


def play(case: Dict[str, Any]) -> Dict[str, Any]:
    from triage.simulate import OfflineConversation

    row = vignettes.play(case, OfflineConversation().send, EMERGENCY_OPENING)
    return {"id": case["id"], "retyping": case["retyping"], "gold": case["gold"], "messages": case["messages"], **row}


def figures(rows: List[Dict[str, Any]]) -> str:
    emergencies = [r for r in rows if r["gold"] == "emergency"]
    others = [r for r in rows if r["gold"] != "emergency"]
    return (
        f"exact {sum(r['level'] == r['gold'] for r in rows)}/{len(rows)}; "
        f"emergencies first {sum(r['emergency_first_reply'] for r in emergencies)}/{len(emergencies)}; "
        f"sent to emergency {sum(r['level'] == 'emergency' for r in others)}/{len(others)}; "
        f"same-day ended routine {sum(r['gold'] == 'same_day' and r['level'] == 'routine' for r in rows)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kinds", default=",".join(RETYPINGS))
    parser.add_argument("--misses", help="write every vignette that lost its level to this JSON file")
    args = parser.parse_args()
    folder = Path("tests/vignettes")
    skipped = set(known_misses(folder))
    cases = [v for v in vignettes.load_vignettes(sorted(folder.glob("*.yml"))) if v["id"] not in skipped]
    kinds = args.kinds.split(",")
    with warmed_pool() as pool:
        rows = list(pool.map(play, [retyped(c, k) for k in kinds for c in cases], chunksize=32))
    print(f"{len(cases)} vignettes, each retyped {len(kinds)} ways")
    for kind in kinds:
        print(f"{kind:15} {figures([r for r in rows if r['retyping'] == kind])}")
    if args.misses:
        lost = [
            r for r in rows if r["level"] != r["gold"] or (r["gold"] == "emergency" and not r["emergency_first_reply"])
        ]
        Path(args.misses).write_text(json.dumps(lost, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
