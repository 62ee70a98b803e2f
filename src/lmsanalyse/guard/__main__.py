"""``python -m lmsanalyse.guard raw-marker FILE…`` (the pre-commit hook)."""

import sys

from .marker import main

sys.exit(main())
