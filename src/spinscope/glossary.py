"""The taxonomy as a terminal glossary: what ``spinscope taxonomy`` prints.

An analyst reading a report meets « Langage chargé » or ``Loaded_Language``; the
glossary gives every technique (by category), frame and genre its name, the code
that filters and exports use, its definition and a short example, in English or
French, the same texts the web workbench's taxonomy page shows.
"""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.text import Text

from spinscope.display_words import word
from spinscope.persuasion import taxonomy
from spinscope.report import colour_of, symbol_of

INDENT = (0, 0, 0, 2)  # definitions and examples sit under their name


def _entry(name: str, lang: str) -> Group:
    title = Text()
    title.append(taxonomy.label(name, lang), style="bold")
    title.append(f"  {name}", style="dim")
    lines: list[RenderableType] = [title, Padding(Text(taxonomy.definition(name, lang)), INDENT)]
    example = taxonomy.example(name, lang)
    if example:
        opening, closing = ("« ", " »") if lang == "fr" else ("“", "”")
        quoted = Text(f"{opening}{example}{closing}", style="italic dim")
        lines.append(Padding(quoted, INDENT))
    lines.append(Text(""))
    return Group(*lines)


def glossary(lang: str = "en") -> Group:
    """Categories with their techniques, then frames, then genres, named in ``lang``."""
    parts: list[RenderableType] = []
    for category in taxonomy.CATEGORIES:
        title = Text(f"{symbol_of(category)} {taxonomy.label(category, lang)}  ", style="bold")
        title.append(category, style="dim")
        parts.append(Rule(title, style=colour_of(category), align="left"))
        parts.append(Text(taxonomy.definition(category, lang) + "\n", style="dim"))
        parts += [_entry(t, lang) for t in taxonomy.techniques_in(category)]
    for heading, names in (("Frames", taxonomy.FRAMES), ("Genres", taxonomy.GENRES)):
        parts.append(Rule(Text(word(heading, lang), style="bold"), align="left"))
        parts += [_entry(name, lang) for name in names]
    return Group(*parts)


def print_glossary(console: Console | None = None, lang: str = "en") -> None:
    (console or Console()).print(glossary(lang))
