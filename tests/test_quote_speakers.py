"""Who says a quotation: the cue's own clause, dashes, colons, pronouns, descriptions.

Each case is a pattern news writing uses in one of the supported languages, run through
the real entities and quotes stages (``benchmarks/eval_quotes.py`` measures the stage on
annotated training articles).
"""

from __future__ import annotations

import pytest

from spinscope.pipeline import analyze


def _speaker_of(text: str, quote_start: str, language: str) -> str | None:
    analysis = analyze(text, only=["entities", "quotes"])
    assert analysis.article.language == language
    [quote] = [q for q in analysis.quotes if q.text.lstrip('«“"„ ').startswith(quote_start)]
    return quote.speaker


@pytest.mark.parametrize(
    ("text", "quote", "language", "speaker"),
    [
        # Russian sets the cue after a dash: «…», — написал X
        (
            "Ермак о зерне\n\nГлава офиса президента Украины Андрей Ермак высказался в "
            'Телеграме о продовольственном кризисе.\n\n"Продовольственный кризис создается '
            'Россией искусственно, и мир должен ответить на это", - написал Ермак.',
            "Продовольственный",
            "ru",
            "Yermak",  # the alias table's name for « Ермак »
        ),
        # the speaker stands in the cue's clause, not further on
        (
            "Bono on the United Nations\n\n“We live in a time,” said U2’s Bono this week, "
            "“when institutions as vital to human progress as the United Nations are under "
            "attack.”",
            "We live in a time",
            "en",
            "Bono",
        ),
        # a description names the speaker where no entity does
        (
            "Frontex savait\n\nFrontex était au courant très tôt de ces renvois illégaux. « Au "
            "lieu d'empêcher les refoulements, l'ancien patron et ses collaborateurs les ont "
            "dissimulés », résume le magazine allemand.",
            "Au lieu",
            "fr",
            "le magazine allemand",
        ),
        # a name in apposition after the description
        (
            "Droits LGBT\n\n« La bataille n'est pas gagnée, il y a encore des étapes à "
            "franchir », a déclaré la cheffe du gouvernement, Élisabeth Borne, jeudi.",
            "La bataille",
            "fr",
            "Élisabeth Borne",
        ),
        # an inverted pronoun is the person named before, not the paper after it
        (
            "Macron et la Russie\n\nEmmanuel Macron refuse la rupture avec Moscou. « Je veux "
            "arrimer la Russie à l'Europe et non la laisser se replier sur elle-même », "
            "expliquait-il au JDD début mai.",
            "Je veux",
            "fr",
            "Emmanuel Macron",
        ),
        # a full stop after an abbreviation does not end the clause
        (
            "Pompeo\n\n« Nous devons empêcher la formation d'un colosse paneurasien en "
            "Europe et en Asie », déclare M. Pompeo.",
            "Nous devons",
            "fr",
            "Pompeo",
        ),
        # a colon ending the paragraph before introduces the quote opening the next one
        (
            "Le discours\n\nAu cours de son discours, Joe Biden a cherché à se distancer de "
            "son adversaire, en disant :\n\n« C'est un programme MAGA. Pendant ce temps, les "
            "millionnaires et les entreprises s'en tirent. »",
            "C'est un programme",
            "fr",
            "Joe Biden",
        ),
    ],
)
def test_the_speaker_the_text_gives(text, quote, language, speaker):
    found = _speaker_of(text, quote, language)
    assert found is not None and speaker in found, found


def test_a_name_after_a_preposition_does_not_introduce_a_quote():
    """« … ses divergences avec Trump : " … " » : Trump is what the sentence is about,
    not who speaks (seed 000 has this very sentence)."""
    text = (
        "La défaite\n\nLes médias tentent de cacher cette défaite sous les dehors d'un "
        "changement qu'expliqueraient ses divergences avec Trump : « Cette mesure s'inscrit "
        "dans le cadre du retrait des soldats de l'est de la Syrie. »"
    )
    assert _speaker_of(text, "Cette mesure", "fr") is None


def test_what_follows_that_is_said_not_the_speaker():
    """ "X заявили, что Министерство …": the ministry is what the bishops speak of."""
    text = (
        "Епископы и аборты\n\nПредседатели четырех комитетов епископов заявили, что "
        "предложенные Министерством здравоохранения США правила угрожают способности церкви "
        "«выполнять наше исцеляющее служение для всех людей»."
    )
    speaker = _speaker_of(text, "выполнять", "ru")
    assert speaker is None or "Министерств" not in speaker
