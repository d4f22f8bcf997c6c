"""spinscope: shows how news is built to persuade.

The common case is one call::

    import spinscope
    analysis = spinscope.analyze(open("article.txt").read())

``spinscope.read(path)`` gives ``Article`` objects from files, folders, pages
and feeds; ``spinscope.open_store()`` the SQLite store.
"""

from spinscope.article import Analysis, Article
from spinscope.ingest import read
from spinscope.pipeline import analyze
from spinscope.store import open_store

__version__ = "0.1.0"
__all__ = ["Analysis", "Article", "analyze", "open_store", "read", "__version__"]
