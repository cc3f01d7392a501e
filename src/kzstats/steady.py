"""Outputs that do not depend on where they are made.

The Vega renderer inside vl-convert reads dates in the process's time zone, so a month label
drawn in America/Adak fell a day earlier than in Almaty. kzstats draws every figure in UTC:
the dates of the data are calendar days, not instants, and UTC has no daylight saving.
"""

import os
import time

TIME_ZONE = "UTC"


def use_utc() -> None:
    """Set the process's time zone (and that of the kernels and renderers it starts) to UTC."""
    if os.environ.get("TZ") != TIME_ZONE:
        os.environ["TZ"] = TIME_ZONE
        if hasattr(time, "tzset"):
            time.tzset()
