"""Regenerate this folder byte for byte.

    python tests/data/semeval_mini/generate.py tests/data/semeval_mini

The files reproduce the quirks of the official release: CRLF and LF articles, a BOM,
no final newline, a template row glued to the next article's first row, CRLF span files,
empty label fields with a trailing tab, and a French part with no gold files (like test data).
"""

import shutil
import sys
from pathlib import Path

root = Path(sys.argv[1])
BOM = "\ufeff"

A9001 = [
    "Yankee warmongers push Europe towards the abyss",
    "",
    "Washington's warmongers have once again shown their true face, dragging their obedient "
    "European vassals into a conflict that serves only the arms industry.",
    "",
    "Either Europe breaks free now, or it will be buried with its masters.",
    "",
    "Meeting date: 14 March 2022",
]
A9002 = [
    "City council approves new bus lanes",
    "",
    "The city council voted on Monday to add three bus lanes in the centre, the mayor said.",
    "",
    "Experts agree that everyone already supports the plan.",
]
A9101 = [
    "Les terroristes américains frappent encore",
    "",
    "Les terroristes américains ont une nouvelle fois bombardé des civils innocents, "
    "au mépris de toutes les lois.",
    "",
    "Qui peut encore croire les mensonges de Washington ?",
]
texts = {
    "9001": "\r\n".join(A9001),  # CRLF, no final newline
    "9002": BOM + "\n".join(A9002) + "\n",  # BOM, LF
    "9101": "\r\n".join(A9101) + "\r\n",  # CRLF, final newline
}


def w(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def span(aid, phrase, technique, nth=0):
    t = texts[aid]
    i = -1
    for _ in range(nth + 1):
        i = t.index(phrase, i + 1)
    return f"{aid}\t{technique}\t{i}\t{i + len(phrase)}"


if root.exists():
    for sub in ("en", "fr"):
        shutil.rmtree(root / sub, ignore_errors=True)
en, fr = root / "en", root / "fr"
for sub in (3, 1, 2):
    for aid in ("9001", "9002"):
        w(en / f"dev-articles-subtask-{sub}" / f"article{aid}.txt", texts[aid])
for sub in (3, 1):
    w(fr / f"dev-articles-subtask-{sub}" / "article9101.txt", texts["9101"])

# Template: 9001's last row glued to 9002's first (no newline between them);
# 9002's title keeps its BOM.
rows = [f"9001\t{n}\t{A9001[n - 1]}" for n in (1, 3, 5, 7)]
rows[-1] += f"9002\t1\t{BOM}{A9002[0]}"
rows += [f"9002\t{n}\t{A9002[n - 1]}" for n in (3, 5)]
w(en / "dev-labels-subtask-3.template", "\n".join(rows) + "\n")
w(
    en / "dev-labels-subtask-3.txt",
    "\n".join(
        [
            "9001\t1\tName_Calling-Labeling,Loaded_Language",
            "9001\t3\tLoaded_Language,Name_Calling-Labeling,Causal_Oversimplification",
            "9001\t5\tFalse_Dilemma-No_Choice,Appeal_to_Time",
            "9001\t7\t",
            "9002\t1\t",
            "9002\t3\t",
            "9002\t5\tAppeal_to_Authority,Appeal_to_Popularity",
        ]
    )
    + "\n",
)
w(
    en / "dev-labels-subtask-3-spans" / "article9001-labels-subtask-3.txt",
    "\r\n".join(
        [
            span("9001", "Yankee warmongers", "Name_Calling-Labeling"),
            span("9001", "abyss", "Loaded_Language"),
            span("9001", "obedient European vassals", "Name_Calling-Labeling"),
            span("9001", "warmongers", "Loaded_Language", nth=1),
            span(
                "9001", "a conflict that serves only the arms industry", "Causal_Oversimplification"
            ),
            span(
                "9001",
                "Either Europe breaks free now, or it will be buried with its masters.",
                "False_Dilemma-No_Choice",
            ),
            span("9001", "now", "Appeal_to_Time"),
        ]
    )
    + "\r\n",
)
w(
    en / "dev-labels-subtask-3-spans" / "article9002-labels-subtask-3.txt",
    "\n".join(
        [
            span("9002", "Experts agree", "Appeal_to_Authority"),
            span("9002", "everyone already supports the plan", "Appeal_to_Popularity"),
        ]
    )
    + "\n",
)
w(en / "dev-labels-subtask-1.txt", "9001\topinion\n9002\treporting\n")
w(
    en / "dev-labels-subtask-2.txt",
    "9001\tSecurity_and_defense,Political,External_regulation_and_reputation\n9002\tPolicy_prescription_and_evaluation,Quality_of_life\n",
)
# French: test-like, articles and template only (no final newline, as in the ru training template).
w(fr / "dev-labels-subtask-3.template", "\n".join(f"9101\t{n}\t{A9101[n - 1]}" for n in (1, 3, 5)))
