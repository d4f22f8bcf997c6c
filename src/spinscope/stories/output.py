"""Related articles and stories in the terminal, in the analyst's language."""

from __future__ import annotations

from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from spinscope.display_words import noun, word
from spinscope.report import plain, safe, taxonomy_label
from spinscope.stories.grouping import Story
from spinscope.stories.index import Related
from spinscope.stories.profile import StoryProfile

_TECHNIQUES_SHOWN = 4


def _facts(profile: StoryProfile, lang: str) -> str:
    parts = [profile.id[:8], profile.source, profile.language, (profile.published or "")[:10]]
    if profile.genre:
        parts.append(taxonomy_label(profile.genre, lang))
    return " · ".join(safe(p) for p in parts if p)


def _article(profile: StoryProfile, lang: str) -> Text:
    block = plain(profile.title or word("(untitled)", lang), style="bold")
    block.append("\n")
    block.append(_facts(profile, lang), style="cyan")
    return block


def print_related(
    me: StoryProfile,
    related: list[Related],
    console: Console | None = None,
    lang: str = "en",
    stored: bool = True,
) -> None:
    """One article's closest stored articles, with their scores and shared names."""
    console = console or Console()
    heading = Text(word("Articles alike", lang) + word(": ", lang), style="bold")
    heading.append_text(_article(me, lang))
    if not stored:
        heading.append(" · " + word("not stored", lang), style="cyan")
    console.print(heading)
    if not related:
        console.print(Text(word("none found", lang), style="dim"))
        return
    table = Table(show_edge=False, pad_edge=False, header_style="bold dim")
    table.add_column(word("score", lang), justify="right", no_wrap=True)
    table.add_column(word("article", lang), overflow="fold")
    table.add_column(word("shared names", lang), overflow="fold")
    for r in related:
        table.add_row(f"{r.score:.2f}", _article(r.profile, lang), plain(", ".join(r.shared)))
    console.print(table)


def _outlets(story: Story, lang: str) -> Table:
    table = Table(show_edge=False, pad_edge=False, header_style="bold dim")
    table.add_column(word("outlet", lang), overflow="fold")
    table.add_column(word("articles", lang), justify="right")
    table.add_column(word("paragraphs", lang), justify="right")
    table.add_column(word("top techniques", lang), overflow="fold")
    table.add_column(word("genre", lang), overflow="fold")
    for view in story.outlets:
        rates = list(view.technique_rates.items())[:_TECHNIQUES_SHOWN]
        table.add_row(
            plain(view.source or word("(none)", lang)),
            str(view.articles),
            str(view.paragraphs),
            plain("\n".join(f"{taxonomy_label(t, lang)} {rate:.0%}" for t, rate in rates)),
            plain(", ".join(f"{taxonomy_label(g, lang)} {n}" for g, n in view.genres.items())),
        )
    return table


def _story_heading(number: int, story: Story, lang: str) -> Text:
    n = len(story.articles)
    outlets = len(story.outlets)
    parts = [
        f"{word('Story', lang)} {number}",
        f"{n} {noun(n, 'article', 'articles', lang)}",
        f"{outlets} {noun(outlets, 'outlet', 'outlets', lang)}",
        ", ".join(story.languages),
    ]
    if story.first:
        span = story.first[:10]
        if story.last and story.last[:10] != span:
            span += f" → {story.last[:10]}"
        parts.append(span)
    parts.append(f"{word('cohesion', lang)} {story.cohesion:.2f}")
    return Text(" · ".join(p for p in parts if p))


def print_stories(
    stories: list[Story],
    total: int,
    articles: int,
    console: Console | None = None,
    lang: str = "en",
) -> None:
    """Stories (the first ``len(stories)`` of ``total``) with their articles and outlets."""
    console = console or Console()
    heading = (
        f"{total} {noun(total, 'story', 'stories', lang)} {word('among', lang)} "
        f"{articles} {noun(articles, 'stored article', 'stored articles', lang)}"
    )
    console.print(Text(heading, style="bold"))
    if not stories:
        console.print(Text(word("none found", lang), style="dim"))
        return
    for number, story in enumerate(stories, 1):
        console.print(Rule(_story_heading(number, story, lang), style="bright_blue", align="left"))
        if story.names:
            names = Text(word("shared names", lang) + word(": ", lang), style="dim")
            names.append(safe(", ".join(story.names)))
            console.print(names)
        for profile in story.articles:
            console.print(_article(profile, lang))
        console.print(_outlets(story, lang))
        console.print(Text(""))
