"""``python -m xl_tracker`` is ``xl-tracker``."""

import sys

from xl_tracker.cli import main

sys.exit(main())
