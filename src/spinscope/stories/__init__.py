"""Stories: the same news told by several outlets, in any of their languages.

An analyst comparing outlets wants to compare them *on the same story*: how
French Press TV and an English-language outlet told one event, which techniques
each leaned on. Two signals say that two stored articles tell one story, and
neither needs another encoder pass:

- what they are about: the people, organisations and places the extraction
  stages found, under names that do not depend on the language (a place's
  gazetteer entry, a person's canonical name: « Barham Saleh » and "Barham
  Salih" are one key), weighted by how rare each is in the corpus;
- how they read: the mean of the article's sentence vectors, which the
  techniques stage already cached, centred on its language's mean so that two
  languages can meet (the raw vectors code the language first).

Half of each counts (``settings.ENTITY_SHARE``); `benchmarks/bench_stories.py`
measured each signal and their mix on training articles cut in two
(``benchmarks/results/stories.md``).

The parts: ``profile`` (what one analysis contributes), ``index`` (scores between
articles), ``grouping`` (stories and each outlet's telling), ``documents`` (JSON),
``output`` (terminal), ``commands`` (``spinscope related``, ``spinscope stories``).
Nothing is imported here, so the CLI's ``--help`` stays light.
"""
