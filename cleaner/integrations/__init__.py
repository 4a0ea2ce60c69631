"""Run the cleaner inside scale-out engines; each engine is an optional extra.

* :mod:`cleaner.integrations.datatrove`: ``ArticleCleaner``, a datatrove pipeline step
  (``pip install 'clean-article[datatrove]'``);
* :mod:`cleaner.integrations.spark`: ``clean_column`` for a Spark DataFrame
  (``pip install 'clean-article[spark]'``).

Importing this package imports no engine: only importing one of its modules does.
Workers build their :class:`~cleaner.Cleaner` lazily, once per process and per set of options,
through the cache behind :func:`cleaner.clean`, so the steps ship only their options.
"""

from __future__ import annotations


def missing_extra(extra: str, error: ImportError) -> ImportError:
    """An ``ImportError`` that names the extra to install, to raise ``from error``."""
    package = (error.name or extra).partition(".")[0]
    return ImportError(f"{package} is not installed: pip install 'clean-article[{extra}]'")
