"""`python -m kzstats`: the `kzstats` command."""

import sys

from kzstats.cli import main

sys.exit(main())
