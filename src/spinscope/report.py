"""A readable terminal report of one analysis, built with rich.

The analyst reads the article as written, paragraph by paragraph, with every
technique phrase highlighted in its category's colour (and underlined, so it
still shows without colour), the paragraph's technique chips under it, and the
extracted entities, places, dates, quotes and claims after the text.

Article text is hostile: it is only ever put into ``rich.text.Text`` objects
(never parsed as markup, so ``[bold]`` prints literally) after control
characters are replaced by visible symbols, so an ANSI escape in an article
cannot drive the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from spinscope.article import (
    Analysis,
    LabelScore,
    Mention,
    Paragraph,
    TechniqueFinding,
    TitleTechniqueFinding,
)
from spinscope.display_words import noun, word
from spinscope.extract.text import name_key
from spinscope.persuasion.genre_caveat import short_for_genre

# a technique found in the body or in a title kept apart from it
Finding = TechniqueFinding | TitleTechniqueFinding

# Category id → (colour, symbol), the same as the web workbench: the Okabe-Ito
# palette (readable with colour-blindness) plus a symbol so a category never
# depends on colour alone. Unknown categories are grey.
CATEGORY_STYLES = {
    "attack_on_reputation": ("#D55E00", "▲"),
    "justification": ("#0072B2", "●"),
    "simplification": ("#E69F00", "■"),
    "distraction": ("#CC79A7", "◆"),
    "call": ("#009E73", "★"),
    "manipulative_wording": ("#C9B800", "▼"),
}
_FALLBACK_COLOUR = "bright_black"

# C0 controls (but tab and newline) → their visible "control picture"; DEL and
# C1 controls → U+FFFD. One character each, so offsets stay valid.
_CONTROLS = {i: chr(0x2400 + i) for i in range(32) if i not in (9, 10)}
_CONTROLS[0x7F] = "\u2421"
_CONTROLS.update({i: "\ufffd" for i in range(0x80, 0xA0)})


def safe(text: str | None) -> str:
    """``text`` with terminal control characters made visible and harmless."""
    return (text or "").translate(_CONTROLS)


def plain(text: str | None, style: str = "") -> Text:
    """Untrusted text as a renderable that is never interpreted as markup."""
    return Text(safe(text), style=style)


def colour_of(category: str | None) -> str:
    return CATEGORY_STYLES.get(category or "", (_FALLBACK_COLOUR, ""))[0]


def symbol_of(category: str | None) -> str:
    return CATEGORY_STYLES.get(category or "", ("", "•"))[1]


# ------------------------------------------------------------------ taxonomy


def _taxonomy():
    try:
        from spinscope.persuasion import taxonomy
    except ImportError:  # persuasion package absent: show raw names
        return None
    return taxonomy


def _explain_language(analysis: Analysis, lang: str | None) -> str:
    if lang:
        return lang
    return "fr" if (analysis.article.language or "").startswith("fr") else "en"


def taxonomy_label(name: str, lang: str) -> str:
    """A technique, category, genre or frame code as ``lang`` names it (else the code)."""
    taxonomy = _taxonomy()
    try:
        return taxonomy.label(name, lang) if taxonomy else name
    except KeyError:
        return name


def _category_of(technique: str, findings: Iterable[Finding]) -> str | None:
    for f in findings:
        if f.technique == technique and f.category:
            return f.category
    taxonomy = _taxonomy()
    try:
        return taxonomy.category_of(technique) if taxonomy else None
    except KeyError:
        return None


def _definition(technique: str, findings: Iterable[Finding], lang: str) -> str:
    taxonomy = _taxonomy()
    if taxonomy is not None:
        try:
            return taxonomy.describe(technique, lang)
        except KeyError:
            pass
    for f in findings:
        if f.technique == technique and f.definition:
            return f"{technique}: {f.definition}"
    return technique


# -------------------------------------------------------------------- header


def _score(value: float | None) -> str:
    return "" if value is None else f" {value:.2f}"


def _genre(chosen: LabelScore, scores: Iterable[LabelScore], lang: str) -> str:
    """The chosen genre, then the others' probabilities: a close call should look close."""
    text = f"{taxonomy_label(chosen.label, lang)}{_score(chosen.score)}"
    others = [
        f"{taxonomy_label(g.label, lang)}{_score(g.score)}"
        for g in scores
        if g.label != chosen.label
    ]
    return f"{text} ({', '.join(others)})" if others else text


