"""``python -m teamspace``: the same entry point as the ``teamspace`` console script."""

from teamspace.cli import main

main()
