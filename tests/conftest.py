"""Test settings: hypothesis runs derandomized in CI (CI=true), so a CI run is reproducible;
elsewhere it explores (HYPOTHESIS_PROFILE picks a profile by name). The tests speak English
unless they ask for Chinese (--lang zh, lang="zh"), whatever the machine's locale."""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default"))
os.environ["MLEXAM_LANG"] = "en"  # subprocesses and CliRunner alike


def pytest_collection_modifyitems(items):
    """Under pytest-xdist with --dist loadgroup (both tiers, as the README and .ci/run run them),
    every test of one family runs in the same worker: its problems are generated once, not
    once in each worker that happens to get one of its tests."""
    import pytest

    from tests.problems import TOPICS

    for item in items:
        params = getattr(item, "callspec", None)
        topic = params.params.get("topic") if params else None
        module = item.module.__name__.rsplit(".", 1)[-1].removeprefix("test_") if item.module else ""
        group = topic if topic in TOPICS else module if module in TOPICS else None
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
