"""Test settings: hypothesis runs derandomized in CI (CI=true), so a CI run is reproducible;
elsewhere it explores (HYPOTHESIS_PROFILE picks a profile by name). The tests speak English
unless they ask for Chinese (--lang zh, lang="zh"), whatever the machine's locale."""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default"))
os.environ["MLEXAM_LANG"] = "en"  # subprocesses and CliRunner alike
