"""Settings for the test suite: the normal settings in testing mode."""

import os

os.environ["DANVAN_TESTING"] = "1"

from danvan.settings import *  # noqa: F403
