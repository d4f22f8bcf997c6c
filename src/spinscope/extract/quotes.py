"""The quotes stage: direct quotes and reported speech, each with its speaker and cue.

Direct quotes are text between quotation marks (« », “ ”, „ “, » «, " ") of at least
four words: shorter quoted words are scare quotes ("bombes improvisées"), a persuasion
device the technique detector sees, not speech; so is a quotation right after an article,
demonstrative or possessive (la « coalition dirigée par les États-Unis ») that no speaker
is found for: it names or labels something. The speaker is the person or organisation
next to a speech cue around the quote ("Miller a dit : « … »", "« … », a déclaré X"),
a pronoun ("il a prétendu que") taking the nearest person before it; a quote that
directly follows another one continues it. Reported speech is "selon X, …" / "according
to X" and "X a déclaré que …" / "X said that …" in every supported language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spinscope.article import Analysis, Article, Entity, Quote, Span
from spinscope.extract.lexicon import ACCORDING_TO, NOUN_PHRASE_OPENERS, SPEECH_VERBS, THAT
from spinscope.segment import sentence_spans

STAGE = "quotes"
MODEL = "rules:quotes-2"  # 2: unattributed quotations after an article are names
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
    for p_start, p_end in paragraphs:
        text = body[p_start:p_end]
        previous: Quote | None = None
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
                    speakers,
                    persons,
                )
            if speaker is None and cue is None:
                speaker, cue = _speaker_after(body, end, p_end, lang, speakers)
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


def _speaker_before(body, start, floor, p_start, speech, according, speakers, persons):
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


def _speaker_after(body, end, p_end, lang, speakers):
    """ "« … », a déclaré X", "'…,' X said", "'…,' said X": speaker and cue after a quote."""
    verbs = SPEECH_VERBS[lang]
    after = body[end : min(p_end, end + 120)]
    m = re.match(rf"\s*,?\s*({verbs})(?!\w)", after, re.IGNORECASE)
    if m:  # cue first, then the speaker
        return _first_after(speakers, end + m.end(), end + 120), m.group(1)
    nxt = _first_after(speakers, end, end + 60)
    if nxt is not None:
        between = body[end : nxt.start]
        m = re.match(rf"\s*({verbs})(?!\w)", body[nxt.end : nxt.end + 40], re.IGNORECASE)
        if m and len(between.split()) <= 3 and not re.search(r"[.!?]", between.strip(",")):
            return nxt, m.group(1)
    return None, None


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
