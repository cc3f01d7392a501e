"""What makes kzstats citable: licences, a citation file, and a versioned data package."""

import json

import pandas as pd
import yaml

import kzstats
from kzstats import config


def test_the_code_and_the_data_carry_their_licences():
    root = config.DATA_DIR.parent
    assert "MIT License" in (root / "LICENSE").read_text(encoding="utf-8")
    terms = (root / "LICENSE-DATA.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in terms and "data/raw/reports/" in terms


def test_the_citation_file_names_this_version():
    root = config.DATA_DIR.parent
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert citation["version"] == kzstats.__version__


def test_the_data_package_declares_its_version_licence_contributors_and_sources():
    package = json.loads((config.CLEAN_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == kzstats.__version__
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["contributors"]
    reports = pd.read_csv(config.REPORTS_CSV, dtype=str, keep_default_na=False)
    assert set(reports["url"]) <= {s["path"] for s in package["sources"]}


def test_every_report_says_where_it_was_published():
    reports = pd.read_csv(config.REPORTS_CSV, dtype=str, keep_default_na=False)
    assert reports["url"].str.startswith("https://").all()
