"""A second opinion that only asks: a text classifier that suspects a screening topic the rules did not find.

One label per screening topic (protocol.yml `screening`), from character and word n-grams (scikit-learn,
seeded). Trained by `make train` on every vignette, every simulated family's phrasings of a sign and
sentences generated from lexicon.yml. When it suspects a red-flag topic (questions 1-4, each an
emergency on its own) in a message whose words the rules read as no warning sign, the policy asks that
topic's screening question first. It never gives a level, never lowers one, and when its model file is
missing the policy goes on without it.
"""

import hashlib
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple

from triage.kept import keep, kept_path
from triage.lexicon import ABSENT_SUFFIX, LEXICON_PATH
from triage.lexicon_phrases import sign_phrases
from triage.protocol import PROTOCOL_PATH, Protocol, load_protocol
from triage.strict_yaml import load_yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "tests" / "vignettes", ROOT / "tests" / "personas")
THRESHOLD = 0.5
SEED = 7
Example = Tuple[str, Tuple[str, ...]]  # a text and its topics (none: no warning sign)


def red_flag_topics(protocol: Optional[Protocol] = None) -> Tuple[str, ...]:
    return (protocol or load_protocol()).grouped.members


def _topic_of_sign(protocol: Protocol) -> Dict[str, str]:
    return {sign: question.id for question in protocol.screening for sign in question.signs}


def _rule_topics(rule_id: str, protocol: Protocol) -> Tuple[str, ...]:
    rule = next((r for r in protocol.rules if r.id == rule_id), None)
    topic_of = _topic_of_sign(protocol)
    signs = protocol.signs_in(rule.when) if rule else []
    return tuple(sorted({topic_of[s] for s in signs if s in topic_of}))


def _vignette_examples(data: Dict[str, Any], protocol: Protocol) -> Iterator[Example]:
    for vignette in data.get("vignettes", []):
        topics = _rule_topics(vignette.get("rule", ""), protocol) if vignette["gold"] != "routine" else ()
        yield " ".join(vignette["messages"]), topics


def _persona_examples(data: Dict[str, Any], protocol: Protocol) -> Iterator[Example]:
    topics = {q.id for q in protocol.screening}
    for persona in data.get("personas", []):
        for topic, texts in (persona.get("signs") or {}).items():
            yield from ((text, (topic,)) for text in texts if topic in topics)
        for text in (persona.get("neg") or {}).values():
            yield text, ()
        for key in ("volunteer", "quick", "complaint"):
            said = persona.get(key) or {}
            if said.get("text"):
                yield said["text"], tuple(sorted(set(said.get("reveals") or []) & topics))


def _lexicon_examples(protocol: Protocol) -> Iterator[Example]:
    topic_of = _topic_of_sign(protocol)
    for label, phrase in sign_phrases(per_pattern=5, seed=SEED):
        sign = label.removesuffix(ABSENT_SUFFIX)
        present = not label.endswith(ABSENT_SUFFIX)
        yield phrase, ((topic_of[sign],) if present and sign in topic_of else ())


def training_examples(protocol: Optional[Protocol] = None) -> List[Example]:
    protocol = protocol or load_protocol()
    examples = list(_lexicon_examples(protocol))
    for path in _source_files():
        data = load_yaml(path)
        examples += list(_vignette_examples(data, protocol)) + list(_persona_examples(data, protocol))
    return examples


def _source_files() -> List[Path]:
    return sorted(p for folder in SOURCES for p in folder.glob("*.yml") if p.name != "known_misses.yml")


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for path in [LEXICON_PATH, PROTOCOL_PATH, Path(__file__)] + _source_files():
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    return kept_path("second-opinion", _fingerprint())


def build_classifier() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import FeatureUnion, make_pipeline

    features = FeatureUnion(
        [
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)),
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)),
        ]
    )
    model = LogisticRegression(C=8.0, class_weight="balanced", max_iter=2000, random_state=SEED)
    return make_pipeline(features, OneVsRestClassifier(model))


def train(examples: Optional[List[Example]] = None) -> Tuple[Any, Tuple[str, ...]]:
    """(classifier, topic names) fitted on `examples` (all of them by default)."""
    from sklearn.preprocessing import MultiLabelBinarizer

    from triage.normalize import normalize

    examples = examples if examples is not None else training_examples()
    labels = MultiLabelBinarizer(classes=[q.id for q in load_protocol().screening])
    targets = labels.fit_transform([topics for _, topics in examples])
    classifier = build_classifier().fit([normalize(text) for text, _ in examples], targets)
    return classifier, tuple(labels.classes_)


def save_trained() -> Path:
    """Trains and writes the model unless one for the same inputs exists; returns its path."""
    fingerprint = _fingerprint()
    path = kept_path("second-opinion", fingerprint)
    return path if path.exists() else keep("second-opinion", fingerprint, pickle.dumps(train()))


@lru_cache(maxsize=1)
def _loaded() -> Any:
    """The trained model for today's inputs, or None (then there is no second opinion)."""
    path = model_path()
    return pickle.loads(path.read_bytes()) if path.exists() else None  # noqa: S301 - our own file


def suspects(text: str) -> Tuple[str, ...]:
    """The screening topics the classifier suspects in this message, most likely first."""
    from triage.normalize import normalize

    loaded = _loaded()
    if loaded is None or not text.strip():
        return ()
    classifier, topics = loaded
    scores = classifier.predict_proba([normalize(text[:2000])])[0]
    ranked = sorted(zip(scores, topics, strict=True), reverse=True)
    return tuple(topic for score, topic in ranked if score >= THRESHOLD)


def suspected_red_flag(text: str, known: Iterable[str], protocol: Optional[Protocol] = None) -> Optional[str]:
    """The first red-flag topic suspected whose question is not answered and whose signs are unknown."""
    protocol = protocol or load_protocol()
    known = set(known)
    for topic in suspects(text):
        question = protocol.question(topic)
        if topic in red_flag_topics(protocol) and topic not in known and not known & set(question.signs):
            return topic
    return None