def paragraph_genres(analysis: Analysis, lang: str) -> Text | None:
    """Which paragraphs read as which genre on their own, the article's genre first: where
    its genre comes from (« Information », though ¶5 reads as opinion)."""
    if not analysis.paragraph_genres:
        return None
    chosen = analysis.genre.label if analysis.genre else None
    order = sorted({p.genre for p in analysis.paragraph_genres}, key=lambda g: (g != chosen, g))
    line = Text(f"{word('by paragraph', lang)} ", style="dim")
    for i, genre in enumerate(order):
        if i:
            line.append("  ·  ", style="dim")
        numbers = [f"¶{p.paragraph + 1}" for p in analysis.paragraph_genres if p.genre == genre]
        line.append(f"{taxonomy_label(genre, lang)} {' '.join(numbers)}")
    return line


def header(analysis: Analysis, lang: str) -> RenderableType:
    art = analysis.article
    facts = Text()
    pairs = [
        ("outlet", art.source),
        ("date", art.published),
        ("language", art.language),
        ("author", art.author),
    ]
    if analysis.genre:
        genre = _genre(analysis.genre, analysis.genre_scores, lang)
        if analysis.genre_centre_articles:
            centre = word("read against {n} stored articles in its language", lang)
            genre += f"; {centre.format(n=analysis.genre_centre_articles)}"
        if short_for_genre(art):
            genre += f"; {word('short text: genre uncertain', lang)}"
        pairs.append(("genre", genre))
    for name, value in pairs:
        if value:
            if facts:
                facts.append("  ·  ", style="dim")
            facts.append(f"{word(name, lang)} ", style="dim")
            facts.append(safe(value))
    lines: list[RenderableType] = [facts] if facts else []
    by_paragraph = paragraph_genres(analysis, lang)
    if by_paragraph is not None:
        lines.append(by_paragraph)
    if analysis.frames:
        frames = Text(f"{word('frames', lang)} ", style="dim")
        for i, frame in enumerate(sorted(analysis.frames, key=lambda f: -f.score)):
            if i:
                frames.append(", ")
            frames.append(f"{taxonomy_label(frame.label, lang)}{_score(frame.score)}")
        lines.append(frames)
    if art.url:
        lines.append(Text.assemble((f"{word('url', lang)} ", "dim"), safe(art.url)))
    if art.origin:
        lines.append(Text.assemble((f"{word('read from', lang)} ", "dim"), safe(art.origin)))
    counts = Text(style="dim")
    counts.append(f"id {art.id}  ·  {len(art.paragraphs)} {word('paragraphs', lang)}")
    if analysis.stages:
        counts.append(f"  ·  {word('stages', lang)} {', '.join(analysis.stages)}")
    lines.append(counts)
    title = plain(art.title or word("(untitled)", lang), style="bold")
    return Panel(Group(title, *lines), border_style="bright_blue", padding=(0, 1))


def separated(analysis: Analysis, lang: str = "en") -> RenderableType | None:
    """Captions, links and boilerplate the reader kept out of the body."""
    if not analysis.article.separated:
        return None
    table = Table.grid(padding=(0, 1))
    table.add_column(style="dim", no_wrap=True)
    table.add_column()
    for item in analysis.article.separated:
        table.add_row(word(item.kind, lang), plain(item.text))
    return Group(Rule(Text(word("Set apart from the body", lang)), style="dim"), table)


# ----------------------------------------------------------------- paragraphs


