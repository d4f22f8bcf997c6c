"""Which words carry a technique: a token tagger learnt from the span annotations.

Paragraph vectors say *that* a paragraph uses loaded language; analysts need
*where*. SemEval's span files mark the phrases, so a linear model over hashed
lexical features (the word, its affixes, its neighbours, the language) scores
every token for every technique. Its weights are a small int8 matrix, so it
loads in milliseconds, runs anywhere, and needs no deep-learning runtime. A
second tagger with the same features, trained on every paragraph's tokens
rather than only those of paragraphs known to carry the technique, is one of
the paragraph score sources (a paragraph whose strongest token looks like name
calling probably uses name calling).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse

from spinscope.persuasion.heads import dequantise, quantise

TOKEN = re.compile(r"\w+(?:['’-]\w+)*|[^\w\s]", re.UNICODE)
N_FEATURES = 2**18


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Words and punctuation with offsets shifted by ``offset``."""
    return [Token(m.group(), offset + m.start(), offset + m.end()) for m in TOKEN.finditer(text)]


def _shape(word: str) -> str:
    shape = "X" if word[:1].isupper() else "x"
    if word.isupper() and len(word) > 1:
        shape += "U"
    if word.isdigit():
        shape += "d"
    return shape


def token_feature_names(tokens: Sequence[Token], language: str, i: int) -> list[str]:
    """Feature strings of token ``i``: the word, affixes, two words each side, language."""
    low = tokens[i].text.lower()

    def word(j: int) -> str:
        if j < 0:
            return "<s>"
        if j >= len(tokens):
            return "</s>"
        return tokens[j].text.lower()

    prev, nxt = word(i - 1), word(i + 1)
    return [
        f"w={low}",
        f"s3={low[-3:]}",
        f"s4={low[-4:]}",
        f"p3={low[:3]}",
        f"p4={low[:4]}",
        f"pw={prev}",
        f"nw={nxt}",
        f"p2={word(i - 2)}",
        f"n2={word(i + 2)}",
        f"pw_w={prev}_{low}",
        f"w_nw={low}_{nxt}",
        f"L={language}",
        f"Lw={language}_{low}",
        f"shape={_shape(tokens[i].text)}",
        f"len={min(len(low), 12)}",
    ]


def _hash(name: str) -> int:
    return zlib.crc32(name.encode("utf-8")) % N_FEATURES


def token_matrix(tokens: Sequence[Token], language: str) -> sparse.csr_matrix:
    """Binary hashed feature matrix, one row per token."""
    indices: list[int] = []
    indptr = [0]
    for i in range(len(tokens)):
        cols = sorted({_hash(n) for n in token_feature_names(tokens, language, i)})
        indices.extend(cols)
        indptr.append(len(indices))
    data = np.ones(len(indices), np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(tokens), N_FEATURES))


class TokenTagger:
    """Per-technique logistic token scorer; weights stored as int8 with a scale."""

    def __init__(self, labels: Sequence[str], weights: np.ndarray, bias: np.ndarray) -> None:
        self.labels = tuple(labels)
        self.weights = weights.astype(np.float32)  # (N_FEATURES, n_labels)
        self.bias = bias.astype(np.float32)

    @classmethod
    def fit(
        cls,
        matrix: sparse.csr_matrix,
        targets: np.ndarray,
        labels: Sequence[str],
        row_masks: np.ndarray | None = None,
        alpha: float | Sequence[float] = 1e-6,
        epochs: int = 6,
        seed: int = 0,
    ) -> TokenTagger:
        """One SGD logistic model per label on hashed token features.

        ``row_masks[:, j]`` restricts label ``j`` to some tokens: the tagger is
        asked *where* a technique sits in a paragraph known to use it, so it
        learns from the tokens of such paragraphs only (and trains faster).
        ``alpha`` (L2 strength) may be one per label: how much a technique's
        phrases can lean on rare words differs, and training chooses it per
        technique by out-of-fold span F1.
        """
        from sklearn.linear_model import SGDClassifier

        alphas = [alpha] * len(labels) if isinstance(alpha, float | int) else list(alpha)
        if len(alphas) != len(labels):
            raise ValueError(f"{len(alphas)} alphas for {len(labels)} labels")
        weights = np.zeros((N_FEATURES, len(labels)), np.float32)
        bias = np.full(len(labels), -10.0, np.float32)
        for j in range(len(labels)):
            rows = np.flatnonzero(row_masks[:, j]) if row_masks is not None else None
            x = matrix[rows] if rows is not None else matrix
            y = targets[rows, j] if rows is not None else targets[:, j]
            if y.sum() < 5 or y.sum() == len(y):
                continue
            model = SGDClassifier(
                loss="log_loss", alpha=alphas[j], max_iter=epochs, tol=None, random_state=seed
            )
            model.fit(x, y)
            weights[:, j] = model.coef_[0]
            bias[j] = model.intercept_[0]
        return cls(labels, weights, bias)

    def scores(self, matrix: sparse.csr_matrix) -> np.ndarray:
        """Probability of each token (row) belonging to each label (column)."""
        logits = matrix @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))

    def save(self, path: Path) -> None:
        quantised, scale = quantise(self.weights)
        np.savez_compressed(
            path, labels=np.array(self.labels), weights=quantised, scale=scale, bias=self.bias
        )

    @classmethod
    def load(cls, path: Path) -> TokenTagger:
        data = np.load(path)
        weights = dequantise(data["weights"], data["scale"])
        return cls([str(x) for x in data["labels"]], weights, data["bias"])


