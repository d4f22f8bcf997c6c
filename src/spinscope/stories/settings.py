"""The tunable numbers of story matching, in one light module (the CLI's ``--help`` reads
them without loading numpy). ``benchmarks/results/stories.md`` measured them."""

# Half of a score is the names two articles share, half their vectors' closeness: each
# alone finds an article's other half less often than the two together.
ENTITY_SHARE = 0.5
# A language needs this many stored articles with vectors to be centred on its own mean;
# fewer are centred on the training articles' mean (``centres``).
MIN_LANGUAGE_ARTICLES = 10
# The score two articles need to join one story, and how many of each other's best they
# must be among (a mutual test: a weekly round-up must not join every story it touches).
DEFAULT_THRESHOLD = 0.4
DEFAULT_NEIGHBOURS = 10
# Two dated articles further apart than this many days are never in one story: the same
# names a month later are another story.
DEFAULT_DAYS = 14