def highlighted(analysis: Analysis, paragraph: Paragraph) -> Text:
    """The paragraph's text with technique phrases styled by category."""
    art = analysis.article
    text = Text(safe(art.body[paragraph.start : paragraph.end]))
    if paragraph.kind == "subheading":
        text.stylize("bold")
    for f in sorted(analysis.techniques, key=lambda f: (f.start, -f.end)):
        start = max(f.start, paragraph.start) - paragraph.start
        end = min(f.end, paragraph.end) - paragraph.start
        if f.paragraph == paragraph.index and end > start:
            # a best guess is underlined, not set in bold like a phrase the model found
            weight = "" if f.approximate else "bold "
            text.stylize(f"{weight}underline {colour_of(f.category)}", start, end)
    return text


def _paragraph_labels(analysis: Analysis, index: int) -> list[LabelScore]:
    """Paragraph decisions when the stage made them, else the best phrase score."""
    for decision in analysis.paragraph_techniques:
        if decision.paragraph == index and decision.labels:
            return sorted(decision.labels, key=lambda label: -label.score)
    best: dict[str, float] = {}
    for f in analysis.techniques:
        if f.paragraph == index:
            best[f.technique] = max(best.get(f.technique, 0.0), f.score or 0.0)
    return [LabelScore(label=k, score=v) for k, v in sorted(best.items(), key=lambda kv: -kv[1])]


class Chips:
    """A row of technique chips that wraps between chips, never inside one."""

    def __init__(self, chips: list[Text]) -> None:
        self.chips = chips

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        line = Text()
        for chip in self.chips:
            if line and line.cell_len + 1 + chip.cell_len > options.max_width:
                yield line
                line = Text()
            if line:
                line.append(" ")
            line.append_text(chip)
        if line:
            yield line


def chips(analysis: Analysis, index: int, lang: str) -> Chips | None:
    """The paragraph's techniques, named in ``lang`` like the genre, frames and web workbench."""
    return _chips(_paragraph_labels(analysis, index), analysis.techniques, lang)


def _chips(labels: list[LabelScore], findings: Sequence[Finding], lang: str) -> Chips | None:
    if not labels:
        return None
    return Chips(
        [
            Text(
                f" {symbol_of(category)} {safe(name)}{_score(label.score)} ",
                style=f"reverse {colour_of(category)}",
            )
            for label in labels
            for category in [_category_of(label.label, findings)]
            for name in [taxonomy_label(label.label, lang)]
        ]
    )


def explanations(analysis: Analysis, index: int, lang: str) -> RenderableType | None:
    """Each technique of the paragraph with its definition and flagged phrases."""
    found = [f for f in analysis.techniques if f.paragraph == index]
    return _explanations(_paragraph_labels(analysis, index), found, lang)


def _explanations(
    labels: list[LabelScore], findings: Sequence[Finding], lang: str
) -> RenderableType | None:
    if not labels:
        return None
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column()
    for label in labels:
        # the clearest phrase first: analysts read the head of the list
        found = sorted(
            (f for f in findings if f.technique == label.label),
            key=lambda f: (-(f.phrase_score or 0.0), f.start),
        )
        category = _category_of(label.label, findings)
        body = Text(safe(_definition(label.label, findings, lang)))
        for n, f in enumerate(found):
            body.append(", " if n else "\n")
            body.append(f"«\u00a0{safe(f.text)}\u00a0»", style="italic")
            if f.approximate:
                body.append(f" ({word('approximate', lang)})", style="dim")
        table.add_row(Text(symbol_of(category), style=colour_of(category)), body)
    return Padding(table, (0, 0, 0, 2))


def title_block(analysis: Analysis, explain: bool, lang: str) -> list[RenderableType]:
    """A title kept apart from the body, with its phrases, when it carries techniques."""
    found = analysis.title_techniques
    if not found:
        return []
    text = Text(safe(analysis.article.title), style="bold")
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        if f.end > f.start:
            text.stylize(f"underline {colour_of(f.category)}", f.start, f.end)
    parts: list[RenderableType] = [Text(word("Title", lang), style="dim"), text]
    labels = analysis.title_labels()
    line = _chips(labels, found, lang)
    if line is not None:
        parts.append(line)
    if explain:
        detail = _explanations(labels, found, lang)
        if detail is not None:
            parts.append(detail)
    return [*parts, Text("")]