# Prepositions spaCy's stop-word lists lack; a grown phrase ended on them (« mené toute
# honte bue contre »). Out of fold the phrase-unit span F1 moved 0.4790 → 0.4791 with them
# (2026-12-05), so they change what reads, not what scores.
MORE_FUNCTION_WORDS = frozenset(
    {"contre", "auprès", "despite", "trotz", "presso", "против", "przeciw", "przeciwko", "wobec"}
)


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Stop words of the six training languages (spaCy's lists, shipped offline, and
    ``MORE_FUNCTION_WORDS``).

    A highlighted phrase should name the loaded word, not the article before it.
    """
    import importlib

    words: set[str] = set(MORE_FUNCTION_WORDS)
    for lang in ("en", "fr", "de", "it", "pl", "ru"):
        words |= importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS
    return frozenset(w.lower() for w in words)


# The tokenizer keeps an elided function word with the next word (« d'une », « qu'est »,
# Italian « dell'anno »): the part after the apostrophe decides whether it is one.
ELISION = re.compile(r"^\w{1,5}['’](?=\w)")


def _is_content(token: Token, elision: bool = True) -> bool:
    low = token.text.lower()
    if not token.text[0].isalnum() or low in function_words():
        return False
    if elision:
        glued = ELISION.match(low)
        if glued and low[glued.end() :] in function_words():
            return False
    return True


def word_passes(tokens: Sequence[Token], scores: np.ndarray, threshold: float) -> bool:
    """Whether a content word reaches ``threshold``: where none does, ``phrase_spans``
    and ``phrases_or_sentence`` point at their best guess rather than at a phrase they
    found, and the report says so."""
    return any(_is_content(t) and s >= threshold for t, s in zip(tokens, scores, strict=True))


def phrase_spans(
    tokens: Sequence[Token],
    scores: np.ndarray,
    threshold: float,
    max_gap: int = 1,
    elision: bool = True,
    relative: float = 0.0,
    grow: float = 0.0,
    fallback: bool = True,
) -> list[tuple[int, int, float]]:
    """Group tokens scoring over ``threshold`` into (start, end, score) phrases.

    Only content words (not punctuation, not stop words, not an elided stop word
    unless ``elision`` is off) can anchor a phrase; with ``relative`` a token must also
    reach that share of the paragraph's strongest content token. Tokens separated by at
    most ``max_gap`` others join one phrase, and phrases never start or end on a stop
    word or punctuation. When nothing passes, the best content word and its strong
    neighbours form the phrase, so every flagged paragraph points somewhere (unless
    ``fallback`` is off: then nothing is returned). Words on
    either side of a comma, colon, full stop or bracket stay apart. With
    ``grow``, a phrase also takes in the content words beside it that reach ``grow``
    times the threshold, so an expression shows whole (« stratèges de pacotille », not
    « pacotille ») when its other words score nearly as high.
    """
    content = np.array([_is_content(t, elision) for t in tokens], bool)
    if not content.any():
        return []
    floor = max(threshold, relative * float(scores[content].max()))
    hot = np.flatnonzero((scores >= floor) & content)
    if len(hot) == 0 and not fallback:
        return []
    if len(hot) == 0:
        best = int(np.where(content, scores, -1.0).argmax())
        lo = hi = best
        floor = scores[best] * 0.5
        while lo > 0 and scores[lo - 1] >= floor:
            lo -= 1
        while hi + 1 < len(tokens) and scores[hi + 1] >= floor:
            hi += 1
        hot = np.arange(lo, hi + 1)
    if grow:
        hot = _grown(tokens, scores, content, hot, grow * floor, max_gap)
    groups: list[list[int]] = [[int(hot[0])]]
    for i in hot[1:]:
        last = groups[-1][-1]
        between = (tokens[k].text for k in range(last + 1, i))
        if i - last <= max_gap + 1 and not any(t in CLAUSE_PUNCTUATION for t in between):
            groups[-1].append(int(i))
        else:
            groups.append([int(i)])
    spans = []
    for g in groups:
        lo, hi = g[0], g[-1]
        while lo < hi and not content[lo]:
            lo += 1
        while hi > lo and not content[hi]:
            hi -= 1
        lo, hi = _quotes_closed(tokens, lo, hi)
        spans.append((tokens[lo].start, tokens[hi].end, float(scores[lo : hi + 1].max())))
    return spans


def phrases_or_sentence(
    tokens: Sequence[Token],
    scores: np.ndarray,
    threshold: float,
    sentences: Sequence[tuple[int, int]],
    grow: float = 0.0,
) -> list[tuple[int, int, float]]:
    """The phrases over ``threshold``; where no word passes it, the sentence holding the
    best content word rather than that word alone.

    A word under the threshold is a weak pointer: for loaded language and repetition,
    out of fold, its sentence overlaps the annotated span more often than the word and
    its neighbours do (`benchmarks/results/phrase_growth.md`), and an analyst reads a
    whole sentence as "somewhere here", not as the expression itself.
    """
    found = phrase_spans(tokens, scores, threshold, grow=grow, fallback=False)
    if found:
        return found
    return sentence_of_best_word(tokens, scores, sentences) or phrase_spans(
        tokens, scores, threshold, grow=grow
    )


def sentence_of_best_word(
    tokens: Sequence[Token], scores: np.ndarray, sentences: Sequence[tuple[int, int]]
) -> list[tuple[int, int, float]]:
    """The sentence holding the best content word, with that word's score; none when no
    word is a content word or no sentence holds it (a paragraph the splitter left whole)."""
    content = np.array([_is_content(t) for t in tokens], bool)
    if not content.any():
        return []
    best = tokens[int(np.where(content, scores, -1.0).argmax())]
    strength = float(scores[content].max())
    for start, end in sentences:
        if start <= best.start < end:
            return [(start, end, strength)]
    return []


# Punctuation that ends a phrase: « hôpitaux à l'agonie, insécurité galopante » reads as two
# phrases. Out of fold the phrase-unit span F1 stayed at 0.4790-0.4791 with the cut
# (2026-12-05), so it changes what reads, not what scores.
CLAUSE_PUNCTUATION = frozenset(",;:.!?()[]")


def _grown(
    tokens: Sequence[Token],
    scores: np.ndarray,
    content: np.ndarray,
    hot: np.ndarray,
    floor: float,
    max_gap: int,
) -> np.ndarray:
    """``hot`` widened, step by step, over content words within ``max_gap`` tokens of
    it that score at least ``floor``; punctuation stops the growth, so a phrase never
    runs across a clause."""
    taken = set(int(i) for i in hot)
    frontier = list(taken)
    while frontier:
        i = frontier.pop()
        for step in (-1, 1):
            for d in range(1, max_gap + 2):
                j = i + step * d
                if not 0 <= j < len(tokens) or not tokens[j].text[0].isalnum():
                    break
                if content[j]:
                    if scores[j] >= floor and j not in taken:
                        taken.add(j)
                        frontier.append(j)
                    break
    return np.array(sorted(taken), int)


_PAIRED_QUOTES = (("«", "»"), ("“", "”"))


def _quotes_closed(tokens: Sequence[Token], lo: int, hi: int) -> tuple[int, int]:
    """Widen tokens lo..hi by the quotation mark they open or close next to them, so that
    a phrase reads « missiles "meurtrière" », not « missiles "meurtrière »."""
    inside = [t.text for t in tokens[lo : hi + 1]]
    after = tokens[hi + 1].text if hi + 1 < len(tokens) else ""
    before = tokens[lo - 1].text if lo > 0 else ""
    if inside.count('"') % 2:
        if after == '"':
            hi += 1
        elif before == '"':
            lo -= 1
    for opening, closing in _PAIRED_QUOTES:
        opened = inside.count(opening) - inside.count(closing)
        if opened > 0 and after == closing:
            hi += 1
        elif opened < 0 and before == opening:
            lo -= 1
    return lo, hi
