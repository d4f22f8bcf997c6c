"""Patterns that tell body text from what surrounds it on a news page.

Captions, photo credits, "read more" links, share buttons, footers and the
"SOURCE: …" line follow conventions shared by many outlets and languages, so
they are written here as general patterns, used by the plain-text and the HTML
readers alike, never as strings copied from one site.
"""

from __future__ import annotations

import re
from typing import Literal

Kind = Literal["caption", "credit", "link", "boilerplate", "source"]

# Characters that are whitespace to a reader but not always to ``str.strip``.
_INVISIBLE = (
    " \t\r\n\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
)
_SPACES = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


def clean_edges(text: str) -> str:
    """``text`` without leading/trailing whitespace, nbsp and zero-width marks."""
    return text.strip(_INVISIBLE)


def squash(text: str) -> str:
    """Whitespace runs (nbsp included) collapsed to one space: for separated material."""
    return _SPACES.sub(" ", text).strip()


def is_noise(line: str) -> bool:
    """A line with no letters or digits at all: nbsp leftovers, rules, bullets."""
    return not any(ch.isalnum() for ch in line)


# --- "read more" links --------------------------------------------------------------------
_LINK = re.compile(
    r"""^\W{0,3}(?:
        lire\s+(?:plus|aussi|également|egalement|la\s+suite)
      | (?:à|a)\s+lire\s+(?:aussi|également|egalement|plus\s+tard)
      | voir\s+(?:aussi|également|plus)
      | read\s+(?:more|also|next|the\s+full)
      | see\s+also | also\s+read | related(?:\s+(?:story|article|news))?
      | lesen\s+sie\s+(?:auch|mehr|hier) | mehr\s+zum\s+thema | auch\s+interessant | weiterlesen
      | leggi\s+(?:anche|di\s+più|tutto) | vedi\s+anche | potrebbe\s+interessarti
      | czytaj\s+(?:też|także|również|więcej|dalej) | zobacz\s+(?:też|także|również)
      | читайте\s+(?:также|ещё|еще|далее|по\s+теме) | смотрите\s+также | см\.\s+также
    )\b\s*[:：\-–—»>.…]?""",
    re.IGNORECASE | re.VERBOSE,
)

# --- share buttons and footers ---------------------------------------------------------------
_SHARE_WORDS_TEXT = """
    share shares sharing partager partagez partage teilen teile condividi condividere
    udostępnij udostępnij: поделиться поделитесь print imprimer drucken stampa drukuj
    распечатать печать tweet tweeter retweet email e-mail mail courriel facebook twitter x
    whatsapp telegram linkedin reddit pinterest vk vkontakte вконтакте одноклассники ok
    flipboard messenger copy copier kopieren copia kopiuj link lien liens enlace this that
    cet cette ce article articles story post page sur on auf su na в по via the le la les
    diesen den der artikel questo articolo l' artykuł artykul статьей статью статьёй
    новостью news nachricht notizia par per by with avec mit con z
"""
_SHARE_WORDS = frozenset(_SHARE_WORDS_TEXT.split())
_BOILERPLATE = re.compile(
    r"""^\W{0,3}(?:
        (?:©|\(c\)|copyright)\s*.{0,80}
      | (?:tous\s+droits\s+réservés|all\s+rights\s+reserved|alle\s+rechte\s+vorbehalten
         |tutti\s+i\s+diritti\s+riservati|wszelkie\s+prawa\s+zastrzeżone|все\s+права\s+защищены).{0,40}
      | (?:tags?|mots[-\s]clés|schlagwörter|schlagworte|tagi|теги|метки)\s*[:：].{0,200}
      | (?:suivez[-\s]nous|follow\s+us|folgen\s+sie\s+uns|seguici|obserwuj\s+nas
         |подписывайтесь)\b.{0,80}
      | (?:abonnez[-\s]vous|subscribe|abonnieren|iscriviti|subskrybuj|подпишитесь)\b.{0,80}
      | (?:newsletter|commentaires?|comments?|kommentare|commenti|komentarze|комментарии)
        \s*(?:\(\d+\)|\d+)?\s*:?
      | (?:publicité|advertisement|anzeige|pubblicità|reklama|реклама)
    )\W{0,3}$""",
    re.IGNORECASE | re.VERBOSE,
)

# --- outlet named in a footer ---------------------------------------------------------------
_SOURCE = re.compile(
    r"^\W{0,2}(?:source|sources|quelle|fonte|źródło|zrodlo|источник)\s*[:：]\s*(?P<name>\S.{0,79})$",
    re.IGNORECASE,
)
_ACRONYMS_TEXT = "AFP AP ARD ANSA BBC CNN DPA EPA IRNA ORF PAP RAI RIA RT TASS TV ZDF РИА ТАСС"
_ACRONYMS = frozenset(_ACRONYMS_TEXT.split())