def paragraphs(analysis: Analysis, explain: bool, lang: str) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for paragraph in analysis.article.paragraphs:
        number = Text(f"¶{paragraph.index + 1}", style="dim")
        if paragraph.language and paragraph.language != analysis.article.language:
            number.append(f" ({safe(paragraph.language)})", style="dim")
        parts.append(number)
        parts.append(highlighted(analysis, paragraph))
        line = chips(analysis, paragraph.index, lang)
        if line is not None:
            parts.append(line)
        if explain:
            detail = explanations(analysis, paragraph.index, lang)
            if detail is not None:
                parts.append(detail)
        parts.append(Text(""))
    return parts


# ------------------------------------------------------------------ extracted


def _section(title: str, table: Table | None, ran: bool, lang: str) -> list[RenderableType]:
    if table is None and not ran:
        return []
    none = Text(word("none found", lang), style="dim")
    content: RenderableType = table if table is not None else none
    return [Rule(Text(word(title, lang)), style="bright_blue", align="left"), content, Text("")]


def _table(lang: str, *columns: str) -> Table:
    table = Table(show_edge=False, pad_edge=False, header_style="bold dim", expand=False)
    for column in columns:
        # fold, not "…": a long name (« Iran-Méditerranée ») is shown whole on two lines
        table.add_column(word(column, lang), overflow="fold")
    return table


def entities(analysis: Analysis, lang: str = "en") -> Table | None:
    if not analysis.entities:
        return None
    table = _table(lang, "entity", "known as", "type", "mentions", "also written")
    for e in sorted(analysis.entities, key=lambda e: (-len(e.mentions), e.canonical)):
        shown = e.display_name
        others = [a for a in e.aliases if name_key(a) != name_key(shown)]
        table.add_row(
            plain(shown),
            plain(e.known_as or ""),
            word(e.type, lang),
            _mentions(e.mentions, lang),
            plain(", ".join(others)),
        )
    return table


def places(analysis: Analysis, lang: str = "en") -> Table | None:
    if not analysis.places:
        return None
    table = _table(lang, "place", "where", "country", "kind", "mentions")
    for p in analysis.places:
        if p.latitude is not None and p.longitude is not None:
            where = Text(f"{p.latitude:.4f}, {p.longitude:.4f}")
            if p.precision_km:
                where.append(f" ±{p.precision_km:g} km", style="dim")
        elif p.doubtful:
            candidate = safe(p.candidates[0])
            where = Text(f"{word('doubtful: ', lang)}{candidate}{word('?', lang)}", style="yellow")
        elif p.status == "ambiguous" and p.candidates:
            candidates = safe(", ".join(p.candidates[:4]))
            where = Text(f"{word('ambiguous: ', lang)}{candidates}", style="yellow")
        else:
            status = p.status if p.status != "resolved" else "unknown"
            where = Text(word(status, lang), style="dim")
        name = plain(p.display_name)
        if p.known_as:
            name.append(f" ({safe(p.known_as)})", style="dim")
        table.add_row(
            name,
            where,
            plain(p.country or ""),
            plain(word(p.feature or "", lang)),
            _mentions(p.mentions, lang),
        )
    return table


def _marked(text: str, in_title: bool, lang: str) -> Text:
    """A finding's text, marked when it is the title's rather than the body's."""
    shown = plain(text)
    if in_title:
        shown.append(f" · {word('title', lang)}", style="dim")
    return shown


def _mentions(mentions: list[Mention], lang: str) -> str:
    """How many times a name is written, and whether the title names it."""
    count = str(len(mentions))
    return f"{count} · {word('title', lang)}" if any(m.in_title for m in mentions) else count


