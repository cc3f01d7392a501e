"""Print the floor pyproject.toml declares and the version installed, for each direct dependency
(the dev extra included): what `make test-min` tested."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["project"]
for requirement in project["dependencies"] + project["optional-dependencies"]["dev"]:
    name, spec = re.match(r"([A-Za-z0-9][\w.-]*)(?:\[[^]]*\])?\s*(.*)", requirement).groups()
    print(f"  {name:<20} {spec:<12} installed {metadata.version(name)}")
