"""The SemEval-2023 Task 3 taxonomy: 23 techniques in 6 categories, 14 frames, 3 genres.

Names are the official ones (``techniques_subtask3.txt``, ``frames_subtask2.txt``),
kept byte for byte because they are the labels of the training data and of the
official output format. Everything a person reads (labels, definitions,
examples) exists in English and French so a finding can explain itself to a
French-speaking analyst; other languages fall back to English. Definitions and
examples are written for this project, after the task's annotation guidelines.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

Lang = Literal["en", "fr"]
LANGUAGES: tuple[str, ...] = ("en", "fr")

# Official label lists, in the order of the official files (also the column order of models).
TECHNIQUE_NAMES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_Popularity",
    "Appeal_to_Values",
    "Appeal_to_Fear-Prejudice",
    "Flag_Waving",
    "Causal_Oversimplification",
    "False_Dilemma-No_Choice",
    "Consequential_Oversimplification",
    "Straw_Man",
    "Red_Herring",
    "Whataboutism",
    "Slogans",
    "Appeal_to_Time",
    "Conversation_Killer",
    "Loaded_Language",
    "Repetition",
    "Exaggeration-Minimisation",
    "Obfuscation-Vagueness-Confusion",
    "Name_Calling-Labeling",
    "Doubt",
    "Guilt_by_Association",
    "Appeal_to_Hypocrisy",
    "Questioning_the_Reputation",
)
FRAME_NAMES: tuple[str, ...] = (
    "Capacity_and_resources",
    "Crime_and_punishment",
    "Cultural_identity",
    "Economic",
    "External_regulation_and_reputation",
    "Fairness_and_equality",
    "Health_and_safety",
    "Legality_Constitutionality_and_jurisprudence",
    "Morality",
    "Policy_prescription_and_evaluation",
    "Political",
    "Public_opinion",
    "Quality_of_life",
    "Security_and_defense",
)
GENRE_NAMES: tuple[str, ...] = ("opinion", "reporting", "satire")


@dataclass(frozen=True)
class Category:
    """One of the six families the 23 techniques are grouped in."""

    name: str
    label: dict[str, str]
    description: dict[str, str]


@dataclass(frozen=True)
class Technique:
    """A persuasion technique, with what a report needs to explain a finding of it."""

    name: str
    category: str
    label: dict[str, str]
    definition: dict[str, str]
    example: dict[str, str]


@dataclass(frozen=True)
class Frame:
    """An angle from which an article presents its topic (article level, several per article)."""

    name: str
    label: dict[str, str]
    definition: dict[str, str]
    example: dict[str, str]


@dataclass(frozen=True)
class Genre:
    """The kind of article (article level, exactly one per article)."""

    name: str
    label: dict[str, str]
    definition: dict[str, str]
    example: dict[str, str]


_FRENCH_SPACING = (
    (" :", "\u00a0:"),
    (" ;", "\u202f;"),
    (" !", "\u202f!"),
    (" ?", "\u202f?"),
    ("« ", "«\u00a0"),
    (" »", "\u00a0»"),
)


def _french(text: str) -> str:
    """French typography: curly apostrophes, no-break spaces before ':;!?' and inside
    guillemets, so a line never breaks between a mark and its word."""
    for plain, fixed in _FRENCH_SPACING:
        text = text.replace(plain, fixed)
    return text.replace("'", "\u2019")


def _pair(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": _french(fr)}


_CATEGORIES = (
    Category(
        "attack_on_reputation",
        _pair("Attack on reputation", "Attaque contre la réputation"),
        _pair(
            "Going after the person or group behind an idea instead of the idea itself.",
            "S'en prendre à la personne ou au groupe qui porte une idée plutôt qu'à l'idée "
            "elle-même.",
        ),
    ),
    Category(
        "justification",
        _pair("Justification", "Justification"),
        _pair(
            "Backing a claim with an appeal (to authority, numbers, values, fear, pride) "
            "instead of evidence.",
            "Étayer une affirmation par un appel (à l'autorité, au nombre, aux valeurs, à la "
            "peur, à la fierté) plutôt que par des preuves.",
        ),
    ),
    Category(
        "simplification",
        _pair("Simplification", "Simplification"),
        _pair(
            "Reducing a complex situation to a single cause, a single consequence or a "
            "forced choice.",
            "Réduire une situation complexe à une cause unique, à une conséquence unique ou "
            "à un choix forcé.",
        ),
    ),
    Category(
        "distraction",
        _pair("Distraction", "Détournement de l'attention"),
        _pair(
            "Moving the discussion away from the real issue or from the opponent's actual "
            "position.",
            "Éloigner la discussion du vrai sujet ou de la position réelle de l'adversaire.",
        ),
    ),
    Category(
        "call",
        _pair("Call", "Appel à l'action"),
        _pair(
            "Pushing the audience to act or to stop thinking, with a rallying cry, a sense of "
            "urgency or a formula that ends debate.",
            "Pousser le public à agir ou à cesser de réfléchir, par un cri de ralliement, un "
            "sentiment d'urgence ou une formule qui clôt le débat.",
        ),
    ),
    Category(
        "manipulative_wording",
        _pair("Manipulative wording", "Formulation manipulatrice"),
        _pair(
            "Choosing words for their emotional effect, their vagueness or their repetition "
            "rather than for their accuracy.",
            "Choisir les mots pour leur charge émotionnelle, leur flou ou leur répétition "
            "plutôt que pour leur exactitude.",
        ),
    ),
)


def _t(name: str, category: str, en: tuple[str, str, str], fr: tuple[str, str, str]) -> Technique:
    """Build a technique from (label, definition, example) in English and French."""
    return Technique(name, category, _pair(en[0], fr[0]), _pair(en[1], fr[1]), _pair(en[2], fr[2]))


_TECHNIQUES = (
    _t(
        "Appeal_to_Authority",
        "justification",
        (
            "Appeal to authority",
            "Presents a claim as true because a person or institution held up as an "
            "authority says so, with no other evidence given.",
            "As a decorated general explained on television, the sanctions cannot work.",
        ),
        (
            "Appel à l'autorité",
            "Présente une affirmation comme vraie parce qu'une personne ou une institution "
            "érigée en autorité l'a dite, sans autre preuve.",
            "Comme l'a expliqué un général décoré sur un plateau télé, les sanctions ne "
            "peuvent pas fonctionner.",
        ),
    ),
    _t(
        "Appeal_to_Popularity",
        "justification",
        (
            "Appeal to popularity (bandwagon)",
            "Claims an idea is right or true because many people, or 'everyone', already "
            "believe or do it.",
            "Millions of citizens have already understood that this treaty is a trap.",
        ),
        (
            "Appel au nombre (effet de mode)",
            "Prétend qu'une idée est juste ou vraie parce que beaucoup de gens, voire « tout "
            "le monde », y adhèrent déjà.",
            "Des millions de citoyens ont déjà compris que ce traité est un piège.",
        ),
    ),
    _t(
        "Appeal_to_Values",
        "justification",
        (
            "Appeal to values",
            "Justifies a position by tying it to values the audience cherishes (freedom, "
            "tradition, faith, democracy), treated as beyond discussion.",
            "Supporting this law means defending the freedom our grandparents fought for.",
        ),
        (
            "Appel aux valeurs",
            "Justifie une position en la rattachant à des valeurs chères au public (liberté, "
            "tradition, foi, démocratie), présentées comme indiscutables.",
            "Soutenir cette loi, c'est défendre la liberté pour laquelle nos grands-parents "
            "se sont battus.",
        ),
    ),
    _t(
        "Appeal_to_Fear-Prejudice",
        "justification",
        (
            "Appeal to fear or prejudice",
            "Promotes or rejects an idea by stirring fear of what would otherwise happen, "
            "or by playing on the audience's prejudices against a group.",
            "If we open the borders, our towns will be overrun by criminals.",
        ),
        (
            "Appel à la peur ou aux préjugés",
            "Défend ou rejette une idée en attisant la peur de ce qui arriverait sinon, ou "
            "en jouant sur les préjugés du public envers un groupe.",
            "Si nous ouvrons les frontières, nos villes seront envahies par les délinquants.",
        ),
    ),
    _t(
        "Flag_Waving",
        "justification",
        (
            "Flag-waving",
            "Justifies an idea by appealing to pride in a group (nation, people, religion, "
            "political camp) or by claiming it serves that group's interest.",
            "Every true patriot will stand behind our soldiers.",
        ),
        (
            "Appel au drapeau (fibre patriotique)",
            "Justifie une idée en flattant la fierté d'appartenance à un groupe (nation, "
            "peuple, religion, camp politique) ou en la disant conforme à ses intérêts.",
            "Tout vrai patriote se tiendra aux côtés de nos soldats.",
        ),
    ),
    _t(
        "Causal_Oversimplification",
        "simplification",
        (
            "Causal oversimplification",
            "Reduces an issue with many causes to a single one, or puts the whole blame on "
            "one actor.",
            "Prices are soaring for one reason only: the sanctions.",
        ),
        (
            "Simplification causale",
            "Ramène un problème aux causes multiples à une cause unique, ou en rejette toute "
            "la faute sur un seul acteur.",
            "Si les prix flambent, c'est pour une seule raison : les sanctions.",
        ),
    ),
    _t(
        "False_Dilemma-No_Choice",
        "simplification",
        (
            "False dilemma or no choice",
            "Presents two options, or just one, as the only possible ones when others exist.",
            "Either you support the government, or you side with the terrorists.",
        ),
        (
            "Faux dilemme ou absence de choix",
            "Présente deux options, voire une seule, comme les seules possibles alors qu'il "
            "en existe d'autres.",
            "Soit vous soutenez le gouvernement, soit vous êtes du côté des terroristes.",
        ),
    ),
    _t(
        "Consequential_Oversimplification",
        "simplification",
        (
            "Consequential oversimplification (slippery slope)",
            "Asserts that a first step will inevitably set off a chain of ever worse "
            "consequences, without showing why the chain would follow.",
            "Today they ban cars from the city centre; tomorrow they will tell us what to eat.",
        ),
        (
            "Simplification des conséquences (pente glissante)",
            "Affirme qu'une première mesure entraînera fatalement une suite de conséquences "
            "de plus en plus graves, sans montrer pourquoi cet enchaînement aurait lieu.",
            "Aujourd'hui on interdit la voiture en centre-ville, demain on nous dictera ce "
            "que nous devons manger.",
        ),
    ),
    _t(
        "Straw_Man",
        "distraction",
        (
            "Straw man",
            "Replaces the opponent's actual position with a distorted or exaggerated "
            "version, then attacks that version.",
            "The Greens want more buses? So they want to forbid people from owning a car.",
        ),
        (
            "Homme de paille",
            "Substitue à la position réelle de l'adversaire une version déformée ou outrée, "
            "puis s'en prend à cette caricature.",
            "Les écologistes veulent plus de bus ? Autrement dit, ils veulent interdire aux "
            "gens d'avoir une voiture.",
        ),
    ),
    _t(
        "Red_Herring",
        "distraction",
        (
            "Red herring",
            "Shifts attention to an unrelated topic so that the question under discussion "
            "is left unanswered.",
            "Asked about the missing funds, the mayor spoke at length about the new stadium.",
        ),
        (
            "Diversion (hareng rouge)",
            "Détourne l'attention vers un sujet sans rapport, de sorte que la question posée "
            "reste sans réponse.",
            "Interrogé sur les fonds disparus, le maire s'est longuement étendu sur le "
            "nouveau stade.",
        ),
    ),
    _t(
        "Whataboutism",
        "distraction",
        (
            "Whataboutism",
            "Deflects a criticism by pointing to a supposedly comparable wrong committed by "
            "the critic or by others, without answering the criticism itself.",
            "You condemn our strikes? What about the bombs your allies dropped on Iraq?",
        ),
        (
            "Whataboutisme (« et vous, alors ? »)",
            "Esquive une critique en renvoyant à un tort supposé comparable commis par "
            "l'accusateur ou par d'autres, sans répondre à la critique elle-même.",
            "Vous condamnez nos frappes ? Et les bombes que vos alliés ont larguées sur l'Irak ?",
        ),
    ),
    _t(
        "Slogans",
        "call",
        (
            "Slogan",
            "A short, punchy phrase that works as a rallying cry or an emotional appeal "
            "rather than as an argument.",
            "Our land, our rules!",
        ),
        (
            "Slogan",
            "Formule brève et frappante qui sert de cri de ralliement ou d'appel à "
            "l'émotion plutôt que d'argument.",
            "Notre terre, nos règles !",
        ),
    ),
    _t(
        "Appeal_to_Time",
        "call",
        (
            "Appeal to time (urgency)",
            "Insists that now is the moment to act, invoking urgency or a deadline so that "
            "the audience acts without deliberating.",
            "We must act now, before it is too late.",
        ),
        (
            "Appel à l'urgence (« c'est maintenant ou jamais »)",
            "Martèle que c'est le moment d'agir, en invoquant l'urgence ou une échéance pour "
            "que le public agisse sans réfléchir.",
            "Il faut agir maintenant, avant qu'il ne soit trop tard.",
        ),
    ),
    _t(
        "Conversation_Killer",
        "call",
        (
            "Thought-terminating cliché",
            "A stock formula that presents the matter as settled and discourages further "
            "thought or debate.",
            "It is what it is. End of discussion.",
        ),
        (
            "Formule qui clôt le débat",
            "Formule toute faite qui présente la question comme tranchée et décourage toute "
            "réflexion ou discussion.",
            "C'est comme ça, un point c'est tout.",
        ),
    ),
    _t(
        "Loaded_Language",
        "manipulative_wording",
        (
            "Loaded language",
            "Words or phrases with strong emotional connotations, positive or negative, used "
            "to sway the reader beyond what the facts support.",
            "The regime's henchmen savagely crushed the peaceful crowd.",
        ),
        (
            "Langage chargé",
            "Mots ou expressions à forte connotation émotionnelle, positive ou négative, "
            "employés pour influencer le lecteur au-delà de ce qu'établissent les faits.",
            "Les sbires du régime ont sauvagement écrasé la foule pacifique.",
        ),
    ),
    _t(
        "Repetition",
        "manipulative_wording",
        (
            "Repetition",
            "Repeats the same word, phrase or idea again and again so that the audience "
            "ends up accepting it.",
            "They lied about the war. They lied about the economy. They lie to you every day.",
        ),
        (
            "Répétition",
            "Répète le même mot, la même formule ou la même idée pour que le public finisse "
            "par l'accepter.",
            "Ils ont menti sur la guerre. Ils ont menti sur l'économie. Ils vous mentent "
            "chaque jour.",
        ),
    ),
    _t(
        "Exaggeration-Minimisation",
        "manipulative_wording",
        (
            "Exaggeration or minimisation",
            "Makes something look bigger, better or worse than it is, or plays down "
            "something that matters.",
            "This is the greatest betrayal in the nation's history. / It was only a joke.",
        ),
        (
            "Exagération ou minimisation",
            "Fait paraître une chose plus grande, meilleure ou pire qu'elle n'est, ou "
            "minimise une chose importante.",
            "C'est la plus grande trahison de l'histoire du pays. / Ce n'était qu'une "
            "plaisanterie.",
        ),
    ),
    _t(
        "Obfuscation-Vagueness-Confusion",
        "manipulative_wording",
        (
            "Obfuscation, vagueness, confusion",
            "Uses deliberately unclear or ambiguous wording, so the audience reads into it "
            "what it wants or the claim can never be pinned down.",
            "Certain circles, let us say, have their reasons for wanting things this way.",
        ),
        (
            "Flou délibéré, confusion",
            "Emploie des termes volontairement obscurs ou ambigus, pour que chacun y lise ce "
            "qu'il veut ou que l'affirmation reste insaisissable.",
            "Certains milieux, disons, ont leurs raisons de vouloir qu'il en soit ainsi.",
        ),
    ),
    _t(
        "Name_Calling-Labeling",
        "attack_on_reputation",
        (
            "Name-calling or labelling",
            "Sticks a label on the target, insulting or flattering, that the audience is "
            "meant to fear, despise or admire, in place of an argument.",
            "The Yankee warmongers are at it again.",
        ),
        (
            "Étiquetage, qualificatifs injurieux",
            "Accole à la cible une étiquette, insultante ou flatteuse, destinée à la faire "
            "craindre, mépriser ou admirer, en lieu et place d'un argument.",
            "Les va-t-en-guerre yankees remettent ça.",
        ),
    ),
    _t(
        "Doubt",
        "attack_on_reputation",
        (
            "Casting doubt",
            "Undermines the credibility of someone or something by questioning their "
            "competence, honesty or motives, often through insinuating questions.",
            "Can we really trust a minister who changes his mind every week?",
        ),
        (
            "Mise en doute",
            "Sape la crédibilité d'une personne ou d'une chose en mettant en cause sa "
            "compétence, son honnêteté ou ses motivations, souvent par des questions "
            "insinuantes.",
            "Peut-on vraiment faire confiance à un ministre qui change d'avis chaque semaine ?",
        ),
    ),
    _t(
        "Guilt_by_Association",
        "attack_on_reputation",
        (
            "Guilt by association",
            "Discredits a person or idea by linking them to a group, person or ideology the "
            "audience already regards as bad.",
            "This plan was also dear to the Nazis.",
        ),
        (
            "Culpabilité par association",
            "Discrédite une personne ou une idée en l'associant à un groupe, une personne ou "
            "une idéologie que le public juge déjà néfaste.",
            "Ce projet était aussi cher aux nazis.",
        ),
    ),
    _t(
        "Appeal_to_Hypocrisy",
        "attack_on_reputation",
        (
            "Appeal to hypocrisy (tu quoque)",
            "Attacks the target's reputation by calling them a hypocrite who does, or "
            "once did, what they now condemn.",
            "The minister preaches saving energy, yet flies to his holiday home by private jet.",
        ),
        (
            "Accusation d'hypocrisie (tu quoque)",
            "S'en prend à la réputation de la cible en la taxant d'hypocrisie, parce "
            "qu'elle fait, ou a fait, ce qu'elle condamne aujourd'hui.",
            "Le ministre prêche la sobriété énergétique mais rejoint sa résidence secondaire "
            "en jet privé.",
        ),
    ),
    _t(
        "Questioning_the_Reputation",
        "attack_on_reputation",
        (
            "Questioning the reputation",
            "Damages the target's character or moral standing with strong, usually "
            "unsupported negative claims, rather than engaging with their arguments.",
            "The senator has never cared about anything but his own bank account.",
        ),
        (
            "Mise en cause de la réputation",
            "Ternit la moralité ou la réputation de la cible par des affirmations négatives "
            "appuyées, le plus souvent sans preuve, au lieu de discuter ses arguments.",
            "Le sénateur ne s'est jamais soucié que de son compte en banque.",
        ),
    ),
)


def _f(name: str, en: tuple[str, str, str], fr: tuple[str, str, str]) -> Frame:
    return Frame(name, _pair(en[0], fr[0]), _pair(en[1], fr[1]), _pair(en[2], fr[2]))


_FRAMES = (
    _f(
        "Capacity_and_resources",
        (
            "Capacity and resources",
            "Whether physical, human or financial resources, or the capacity of existing "
            "systems, are enough to meet the need.",
            "Hospitals are running out of beds and nurses.",
        ),
        (
            "Capacités et ressources",
            "La question de savoir si les moyens matériels, humains ou financiers, ou la "
            "capacité des dispositifs existants, suffisent à répondre au besoin.",
            "Les hôpitaux manquent de lits et d'infirmières.",
        ),
    ),
    _f(
        "Crime_and_punishment",
        (
            "Crime and punishment",
            "Breaking the law or the rules, law enforcement, sentences and punishment.",
            "The smugglers face up to ten years in prison.",
        ),
        (
            "Crime et sanction",
            "Infractions aux lois ou aux règles, action de la police et de la justice, "
            "peines et sanctions.",
            "Les passeurs encourent jusqu'à dix ans de prison.",
        ),
    ),
    _f(
        "Cultural_identity",
        (
            "Cultural identity",
            "The traditions, customs, language or values of a social group, and threats to them.",
            "Our language and our village festivals are part of who we are.",
        ),
        (
            "Identité culturelle",
            "Traditions, coutumes, langue ou valeurs d'un groupe social, et ce qui les menace.",
            "Notre langue et nos fêtes de village font partie de ce que nous sommes.",
        ),
    ),
    _f(
        "Economic",
        (
            "Economic",
            "Costs, benefits and financial consequences for people, firms or the country.",
            "The new tariff will cost households two billion a year.",
        ),
        (
            "Économie",
            "Coûts, bénéfices et conséquences financières pour les personnes, les "
            "entreprises ou le pays.",
            "Le nouveau tarif coûtera deux milliards par an aux ménages.",
        ),
    ),
    _f(
        "External_regulation_and_reputation",
        (
            "External relations and reputation",
            "The country's standing abroad, its relations with other states, treaties and "
            "international pressure.",
            "The decision has damaged the country's image among its allies.",
        ),
        (
            "Relations extérieures et réputation",
            "L'image du pays à l'étranger, ses relations avec les autres États, les traités "
            "et les pressions internationales.",
            "Cette décision a terni l'image du pays auprès de ses alliés.",
        ),
    ),
    _f(
        "Fairness_and_equality",
        (
            "Fairness and equality",
            "How rights, duties and resources are shared between individuals or groups; "
            "equality and discrimination.",
            "Rural families pay more for the same service as city dwellers.",
        ),
        (
            "Équité et égalité",
            "Répartition des droits, des devoirs et des ressources entre individus ou "
            "groupes ; égalité et discriminations.",
            "Les familles rurales paient plus cher que les citadins pour le même service.",
        ),
    ),
    _f(
        "Health_and_safety",
        (
            "Health and safety",
            "Health care, disease, sanitation and the physical safety of the public.",
            "The virus is spreading fastest in care homes.",
        ),
        (
            "Santé et sécurité sanitaire",
            "Soins, maladies, hygiène et sécurité physique de la population.",
            "Le virus progresse le plus vite dans les maisons de retraite.",
        ),
    ),
    _f(
        "Legality_Constitutionality_and_jurisprudence",
        (
            "Legality, constitutionality and jurisprudence",
            "Legal and constitutional aspects (rights, powers, court rulings) and what "
            "the law permits.",
            "The constitutional court struck down the emergency decree.",
        ),
        (
            "Légalité, constitutionnalité et jurisprudence",
            "Aspects juridiques et constitutionnels (droits, compétences, décisions de "
            "justice) et ce que la loi permet.",
            "Le Conseil constitutionnel a censuré le décret d'urgence.",
        ),
    ),
    _f(
        "Morality",
        (
            "Morality",
            "Religious or ethical considerations about what is right, wrong or sinful.",
            "Abandoning refugees at sea is a moral disgrace.",
        ),
        (
            "Morale",
            "Considérations religieuses ou éthiques sur ce qui est bien, mal ou condamnable.",
            "Abandonner des réfugiés en mer est une honte morale.",
        ),
    ),
    _f(
        "Policy_prescription_and_evaluation",
        (
            "Policy prescription and evaluation",
            "Policies proposed to deal with an issue, and whether existing policies work.",
            "A carbon tax would cut emissions faster than subsidies have.",
        ),
        (
            "Propositions et évaluation des politiques",
            "Mesures proposées pour traiter un problème, et efficacité des politiques en place.",
            "Une taxe carbone réduirait les émissions plus vite que les subventions.",
        ),
    ),
    _f(
        "Political",
        (
            "Political",
            "Political considerations (parties, elections, campaigns, alliances) and "
            "partisan manoeuvring.",
            "The bill is a gift to the president's allies ahead of the elections.",
        ),
        (
            "Politique",
            "Considérations politiques (partis, élections, campagnes, alliances) et "
            "manœuvres partisanes.",
            "Ce projet de loi est un cadeau aux alliés du président avant les élections.",
        ),
    ),
    _f(
        "Public_opinion",
        (
            "Public opinion",
            "What the general public thinks, as shown by polls, protests or social media.",
            "Two thirds of voters now oppose the reform.",
        ),
        (
            "Opinion publique",
            "Ce que pense la population, à travers sondages, manifestations ou réactions "
            "sur les réseaux sociaux.",
            "Deux électeurs sur trois s'opposent désormais à la réforme.",
        ),
    ),
    _f(
        "Quality_of_life",
        (
            "Quality of life",
            "Effects on people's daily lives (wealth, mobility, well-being, routines).",
            "Commuters now spend two hours a day in traffic.",
        ),
        (
            "Qualité de vie",
            "Effets sur la vie quotidienne (niveau de vie, mobilité, bien-être, habitudes).",
            "Les salariés passent désormais deux heures par jour dans les bouchons.",
        ),
    ),
    _f(
        "Security_and_defense",
        (
            "Security and defence",
            "Threats to the safety of people, communities or the nation, and the means of "
            "defending against them.",
            "The army has moved missile batteries to the border.",
        ),
        (
            "Sécurité et défense",
            "Menaces pour la sécurité des personnes, des communautés ou de la nation, et "
            "moyens de s'en défendre.",
            "L'armée a déployé des batteries de missiles à la frontière.",
        ),
    ),
)

_GENRES = (
    Genre(
        "opinion",
        _pair("Opinion", "Opinion"),
        _pair(
            "Argues a point of view, as editorials, columns, commentary and analysis "
            "with a stated stance do.",
            "Défend un point de vue, comme le font éditoriaux, tribunes, chroniques et "
            "analyses engagées.",
        ),
        _pair(
            "Why the government's reform is a betrayal of workers",
            "Pourquoi la réforme du gouvernement trahit les travailleurs",
        ),
    ),
    Genre(
        "reporting",
        _pair("Reporting", "Information"),
        _pair(
            "Reports events and statements as news, aiming to inform rather than to argue.",
            "Rapporte des faits et des déclarations comme une dépêche, pour informer plutôt "
            "que pour convaincre.",
        ),
        _pair(
            "Parliament adopted the pension reform on Tuesday by 289 votes to 250.",
            "L'Assemblée a adopté mardi la réforme des retraites par 289 voix contre 250.",
        ),
    ),
    Genre(
        "satire",
        _pair("Satire", "Satire"),
        _pair(
            "Mocks people or events through irony, exaggeration or invented news.",
            "Tourne en dérision des personnes ou des événements par l'ironie, l'exagération "
            "ou de fausses nouvelles.",
        ),
        _pair(
            "Minister announces plan to fight inflation by banning price tags",
            "Le ministre annonce vouloir combattre l'inflation en interdisant les étiquettes "
            "de prix",
        ),
    ),
)

CATEGORIES: MappingProxyType[str, Category] = MappingProxyType({c.name: c for c in _CATEGORIES})
TECHNIQUES: MappingProxyType[str, Technique] = MappingProxyType(
    {t.name: t for t in sorted(_TECHNIQUES, key=lambda t: TECHNIQUE_NAMES.index(t.name))}
)
FRAMES: MappingProxyType[str, Frame] = MappingProxyType({f.name: f for f in _FRAMES})
GENRES: MappingProxyType[str, Genre] = MappingProxyType({g.name: g for g in _GENRES})


def category_of(technique: str) -> str:
    """The category id (e.g. ``"attack_on_reputation"``) of an official technique name."""
    try:
        return TECHNIQUES[technique].category
    except KeyError:
        raise KeyError(f"unknown technique {technique!r}") from None


def techniques_in(category: str) -> tuple[str, ...]:
    """Official names of the techniques of one category, in official order."""
    if category not in CATEGORIES:
        raise KeyError(f"unknown category {category!r}; known: {', '.join(CATEGORIES)}")
    return tuple(t.name for t in TECHNIQUES.values() if t.category == category)


def _lang(lang: str) -> str:
    """'fr-FR' → 'fr'; languages without texts fall back to English."""
    base = lang.replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else "en"


def _entry(name: str) -> Technique | Category | Frame | Genre:
    for table in (TECHNIQUES, CATEGORIES, FRAMES, GENRES):
        if name in table:
            return table[name]
    raise KeyError(f"unknown technique, category, frame or genre {name!r}")


def label(name: str, lang: str = "en") -> str:
    """Human label of a technique, category, frame or genre."""
    return _entry(name).label[_lang(lang)]


def definition(name: str, lang: str = "en") -> str:
    """Short definition of a technique, category, frame or genre."""
    entry = _entry(name)
    texts = entry.description if isinstance(entry, Category) else entry.definition
    return texts[_lang(lang)]


def example(name: str, lang: str = "en") -> str:
    """A short made-up example of a technique, frame or genre ("" for a category)."""
    entry = _entry(name)
    return "" if isinstance(entry, Category) else entry.example[_lang(lang)]


def describe(name: str, lang: str = "en") -> str:
    """One line for a reader, 'Label — Category: definition', for any taxonomy name."""
    code = _lang(lang)
    entry = _entry(name)
    head = entry.label[code]
    if isinstance(entry, Technique):
        head = f"{head} \u2014 {CATEGORIES[entry.category].label[code]}"
    colon = "\u00a0: " if code == "fr" else ": "
    return f"{head}{colon}{definition(name, code)}"
