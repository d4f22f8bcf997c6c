"""Stories across a corpus: articles joined by mutual likeness, compared outlet by outlet."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from spinscope.stories.index import StoryIndex
from spinscope.stories.profile import StoryProfile
from spinscope.stories.settings import DEFAULT_DAYS, DEFAULT_NEIGHBOURS, DEFAULT_THRESHOLD


@dataclass(frozen=True)
class OutletView:
    """How one outlet told a story: its articles, and the share of their body paragraphs
    flagged with each technique (paragraphs the techniques stage decided on)."""

    source: str | None
    articles: int
    paragraphs: int
    technique_rates: dict[str, float]  # highest first
    genres: dict[str, int]


@dataclass(frozen=True)
class Story:
    """Articles that tell one story, the names they share and each outlet's telling."""

    articles: list[StoryProfile]  # oldest first, undated last
    cohesion: float  # mean score of every pair of its articles
    names: list[str] = field(default_factory=list)  # given by most of its articles first
    outlets: list[OutletView] = field(default_factory=list)

    @property
    def languages(self) -> list[str]:
        return sorted({a.language for a in self.articles if a.language})

    @property
    def first(self) -> str | None:
        dated = [a.published for a in self.articles if a.published]
        return min(dated) if dated else None

    @property
    def last(self) -> str | None:
        dated = [a.published for a in self.articles if a.published]
        return max(dated) if dated else None


def _components(n: int, pairs: list[tuple[int, int, float]]) -> list[list[int]]:
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, _ in pairs:
        parent[root(i)] = root(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[root(i)].append(i)
    return list(groups.values())


def _shared_names(
    index: StoryIndex, members: list[StoryProfile], limit: int, lang: str | None
) -> list[str]:
    """Names given by at least two of the articles, by most articles then rarest; spelt as
    an article in ``lang`` writes them where one does (« Bruxelles », not « Brukseli »),
    else as the earliest article does."""
    count: Counter[str] = Counter()
    for p in members:
        count.update(p.keys.keys())
    preferred = sorted(members, key=lambda p: p.language != lang)  # stable: earliest first
    shown = {k: p.names[k] for p in reversed(preferred) for k in p.keys}
    common = [k for k, c in count.items() if c >= 2]
    common.sort(key=lambda k: (-count[k], -index.idf[k], shown[k]))
    return [shown[k] for k in common[:limit]]


def outlet_views(members: list[StoryProfile]) -> list[OutletView]:
    """Each outlet's articles in the story, most articles first."""
    by_source: dict[str | None, list[StoryProfile]] = defaultdict(list)
    for p in members:
        by_source[p.source].append(p)
    views = []
    for source, articles in by_source.items():
        paragraphs = sum(a.paragraphs for a in articles)
        flagged: Counter[str] = Counter()
        for a in articles:
            flagged.update(a.technique_paragraphs)
        rates = {t: n / paragraphs for t, n in flagged.most_common()} if paragraphs else {}
        genres = Counter(a.genre for a in articles if a.genre)
        views.append(OutletView(source, len(articles), paragraphs, rates, dict(genres)))
    views.sort(key=lambda v: (-v.articles, v.source or "\uffff"))
    return views


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat((published or "")[:10])
    except ValueError:
        return None


# The distance given to two dated articles too far apart: no average can absorb it.
_APART = 10.0


def _clusters(
    index: StoryIndex,
    component: list[int],
    threshold: float,
    dates: list[date | None],
    days: int | None,
) -> list[list[int]]:
    """A component split where its articles are not alike *on average*: average linkage
    stops merging once two groups' mean score falls under ``threshold``, so a chain (A like
    B, B like C, A not like C) is not one story; nor are two dated articles more than
    ``days`` apart, even through undated ones."""
    if len(component) < 3:
        return [component]
    rows = np.array(component)
    scores = index.scores(rows)[:, rows]
    distance = 1.0 - (scores + scores.T) / 2
    if days is not None:
        for a, i in enumerate(component):
            for b, j in enumerate(component):
                if dates[i] and dates[j] and abs((dates[i] - dates[j]).days) > days:
                    distance[a, b] = _APART
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(np.clip(distance, 0.0, None), checks=False), method="average")
    labels = fcluster(tree, t=1.0 - threshold, criterion="distance")
    return [[component[k] for k in np.flatnonzero(labels == label)] for label in set(labels)]


def _cohesion(index: StoryIndex, cluster: list[int]) -> float:
    """The mean score of every pair of the story's articles."""
    rows = np.array(cluster)
    scores = index.scores(rows)[:, rows]
    upper = np.triu_indices(len(cluster), 1)
    return float(scores[upper].mean()) if len(cluster) > 1 else 0.0


def group_stories(
    index: StoryIndex,
    threshold: float = DEFAULT_THRESHOLD,
    neighbours: int = DEFAULT_NEIGHBOURS,
    min_articles: int = 2,
    names: int = 8,
    lang: str | None = None,
    days: int | None = DEFAULT_DAYS,
    min_outlets: int = 1,
) -> list[Story]:
    """Stories of at least ``min_articles`` articles, largest first, then latest; their
    shared names spelt in ``lang`` where an article in it gives them. Two dated articles
    more than ``days`` apart are not in one story (None: no limit): the same names a
    month later are another story. ``min_outlets``: only stories told by that many outlets
    or more, the ones where outlets can be compared."""
    dates = [_day(p.published) for p in index.profiles]
    pairs = [
        (i, j, score)
        for i, j, score in index.pairs(threshold, neighbours)
        if days is None
        or dates[i] is None
        or dates[j] is None
        or abs((dates[i] - dates[j]).days) <= days
    ]
    stories = []
    for component in _components(len(index), pairs):
        for cluster in _clusters(index, component, threshold, dates, days):
            if len(cluster) < min_articles:
                continue
            if len({index.profiles[i].source for i in cluster}) < min_outlets:
                continue
            members = sorted(
                (index.profiles[i] for i in cluster),
                key=lambda p: (p.published is None, p.published or "", p.title),
            )
            stories.append(
                Story(
                    articles=members,
                    cohesion=_cohesion(index, cluster),
                    names=_shared_names(index, members, names, lang),
                    outlets=outlet_views(members),
                )
            )
    stories.sort(key=lambda s: s.last or "", reverse=True)  # latest first, undated last
    stories.sort(key=lambda s: len(s.articles), reverse=True)  # stable: size first
    return stories
