"""``python -m govinfo_widgets`` runs the ``govinfo`` command."""

import sys

from .cli import main

sys.exit(main())