def dates(analysis: Analysis, lang: str = "en") -> Table | None:
    if not analysis.dates:
        return None
    table = _table(lang, "as written", "date", "precision")
    for d in analysis.dates:
        value = plain(d.value) if d.value else Text(word("unresolved", lang), style="dim")
        precision = word(d.granularity, lang, context="date")
        if d.relative:
            precision += f", {word('relative', lang)}"
        if d.year_inferred:
            precision += f", {word('year inferred', lang)}"
        table.add_row(_marked(d.text, d.in_title, lang), value, precision)
    return table


def quotes(analysis: Analysis, lang: str = "en") -> Table | None:
    if not analysis.quotes:
        return None
    table = _table(lang, "speaker", "kind", "quote")
    for q in analysis.quotes:
        unattributed = Text(word("unattributed", lang), style="yellow")
        speaker = plain(q.speaker) if q.speaker else unattributed
        if q.cue:
            speaker.append(f" ({safe(q.cue)})", style="dim")
        table.add_row(speaker, word(q.kind, lang), _marked(q.text, q.in_title, lang))
    return table


def claims(analysis: Analysis, lang: str = "en") -> Table | None:
    if not analysis.claims:
        return None
    table = _table(lang, "claim", "kind", "source")
    for c in analysis.claims:
        if c.sourced and c.source_kind == "anonymous":
            source = Text(word("anonymous: ", lang), style="yellow")
            source.append(safe(c.source or ""))
        elif c.sourced:
            source = plain(c.source or word("sourced", lang), style="green")
        else:
            source = Text(word("unsourced", lang), style="red")
        claim = _marked(c.text, c.in_title, lang)
        if c.quantities:
            claim.append(f"  [{safe(', '.join(c.quantities))}]", style="dim")
        table.add_row(claim, plain(word(c.category or "", lang)), source)
    return table


# --------------------------------------------------------------------- public


def report(analysis: Analysis, *, explain: bool = False, lang: str | None = None) -> Group:
    """The whole report as one rich renderable.

    The report speaks ``lang`` (default: French for French articles, else English):
    labels, ``explain``'s definitions under each paragraph, headings and
    column names alike (``display_words``).
    """
    lang = _explain_language(analysis, lang)
    ran = set(analysis.stages)
    parts: list[RenderableType] = [header(analysis, lang)]
    apart = separated(analysis, lang)
    if apart is not None:
        parts += [apart, Text("")]
    parts.append(Rule(Text(word("Text", lang)), style="bright_blue", align="left"))
    if explain and analysis.techniques:
        # read only when a report explains: the CLI's --help must not load numpy
        from spinscope.persuasion.reliability import score_note

        parts += [Text(score_note(analysis.article.language, lang), style="dim italic"), Text("")]
    parts += title_block(analysis, explain, lang)
    parts += paragraphs(analysis, explain, lang)
    parts += _section("Entities", entities(analysis, lang), "entities" in ran, lang)
    parts += _section("Places", places(analysis, lang), "places" in ran, lang)
    parts += _section("Dates", dates(analysis, lang), "dates" in ran, lang)
    parts += _section("Quotes", quotes(analysis, lang), "quotes" in ran, lang)
    claims_ran = "quotes" in ran or "claims" in ran
    parts += _section("Claims", claims(analysis, lang), claims_ran, lang)
    return Group(*parts)


def print_report(
    analysis: Analysis,
    console: Console | None = None,
    *,
    explain: bool = False,
    lang: str | None = None,
) -> None:
    """Print ``report(analysis)`` to ``console`` (stdout by default)."""
    (console or Console()).print(report(analysis, explain=explain, lang=lang))


def render_text(
    analysis: Analysis,
    *,
    width: int = 100,
    explain: bool = False,
    colour: bool = False,
    lang: str | None = None,
) -> str:
    """The report as a string (plain, or with ANSI colours): for tests and files."""
    console = Console(
        width=width, force_terminal=colour, color_system="truecolor" if colour else None
    )
    with console.capture() as captured:
        console.print(report(analysis, explain=explain, lang=lang))
    return captured.get()


