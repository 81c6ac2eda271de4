"""Suggest a petition's topic from its text, offline.

The model
    A logistic regression (scikit-learn) over a TF-IDF vector (sublinear term
    frequency) of the cleaned text's words and word pairs (``1–2``-grams). Character
    n-grams were tried as a second vector and lost about four points of accuracy in the
    grouped cross-validation (docs/topics.md) while doubling the training time.
    The text is cleaned first: folded (lower case, no diacritics), split into words,
    phone shorthand such as "ko", "đc", "UBND" spelled out with the matcher's list
    (:data:`danvan.dedup.matcher.ABBREVIATIONS`), and every number replaced by ``0``:
    amounts and plot numbers say nothing about the topic. Greetings and closings are
    left in: they are the same in every topic, so the model gives them no weight.

What it learns from
    - ``data/train.jsonl`` shipped with the code (see :mod:`danvan.topics.samples`), for
      the topics that are active;
    - each active topic's keywords: every keyword alone and all of them together, with a
      total weight of ``KEYWORD_WEIGHT`` examples per topic. A topic an administrator
      adds without examples is learnt from its keywords alone; an inactive topic has no
      examples at all, so it is never suggested.

    Training takes about a second; it happens on first use in each process and again
    whenever the active topics change (the cache key is the active topics' codes,
    keywords and last change). Everything is deterministic: same topics, same file, same
    answers.

Low confidence
    When the best probability is below ``MIN_PROBABILITY`` the text is not clearly about
    any topic: :func:`suggest_topics` then answers the ``other`` topic alone (with the
    model's probability for it) if ``other`` is active, and nothing otherwise. A text with
    no word at all (empty, punctuation only) gets no suggestion either.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from danvan.core.text import fold
from danvan.dedup.matcher import ABBREVIATIONS
from danvan.topics.defaults import OTHER
from danvan.topics.models import Topic

TRAIN_FILE = Path(__file__).resolve().parent / "data" / "train.jsonl"

# Chosen by cross-validation on the train split grouped by scenario (a fold never sees
# the wordings it is tested on), never on the eval split: see docs/topics.md.
C_VALUE = 64.0
MIN_PROBABILITY = 0.3
KEYWORD_WEIGHT = 60.0
# A suggestion is shown as the best topic and, for the curious, the next ones.
DEFAULT_LIMIT = 3

_TOKEN = re.compile(r"[^\W\d_]+|\d+")
# Words of one letter count too ("o" is "ở", "a" may be "à"): the default drops them.
_WORD = r"(?u)\b\w+\b"


def clean(text: str) -> str:
    """The text as the model sees it: folded words, shorthand spelled out, numbers as 0."""
    words: list[str] = []
    for token in _TOKEN.findall(fold(text or "")):
        if token.isdigit():
            words.append("0")
        else:
            words.extend(ABBREVIATIONS.get(token, token).split())
    return " ".join(words)


def keyword_list(keywords: str) -> list[str]:
    """Keywords as the administrator typed them: separated by commas or new lines."""
    return [k.strip() for k in re.split(r"[,;\n]", keywords or "") if k.strip()]


@dataclass(frozen=True)
class Example:
    text: str
    code: str
    weight: float = 1.0


def read_examples(path: Path = TRAIN_FILE) -> list[Example]:
    """The labelled examples of a JSONL file (``text`` and ``topic`` on each line)."""
    examples = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                examples.append(Example(row["text"], row["topic"]))
    return examples


def keyword_examples(code: str, keywords: str) -> list[Example]:
    words = keyword_list(keywords)
    if not words:
        return []
    # Half the weight on the whole list (a text full of the keywords), half shared by
    # the single keywords (a text that names one of them).
    half = KEYWORD_WEIGHT / 2
    return [
        Example(", ".join(words), code, half),
        *(Example(word, code, half / len(words)) for word in words),
    ]


class TopicModel:
    """A fitted model: ``predict`` gives, for each text, the codes' probabilities."""

    def __init__(self, examples: Sequence[Example]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        kept = [e for e in examples if clean(e.text)]
        codes = sorted({e.code for e in kept})
        if not codes:
            raise ValueError("no examples to learn from")
        self.codes: list[str] = codes
        texts = [clean(e.text) for e in kept]
        self._words = TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, 2),
            sublinear_tf=True,
            token_pattern=_WORD,
            dtype=np.float32,
        )
        matrix = self._words.fit_transform(texts)
        self._single = len(codes) == 1
        if self._single:
            return
        self._model = LogisticRegression(C=C_VALUE, max_iter=2000)
        # One thread: on a busy two-core server the native thread pools fight each other
        # and training takes three times longer than on one core (about 1 s here).
        with threadpool_limits(limits=1):
            self._model.fit(
                matrix,
                [e.code for e in kept],
                sample_weight=np.array([e.weight for e in kept], dtype=np.float64),
            )

    def predict(self, texts: Sequence[str]) -> list[dict[str, float] | None]:
        """Per text, {code: probability}; None for a text with nothing to go on."""
        cleaned = [clean(t) for t in texts]
        results: list[dict[str, float] | None] = [None] * len(texts)
        rows = [i for i, text in enumerate(cleaned) if text]
        if not rows:
            return results
        if self._single:
            for i in rows:
                results[i] = {self.codes[0]: 1.0}
            return results
        subset = [cleaned[i] for i in rows]
        probabilities = self._model.predict_proba(self._words.transform(subset))
        classes = [str(c) for c in self._model.classes_]
        for i, row in zip(rows, probabilities, strict=True):
            results[i] = {code: float(p) for code, p in zip(classes, row, strict=True)}
        return results


