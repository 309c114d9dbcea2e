"""Cross-validated precision and recall per screening topic of the second opinion (triage/second_opinion.py),
and its cost per message. Prints a table; `make second-opinion` runs it."""

import time

import numpy as np
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import KFold

from triage import second_opinion
from triage.normalize import normalize
from triage.protocol import load_protocol

FOLDS = 5


def cross_validated(examples):
    topics = [q.id for q in load_protocol().screening]
    truth = np.array([[t in labels for t in topics] for _, labels in examples], dtype=int)
    predicted = np.zeros_like(truth)
    for train_index, test_index in KFold(FOLDS, shuffle=True, random_state=second_opinion.SEED).split(examples):
        classifier, _ = second_opinion.train([examples[i] for i in train_index])
        scores = classifier.predict_proba([normalize(examples[i][0]) for i in test_index])
        predicted[test_index] = scores >= second_opinion.THRESHOLD
    return topics, truth, predicted


def main() -> None:
    examples = second_opinion.training_examples()
    topics, truth, predicted = cross_validated(examples)
    precision, recall, _, support = precision_recall_fscore_support(truth, predicted, zero_division=0)
    print(
        f"second opinion, {FOLDS}-fold cross-validation over {len(examples)} examples "
        f"(vignettes, family phrasings, lexicon sentences)"
    )
    print(f"{'topic':<12}{'precision':>10}{'recall':>8}{'n':>6}  {'asks':>4}")
    red_flags = second_opinion.red_flag_topics()
    for i, topic in enumerate(topics):
        asks = "yes" if topic in red_flags else ""
        print(f"{topic:<12}{precision[i]:>10.2f}{recall[i]:>8.2f}{support[i]:>6}  {asks:>4}")
    second_opinion.save_trained()
    message = "her eyes stay shut when I call her and she just moans"
    second_opinion.suspects(message)
    start = time.perf_counter()
    for _ in range(200):
        second_opinion.suspects(message)
    print(f"cost per message: {(time.perf_counter() - start) / 200 * 1000:.2f} ms")


if __name__ == "__main__":
    main()
