"""The project's set-up files agree with each other."""

import re
import tomllib

from kzstats import config


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((config.PROJ_ROOT / "pyproject.toml").read_text())["project"]
    wanted = {r.replace(" ", "") for r in project["dependencies"]}
    wanted |= {r.replace(" ", "") for r in project["optional-dependencies"]["dev"]}
    env = (config.PROJ_ROOT / "environment.yml").read_text()
    listed = set(re.findall(r"^  - ([A-Za-z][\w.-]*[<>=!~][^\s#]*)\s*$", env, re.MULTILINE))
    listed.discard("python=3.11")
    assert listed == wanted, f"only in pyproject: {wanted - listed}; only in environment.yml: {listed - wanted}"
    assert re.search(r"^  - python=3\.11\s*$", env, re.MULTILINE)
    assert env.rstrip().endswith("- -e ."), "environment.yml must end with the pip section '-e .'"


def test_readme_shows_the_two_set_up_commands():
    readme = (config.PROJ_ROOT / "README.md").read_text()
    assert "make all" in readme and "make test" in readme


def test_ci_runs_every_test():
    assert "make test-all" in (config.PROJ_ROOT / ".ci" / "run").read_text()
    makefile = (config.PROJ_ROOT / "Makefile").read_text()
    recipe = re.search(r"^test-all:.*\n\t(.*pytest.*)$", makefile, re.MULTILINE)
    options = recipe.group(1).split("pytest", 1)[1] if recipe else ""
    assert recipe and not re.search(r"\s-[mk]\s", options), "test-all must select every test"


def test_ci_tests_the_lowest_versions_pyproject_allows():
    assert "make test-min" in (config.PROJ_ROOT / ".ci" / "run").read_text()
    makefile = (config.PROJ_ROOT / "Makefile").read_text()
    recipe = makefile.split("\ntest-min:")[0].rsplit("\n\n", 1)[-1]
    # The floors come from pyproject.toml itself, so a new dependency is tested at its floor too.
    assert "--resolution lowest-direct" in recipe and "-e '.[dev]'" in recipe
    assert re.search(r"^test-min:.*## ", makefile, re.MULTILINE)


def test_no_property_test_has_a_time_limit():
    # Speed is shown by bench/, never asserted: a deadline fails on a loaded machine.
    from hypothesis import settings

    assert settings().deadline is None
