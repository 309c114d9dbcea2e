"""Prints per-intent and per-topic precision / recall from `rasa test nlu --cross-validation` reports."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def table(path: Path, title: str) -> None:
    report = json.loads(path.read_text())
    print(f"\n{title}\n{'label':34} {'precision':>9} {'recall':>7} {'f1':>6} {'n':>4}")
    for label, row in sorted(report.items()):
        if isinstance(row, dict) and "precision" in row and label not in ("micro avg", "macro avg", "weighted avg"):
            print(f"{label:34} {row['precision']:9.2f} {row['recall']:7.2f} {row['f1-score']:6.2f} {row['support']:4}")
    for avg in ("macro avg", "weighted avg"):
        if avg in report:
            row = report[avg]
            print(f"{avg:34} {row['precision']:9.2f} {row['recall']:7.2f} {row['f1-score']:6.2f} {row['support']:4}")


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "results" / "nlu"
    table(out / "intent_report.json", "Intents (cross-validation)")
    table(out / "response_selection_report.json", "Routine question topics, faq/<topic> (cross-validation)")