# --- captions and photo credits --------------------------------------------------------------
_PHOTO_WORD = (
    r"(?:photos?|foto|fotos|fot\.|zdjęcie|zdjęcia|фото|снимок|image|images|picture|pic|"
    r"illustration|illustrative|illustrazione|ilustracja|иллюстрация|archives?|archiv|"
    r"archivio|archiwum|архив|capture\s+d'écran|screenshot|screengrab|crédits?|credits?|"
    r"bildquelle)"
)
_AGENCY = (
    r"(?:getty(?:\s+images)?|reuters|afp|ap|epa|dpa|ansa|pap|tass|тасс|ria|риа|sputnik|anadolu|"
    r"xinhua|irna|shutterstock|istock|wikimedia(?:\s+commons)?|keystone|imago|"
    r"picture\s+alliance|lapresse|belga)"
)
_CREDIT_WORD = rf"(?:{_PHOTO_WORD}|{_AGENCY})"
_TRAILING_PHOTO = re.compile(
    rf"[(\[](?P<inner>[^()\[\]]{{0,25}}\b{_PHOTO_WORD}\b[^()\[\]]{{0,30}}|\s*©[^()]{{1,40}})[)\]]\W{{0,2}}$",
    re.IGNORECASE,
)
_TRAILING_AGENCY = re.compile(
    rf"\(\s*{_AGENCY}(?:\s*[/,]\s*[\w .'-]{{1,30}})?\s*\)\W{{0,2}}$", re.IGNORECASE
)
_SLASH_CREDIT = re.compile(
    r"(?:^|\s)(?P<token>[^\s/]*)/\s*(?:[A-Z][\w.&'-]*|Getty\s+Images|picture\s+alliance)"
    r"(?:\s+[A-Z][\w.&'-]*){0,2}\W?$"
)
_CREDIT_LINE = re.compile(
    rf"^(?:©|\(c\)|{_CREDIT_WORD}(?:\s+d'illustration)?\s*[:：©/-]|(?:crédit|credit)\s+photo)",
    re.IGNORECASE,
)
_BYLINE_CREDIT = re.compile(rf"(?:©|[|/]\s*{_CREDIT_WORD}\s*[:：]).{{1,60}}$", re.IGNORECASE)
_AGENCY_ONLY = re.compile(rf"^(?:{_AGENCY}|{_PHOTO_WORD})(?:\s*[/,&|]?\s*{_AGENCY})*\W?$", re.I)
_COPYRIGHT_NOTICE = re.compile(
    r"^©\s*(?:19|20)\d\d|rights|droits|rechte|diritti|prawa|права|distributed", re.IGNORECASE
)


def _words(line: str) -> list[str]:
    return re.findall(r"[\w'@.:-]+", line.lower())


def _is_share(line: str) -> bool:
    words = [w.strip(":.-") for w in _words(line)]
    words = [w for w in words if w]
    return (
        0 < len(words) <= 10
        and all(w in _SHARE_WORDS for w in words)
        and any(
            w
            in {
                "share",
                "partager",
                "partagez",
                "teilen",
                "condividi",
                "udostępnij",
                "поделиться",
                "поделитесь",
                "print",
                "imprimer",
                "drucken",
                "stampa",
                "drukuj",
                "распечатать",
                "tweet",
                "facebook",
                "twitter",
                "whatsapp",
                "telegram",
                "linkedin",
                "vk",
                "email",
                "e-mail",
                "copy",
                "copier",
                "kopieren",
            }
            for w in words
        )
    )


_PARTICLES_TEXT = "of the and de du des la le les et di del della e der die das und y"
_PARTICLES = frozenset(_PARTICLES_TEXT.split())


def _name_case(word: str, first: bool) -> str:
    """One word of an all-caps outlet name in readable case ("PRESS" → "Press", "TV" stays)."""
    if word in _ACRONYMS or not any(ch in "AEIOUYÀÂÉÈÊËÎÏÔÙÛÜАЕЁИОУЫЭЮЯ" for ch in word):
        return word
    if not first and word.lower() in _PARTICLES:
        return word.lower()
    return word.capitalize()


def source_name(line: str) -> str | None:
    """The outlet named by a "SOURCE: …" footer line, in readable case."""
    match = _SOURCE.match(line)
    if not match or len(line.split()) > 10:
        return None
    name = squash(match.group("name")).strip(" .;,")
    if not name or name.endswith(("?", "!")):
        return None
    if name.isupper():
        name = " ".join(_name_case(word, first=i == 0) for i, word in enumerate(name.split()))
    return name


def _slash_credit(line: str) -> bool:
    match = _SLASH_CREDIT.search(line)
    return bool(match) and not any(c in match.group("token") for c in ".:@")


def classify_line(line: str) -> Kind | None:
    """What a line outside the body is (a caption, a link …), or None if it may be body text."""
    if len(line) > 700:
        return None
    words = len(line.split())
    if source_name(line):
        return "source"
    if _LINK.match(line) and len(line) <= 300:
        return "link"
    if line.startswith("©"):
        if _COPYRIGHT_NOTICE.search(line):
            return "boilerplate"
        return "credit" if words <= 4 else "caption"
    if _BOILERPLATE.match(line) or _is_share(line):
        return "boilerplate"
    if _AGENCY_ONLY.match(line):
        return "credit"
    photo = _TRAILING_PHOTO.search(line)
    if photo:
        return "caption" if len(line[: photo.start()].strip(" .,;:-–—")) >= 3 else "credit"
    agency = _TRAILING_AGENCY.search(line)
    if agency and len(line[: agency.start()].split()) <= 5:
        # "Marzena Szulc (PAP)"; a long paragraph ending "(PAP)" is an agency dispatch.
        return "credit"
    if _CREDIT_LINE.match(line) and len(line) <= 400:
        return "credit" if words <= 8 else "caption"
    unfinished = not line.endswith((".", "!", "?", ":", ";", ",", "…", '"', "»", "”"))
    if unfinished and len(line) <= 400 and (_slash_credit(line) or _BYLINE_CREDIT.search(line)):
        return "caption" if words > 4 else "credit"
    return None
