"""The quotes stage: direct quotes and reported speech, each with its speaker and cue.

Direct quotes are text between quotation marks (« », “ ”, „ “, » «, " ") of at least
four words: shorter quoted words are scare quotes ("bombes improvisées"), a persuasion
device the technique detector sees, not speech; so is a quotation right after an article,
demonstrative or possessive (la « coalition dirigée par les États-Unis ») that no speaker
is found for: it names or labels something. The speaker is the person or organisation
next to a speech cue around the quote ("Miller a dit : « … »", "« … », a déclaré X",
«…», — написал X), a pronoun ("il a prétendu que", "expliquait-il") taking the nearest
person before it; a quote that directly follows another one continues it. After the
quote, the speaker is looked for in the cue's own clause ("said U2's Bono this week, “…"
is Bono's, not the United Nations' further on), then in a name in apposition ("a déclaré
la cheffe du gouvernement, Élisabeth Borne"), else the clause's words name it ("résume
le magazine allemand", "один из комментаторов"). A colon introduces a quote in its
paragraph or opening the next: the introducing sentence's first name that no
preposition governs speaks ("Biden a cherché …, en disant :"; not « ses divergences avec
Trump : »). What follows "that" after a cue is what is said, not who says it. Reported
speech is "selon X, …" / "according to X" and "X a déclaré que …" / "X said that …" in
every supported language. ``benchmarks/eval_quotes.py`` measures it on quotations
annotated by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spinscope.article import Analysis, Article, Entity, Quote, Span
from spinscope.extract.lexicon import ACCORDING_TO, NOUN_PHRASE_OPENERS, SPEECH_VERBS, THAT
from spinscope.segment import sentence_spans

STAGE = "quotes"
MODEL = "rules:quotes-3"  # 3: speakers in the cue's clause, after dashes and colons
MIN_WORDS = 4
LONG_QUOTE = 8  # a quotation this long is speech even when the text names no cue
WINDOW = 220
PAIRS = {"«": "»", "“": "”", "„": "“”", "»": "«", "‹": "›"}
PRONOUNS = re.compile(
    r"(?<!\w)(?:il|elle|ils|elles|he|she|they|er|sie|lui|lei|on|ona|oni|он|она|они)(?!\w)",
    re.IGNORECASE,
)


@dataclass
class _Speaker:
    name: str
    start: int
    end: int


def _language(article: Article) -> str:
    lang = (article.language or "en").lower()[:2]
    return lang if lang in SPEECH_VERBS else "en"


def direct_quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost quotation, marks included."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in PAIRS:
            closers = PAIRS[ch]
            depth, j = 1, i + 1
            while j < len(text) and text[j] != "\n":
                if text[j] == ch and ch not in closers:
                    depth += 1
                elif text[j] in closers:
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j < len(text) and depth == 0:
                spans.append((i, j + 1))
                i = j + 1
                continue
        elif ch == '"':
            j = text.find('"', i + 1)
            newline = text.find("\n", i + 1)
            if j != -1 and (newline == -1 or j < newline):
                spans.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return spans


def _mentions(entities: list[Entity], types=("person", "organisation")) -> list[_Speaker]:
    out = [
        _Speaker(e.canonical, m.start, m.end)
        for e in entities
        if e.type in types
        for m in e.mentions
    ]
    return sorted(out, key=lambda s: s.start)


def _nearest_before(speakers: list[_Speaker], pos: int, floor: int) -> _Speaker | None:
    best = None
    for s in speakers:
        if floor <= s.start and s.end <= pos:
            best = s
    return best


def _first_after(speakers: list[_Speaker], pos: int, ceiling: int) -> _Speaker | None:
    return next((s for s in speakers if pos <= s.start and s.end <= ceiling), None)


def _resolve_pronoun(persons: list[_Speaker], pos: int, floor: int) -> _Speaker | None:
    return _nearest_before(persons, pos, max(0, floor))


def _noun_phrase(text: str, start: int, limit: int = 90) -> tuple[int, int]:
    """The source phrase after "selon": up to the next comma, colon or end of clause."""
    window = text[start : start + limit]
    m = re.search(
        r"[,;:.)(«»\"“”]|\s(?:a|ont|que|qui|il|elle|on|ils|that|who|there|it|dass|es|er|che|"
        r"że|что|он|она)\s",
        window,
    )
    end = start + (m.start() if m else len(window.rstrip()))
    return start, end


def extract_quotes(article: Article, entities: list[Entity]) -> list[Quote]:
    """Direct quotes and reported speech of the body, with speakers where the text names them."""
    body = article.body
    lang = _language(article)
    speech = re.compile(rf"(?<!\w)(?:{SPEECH_VERBS[lang]})(?!\w)", re.IGNORECASE)
    according = re.compile(rf"(?<!\w)(?:{ACCORDING_TO[lang]})(?!\w)\s*", re.IGNORECASE)
    that = re.compile(rf"\s*(?:{THAT[lang]})\s*", re.IGNORECASE)
    opener = re.compile(rf"(?<!\w)(?:{NOUN_PHRASE_OPENERS[lang]})\s*$", re.IGNORECASE)
    speakers = _mentions(entities)
    persons = _mentions(entities, ("person",))
    quotes: list[Quote] = []

    paragraphs = (
        [(p.start, p.end) for p in article.paragraphs] if article.paragraphs else [(0, len(body))]
    )
    last_paragraph: tuple[int, int] | None = None
    for p_start, p_end in paragraphs:
        text = body[p_start:p_end]
        previous: Quote | None = None
        before_paragraph, last_paragraph = last_paragraph, (p_start, p_end)
        for qs, qe in direct_quote_spans(text):
            start, end = p_start + qs, p_start + qe
            inner = body[start + 1 : end - 1]
            if len(inner.split()) < MIN_WORDS:
                continue
            # la « coalition dirigée par … »: after an article, a quotation is a name or a
            # label unless the text gives it a speaker (a partial quotation: « X dénonçait
            # les « guerres … » »); a cue alone there is the label's own verb
            in_noun_phrase = opener.search(body[max(p_start, start - 12) : start]) is not None
            speaker, cue = None, None
            gap = body[previous.end : start] if previous else None
            if previous and gap is not None and re.fullmatch(r"[\s:;,.]*", gap):
                speaker, cue = (
                    (
                        _Speaker(
                            previous.speaker, previous.speaker_span.start, previous.speaker_span.end
                        )
                        if previous.speaker and previous.speaker_span
                        else None
                    ),
                    previous.cue,
                )
            if speaker is None:
                speaker, cue = _speaker_before(
                    body,
                    start,
                    max(p_start, start - WINDOW, previous.end if previous else p_start),
                    p_start,
                    speech,
                    according,
                    that,
                    speakers,
                    persons,
                )
            if speaker is None and cue is None:
                speaker, cue = _speaker_after(
                    body, start, end, p_start, p_end, lang, speakers, persons
                )
            if speaker is None and cue is None:
                speaker, cue = _introduced(
                    body, start, p_start, before_paragraph, speech, speakers, persons
                )
            if speaker is None and cue is None and len(inner.split()) < LONG_QUOTE:
                continue  # a short quotation nobody says: a scare quote, not speech
            if speaker is None and in_noun_phrase:
                continue
            quote = Quote(
                start=start,
                end=end,
                text=body[start:end],
                kind="direct",
                speaker=speaker.name if speaker else None,
                speaker_span=Span(start=speaker.start, end=speaker.end) if speaker else None,
                cue=cue,
                model=MODEL,
            )
            quotes.append(quote)
            previous = quote

    direct = [(q.start, q.end) for q in quotes]
    sentences = _sentences(article)
    for s_start, s_end in sentences:
        sentence = body[s_start:s_end]
        for m in according.finditer(sentence):
            src_start, src_end = _noun_phrase(sentence, m.end())
            if src_end <= src_start:
                continue
            abs_start, abs_end = s_start + src_start, s_start + src_end
            if _inside(direct, abs_start):
                continue
            source_text = body[abs_start:abs_end].strip()
            named = _first_after(speakers, abs_start, abs_end)
            if named and body[abs_start : named.start].strip():
                named = None  # "le chef du bureau de l'Armée de Badr": the phrase is the source
            quotes.append(
                Quote(
                    start=s_start,
                    end=s_end,
                    text=sentence,
                    kind="reported",
                    speaker=named.name if named else source_text,
                    speaker_span=Span(start=named.start, end=named.end)
                    if named
                    else Span(start=abs_start, end=abs_start + len(source_text)),
                    cue=m.group(0).strip(),
                    model=MODEL,
                )
            )
            break
        else:
            for m in speech.finditer(sentence):
                t = that.match(sentence, m.end())
                if not t:
                    continue
                cue_start = s_start + m.start()
                if _inside(direct, cue_start):
                    continue
                content_start = s_start + t.end()
                if any(content_start <= q < s_end for q, _ in direct):
                    break  # the direct quote it introduces already stands for it
                speaker = _nearest_before(persons, cue_start, s_start) or _nearest_before(
                    speakers, cue_start, s_start
                )
                if speaker is None:
                    speaker = _resolve_pronoun(persons, cue_start, s_start - 600)
                quotes.append(
                    Quote(
                        start=content_start,
                        end=s_end,
                        text=body[content_start:s_end],
                        kind="reported",
                        speaker=speaker.name if speaker else None,
                        speaker_span=Span(start=speaker.start, end=speaker.end)
                        if speaker
                        else None,
                        cue=m.group(0),
                        model=MODEL,
                    )
                )
                break
    quotes.sort(key=lambda q: q.start)
    return quotes


def _speaker_before(body, start, floor, p_start, speech, according, that, speakers, persons):
    """Speaker and cue of a direct quote from the text before it (or the paragraph's "selon X")."""
    before = body[floor:start]
    cues = [(m, False) for m in speech.finditer(before)] + [
        (m, True) for m in according.finditer(before)
    ]
    if cues:
        c, is_according = max(cues, key=lambda x: x[0].start())
        cue = c.group(0).strip()
        cue_start, cue_end = floor + c.start(), floor + c.end()
        if is_according:
            candidates = [
                _first_after(persons, cue_end, start),
                _first_after(speakers, cue_end, start),
            ]
        else:
            candidates = [
                _nearest_before(persons, cue_start, floor),
                _nearest_before(speakers, cue_start, floor),
            ]
            # "a déclaré le ministre : « … »" names the speaker after the cue; "X заявили,
            # что Министерство …" names what is said, not who says it
            if not re.match(rf"\s*,?\s*(?:{that.pattern})", body[cue_end : cue_end + 12]):
                candidates += [
                    _first_after(persons, cue_end, start),
                    _first_after(speakers, cue_end, start),
                ]
        speaker = next((s for s in candidates if s), None)
        if speaker is None and PRONOUNS.search(body[max(floor, cue_start - 15) : cue_start]):
            speaker = _resolve_pronoun(persons, cue_start, p_start - 600)
        return speaker, cue
    # "Selon Sputnik, … : « … »": an attribution opening the paragraph covers its quotes
    opening = according.match(body, p_start)
    if opening:
        return _first_after(speakers, opening.end(), start), opening.group(0).strip()
    return None, None


def _speaker_after(body, start, end, p_start, p_end, lang, speakers, persons):
    """ "« … », a déclaré X", "'…,' X said", "'…,' said X", «…», — написал X: speaker and cue
    after a quote. The speaker is looked for in the cue's own clause (up to the next comma,
    quotation mark or full stop: "said U2's Bono this week, “when …" is not the United
    Nations further on); a clause naming no entity gives its words ("le magazine allemand",
    "один из комментаторов"), a pronoun the person before the quote."""
    verbs = SPEECH_VERBS[lang]
    after = body[end : min(p_end, end + 120)]
    m = re.match(rf"\s*,?\s*[-–—]*\s*({verbs})(?!\w)", after, re.IGNORECASE)
    if m:  # cue first, then the speaker
        ceiling = end + _clause_end(after, m.end())
        if _SUBJECT_PRONOUN.match(after, m.end()):
            # "expliquait-il au JDD", "sagte sie dem RND": the person before the quote
            return _resolve_pronoun(persons, start, p_start - 600), m.group(1)
        speaker = _first_after(persons, end + m.end(), ceiling) or _first_after(
            speakers, end + m.end(), ceiling
        )  # "ha risposto dal Cremlino Yury Ushakov": the person, not the Kremlin
        if speaker is None:  # "a déclaré la cheffe du gouvernement, Élisabeth Borne"
            named = _first_after(persons, ceiling, ceiling + 40)
            if named is not None and re.fullmatch(r"\s*,\s*", body[ceiling : named.start]):
                speaker = named
        if speaker is None:
            speaker = _phrase(body, end + m.end(), ceiling, lang)
        return speaker, m.group(1)
    nxt = _first_after(speakers, end, end + 60)
    if nxt is not None:
        between = body[end : nxt.start]
        m = re.match(rf"\s*({verbs})(?!\w)", body[nxt.end : nxt.end + 40], re.IGNORECASE)
        if m and len(between.split()) <= 3 and not re.search(r"[.!?]", between.strip(",")):
            return nxt, m.group(1)
    return None, None


# A pronoun right after a cue: "expliquait-il", "sagte sie", "— сказал он" ("said on
# Tuesday" is no pronoun, so no "on").
_SUBJECT_PRONOUN = re.compile(
    r"\s*-?(?:t-)?(?:il|elle|ils|elles|he|she|they|er|sie|lui|lei|ona|oni|он|она|они)(?!\w)",
    re.IGNORECASE,
)
# Where a cue's clause ends: the speaker named after a cue stands before it.
_CLAUSE_END = re.compile(r"[,;:.!?()«»\"“”„]")
# A full stop that ends an abbreviation, not the clause: "M. Pompeo", "Dr. Salama".
_ABBREVIATION = re.compile(r"(?<!\w)(?:[A-ZÉ]|Mr|Ms|Mrs|Dr|St|Rep|Sen|Gen|Prof|dr|hab|prof|inż)$")


def _clause_end(text: str, start: int) -> int:
    """Where the clause from ``start`` ends (a full stop after an abbreviation does not)."""
    for m in _CLAUSE_END.finditer(text, start):
        if m.group() == "." and _ABBREVIATION.search(text[start : m.start()]):
            continue
        return m.start()
    return len(text)


# Words after which a phrase naming a speaker goes on about something else: where, when.
_PHRASE_STOP = re.compile(
    r"\s(?:à|au|aux|dans|en|sur|lors|devant|depuis|jeudi|lundi|mardi|mercredi|vendredi|"
    r"samedi|dimanche|in|on|at|to|this|last|during|after|before|im|am|an|auf|bei|nach|vor|"
    r"zum|zur|a|dal|dalla|al|alla|nel|nella|su|durante|w|na|podczas|po|przed|dla|do|в|на|"
    r"во|при|после|для|"
    # time and manner, and a second verb: "sagte Smil dem Interviewer und fuhr fort"
    r"aujourd'hui|hier|ensuite|encore|aussi|today|yesterday|also|then|heute|gestern|auch|"
    r"dann|oggi|ieri|anche|poi|dziś|dzisiaj|wczoraj|też|także|сегодня|вчера|также|тоже|"
    r"et|and|und|e|ed|i|oraz|и)(?=\s|$)",
    re.IGNORECASE,
)
_MAX_PHRASE_WORDS = 6


def _phrase(body: str, start: int, ceiling: int, lang: str) -> _Speaker | None:
    """The words naming a speaker that no entity stands for, from ``start`` to the clause's
    end or the first word of place or time: "le magazine allemand", "die sichtlich
    verärgerte Queen". None for nothing, or more words than a name takes."""
    text = body[start:ceiling]
    stop = _PHRASE_STOP.search(text)
    if stop:
        text = text[: stop.start()]
    words = text.split()
    if not words or len(words) > _MAX_PHRASE_WORDS:
        return None
    if re.match(rf"(?:{THAT[lang]}|qui|who|which|welche)(?!\w)", words[0], re.IGNORECASE):
        return None  # "ha detto che la sua clinica …": what is said, not who says it
    first = start + (len(text) - len(text.lstrip()))
    return _Speaker(" ".join(words), first, first + len(text.strip()))


def _introduced(body, start, p_start, before_paragraph, speech, speakers, persons):
    """A quotation that a colon introduces: « Biden a cherché …, en disant : » then the
    quote, in its paragraph or opening the next. The speaker is the introducing sentence's
    first person (its subject, as a rule: "Matteo Salvini minaccia … Giuseppe Conte: «…»"
    is Salvini's), else its first organisation; a speech cue there names the cue."""
    if body[p_start:start].strip():
        colon_end = body.rfind(":", p_start, start)
        if colon_end < 0 or body[colon_end + 1 : start].strip():
            return None, None
    elif before_paragraph is not None and body[: before_paragraph[1]].rstrip().endswith(":"):
        colon_end = body[: before_paragraph[1]].rstrip().rfind(":")
        p_start = before_paragraph[0]
    else:
        return None, None
    sentence_start = _sentence_start(body, p_start, colon_end)

    # a name after a preposition is no subject: « ses divergences avec Trump : "…" » is not
    # Trump's, nor « le porte-parole du Kremlin : » the Kremlin's
    def subject(names: list[_Speaker]) -> _Speaker | None:
        return next(
            (
                s
                for s in names
                if sentence_start <= s.start
                and s.end <= colon_end
                and not _PREPOSITION.search(body[max(sentence_start, s.start - 10) : s.start])
            ),
            None,
        )

    speaker = subject(persons) or subject(speakers)
    if speaker is None:
        return None, None
    cue = speech.search(body, sentence_start, colon_end)
    return speaker, cue.group(0) if cue else ":"


# A name after these is no sentence's subject ("il deputato del Partito …", "avec Trump").
_PREPOSITION = re.compile(
    r"(?<!\w)(?:de|du|des|d['’]|of|del|della|dello|dei|degli|von|vom|avec|with|mit|con|à|au|"
    r"aux|to|pour|for|für|per|contre|against|gegen|contro|par|by|durch|da|dal|sur|on|über|su|"
    r"entre|between|z|ze|с|со|против|для|о|об|к|w|na|do|dla|przeciw|przez|o)\s*$",
    re.IGNORECASE,
)


def _sentence_start(body: str, floor: int, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (no earlier than ``floor``)."""
    ends = [m.end() for m in re.finditer(r"[.!?…]\s+", body[floor:pos])]
    return floor + (ends[-1] if ends else 0)


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in spans)


def _sentences(article: Article) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if article.paragraphs:
        for p in article.paragraphs:
            if p.sentences:
                spans.extend((s.start, s.end) for s in p.sentences)
            else:
                spans.extend(sentence_spans(article.body[p.start : p.end], p.start))
    else:
        spans = sentence_spans(article.body)
    return spans


def title_quotes(article: Article) -> list[Quote]:
    """The quotes of a title kept apart from the body (« "Nous gagnerons", affirme
    Poutine »), with offsets into the title (``in_title``)."""
    headline = article.headline()
    if headline is None:
        return []
    from spinscope.extract.entities import extract_entities

    entities, _ = extract_entities(headline)
    return [q.model_copy(update={"in_title": True}) for q in extract_quotes(headline, entities)]


def article_quotes(analysis: Analysis) -> list[Quote]:
    """The title's quotes, then the body's (entities found here if that stage did not run)."""
    entities = analysis.entities
    if not entities:
        from spinscope.extract.entities import extract_entities

        entities, _ = extract_entities(analysis.article)
    body = extract_quotes(analysis.article, _body_only(entities))
    return [*title_quotes(analysis.article), *body]


def quotes_stage(analysis: Analysis) -> None:
    """Pipeline stage: fill ``analysis.quotes``."""
    analysis.quotes = article_quotes(analysis)
    analysis.models[STAGE] = MODEL


def _body_only(entities: list[Entity]) -> list[Entity]:
    """The entities with their body mentions alone: speakers are found by body offsets."""
    return [
        e.model_copy(update={"mentions": [m for m in e.mentions if not m.in_title]})
        for e in entities
    ]
