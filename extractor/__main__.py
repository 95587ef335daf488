"""``python -m extractor`` runs the same command line as ``extractor``."""

import sys

from extractor.cli import main

sys.exit(main())
