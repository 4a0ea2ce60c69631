"""``python -m cleaner``: the ``clean-article`` command."""

from .cli import main

main()