# --------------------------------------------------------------- corpus views

TAXONOMY_FACETS = frozenset({"category", "technique", "genre", "frame"})
FACET_NAMES = {
    "language": "Language",
    "category": "Category",
    "technique": "Technique",
    "genre": "Genre",
    "frame": "Frame",
}
GROUP_NAMES = {"source": "outlet", "language": "language", "month": "month"}


def _facet_value(name: str, value: str, lang: str) -> str:
    return taxonomy_label(value, lang) if name in TAXONOMY_FACETS else value


def print_search(page, query: str | None, console: Console | None = None, lang: str = "en") -> None:
    """A search result page (``spinscope.store.SearchPage``) as a table, named in ``lang``."""
    console = console or Console()
    shown = f"{page.offset + 1}–{page.offset + len(page.items)}" if page.items else "0"
    heading = Text(f"{page.total} {noun(page.total, 'article', 'articles', lang)}", style="bold")
    if query:
        heading.append(" " + noun(page.total, "matches", "match", lang) + " ")
        heading.append(safe(query), style="bold")
    heading.append("  " + word("(showing {shown})", lang).format(shown=shown), style="dim")
    console.print(heading)
    if not page.items:
        return
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="dim")
    table.add_column()
    for item in page.items:
        block = plain(item.title or word("(untitled)", lang), style="bold")
        facts = [x for x in (item.source, item.language, (item.published or "")[:10]) if x]
        if item.genre:
            facts.append(taxonomy_label(item.genre, lang))
        facts += [
            f"{taxonomy_label(name, lang)} {n}¶" for name, n in list(item.techniques.items())[:4]
        ]
        block.append("\n")
        block.append(safe(" · ".join(facts)), style="cyan")
        if item.snippet:
            snippet = plain(item.snippet, style="dim")
            for start, end in item.highlights:
                snippet.stylize("bold not dim underline", start, end)
            block.append("\n")
            block.append_text(snippet)
        table.add_row(item.id[:8], block)
        table.add_row("", "")
    console.print(table)
    facets = [(name, counts) for name, counts in page.facets.items() if counts and name != "source"]
    for name, counts in facets:
        line = Text(f"{word(FACET_NAMES.get(name, name), lang)}{word(': ', lang)}", style="dim")
        shown_counts = list(counts.items())[:8]
        # " · " between values: French labels hold commas ("Étiquetage, qualificatifs…")
        line.append(" · ".join(f"{safe(_facet_value(name, k, lang))} {v}" for k, v in shown_counts))
        console.print(line)


def print_stats(
    groups, by: str, top: int = 5, console: Console | None = None, lang: str = "en"
) -> None:
    """Corpus statistics (``spinscope.store.GroupStats`` list) as a table, named in ``lang``."""
    console = console or Console()
    if not groups:
        console.print(Text(word("no stored articles match", lang), style="dim"))
        return
    table = Table(show_edge=False, pad_edge=False, header_style="bold dim")
    table.add_column(word(GROUP_NAMES.get(by, by), lang))
    table.add_column(word("articles", lang), justify="right")
    table.add_column(word("paragraphs", lang), justify="right")
    table.add_column(word("categories (share of paragraphs)", lang))
    table.add_column(word("top techniques", lang))
    for g in groups:
        categories = Text()
        for i, (name, rate) in enumerate(g.category_rates.items()):
            categories.append(
                ("\n" if i else "") + f"{symbol_of(name)} {safe(taxonomy_label(name, lang))} ",
                style=colour_of(name),
            )
            categories.append(f"{rate:.0%}")
        techniques = Text(
            "\n".join(
                f"{safe(taxonomy_label(name, lang))} {rate:.0%}"
                for name, rate in list(g.technique_rates.items())[:top]
            )
        )
        table.add_row(
            plain(g.group if g.group is not None else word("(none)", lang)),
            str(g.articles),
            str(g.paragraphs),
            categories,
            techniques,
        )
    console.print(table)