@dataclass(frozen=True)
class Prediction:
    """What the model says about one text."""

    code: str | None  # the suggested topic after the low-confidence rule; None: nothing
    probability: float  # the suggested topic's probability
    confident: bool  # False when the low-confidence rule applied
    ranked: tuple[tuple[str, float], ...]  # every active topic, best first


def decide(probabilities: dict[str, float] | None, *, other_active: bool) -> Prediction:
    """Apply the low-confidence rule to one text's probabilities."""
    if not probabilities:
        return Prediction(None, 0.0, False, ())
    # Ties (rare) go to the code first in alphabetical order: deterministic.
    ranked = tuple(sorted(probabilities.items(), key=lambda item: (-item[1], item[0])))
    best, p_best = ranked[0]
    if p_best >= MIN_PROBABILITY:
        return Prediction(best, p_best, True, ranked)
    if other_active:
        return Prediction(OTHER, probabilities.get(OTHER, 0.0), False, ranked)
    return Prediction(None, 0.0, False, ranked)


# ---------------------------------------------------------------------------------------
# The model of this process, rebuilt when the active topics change.

_lock = threading.Lock()
_cache: dict[str, Any] = {"key": None, "model": None}


def _active_topics() -> list[Topic]:
    return list(Topic.objects.filter(is_active=True).order_by("code"))


def _key(topics: Iterable[Topic]) -> tuple[Any, ...]:
    return tuple((t.pk, t.code, t.keywords, t.updated_at) for t in topics)


def build_model(topics: Sequence[Topic], *, train_file: Path = TRAIN_FILE) -> TopicModel | None:
    """A model for ``topics`` from the training file and their keywords."""
    active = {t.code for t in topics}
    examples = [e for e in read_examples(train_file) if e.code in active]
    for topic in topics:
        examples.extend(keyword_examples(topic.code, topic.keywords))
    if not examples:
        return None
    try:
        return TopicModel(examples)
    except ValueError:
        return None


def current_model(topics: Sequence[Topic] | None = None) -> TopicModel | None:
    """The model for the active topics, trained once per change of the topic list."""
    topics = _active_topics() if topics is None else topics
    key = _key(topics)
    with _lock:
        if _cache["key"] != key:
            _cache["model"] = build_model(topics)
            _cache["key"] = key
        model: TopicModel | None = _cache["model"]
        return model


def clear_cache() -> None:
    with _lock:
        _cache.update(key=None, model=None)


def predict(texts: Sequence[str]) -> list[Prediction]:
    """Predictions for many texts at once (the evaluation, the demo data)."""
    topics = _active_topics()
    model = current_model(topics)
    if model is None:
        return [Prediction(None, 0.0, False, ()) for _ in texts]
    other_active = any(t.code == OTHER for t in topics)
    return [decide(p, other_active=other_active) for p in model.predict(texts)]


@dataclass(frozen=True)
class Suggestion:
    topics: list[tuple[Topic, float]]  # best first
    confident: bool  # False: the low-confidence rule gave ``other`` (or nothing)


def suggest(text: str, *, limit: int = DEFAULT_LIMIT) -> Suggestion:
    """Active topics for ``text`` with their probabilities, and whether to trust them."""
    topics = _active_topics()
    model = current_model(topics)
    if model is None:
        return Suggestion([], False)
    by_code = {t.code: t for t in topics}
    [probabilities] = model.predict([text])
    prediction = decide(probabilities, other_active=OTHER in by_code)
    if prediction.code is None:
        return Suggestion([], False)
    if not prediction.confident:
        return Suggestion([(by_code[prediction.code], prediction.probability)], False)
    ranked = [(by_code[code], p) for code, p in prediction.ranked[:limit] if code in by_code]
    return Suggestion(ranked, True)


def suggest_topics(text: str, *, limit: int = DEFAULT_LIMIT) -> list[tuple[Topic, float]]:
    """Active topics for ``text`` with their probabilities, best first.

    Low confidence gives ``[(other, p)]`` (or ``[]`` without an active ``other``);
    see the module's docstring.
    """
    return suggest(text, limit=limit).topics


def petition_text(petition: Any) -> str:
    """What the classifier reads of a petition: its subject and content."""
    return f"{petition.subject}. {petition.content}"
