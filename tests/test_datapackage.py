"""data/clean/datapackage.json validates with Frictionless: types, enums, keys and foreign keys."""

import json

import frictionless
import pytest


@pytest.mark.slow
def test_the_built_package_is_valid_frictionless_data_with_its_keys(built_project):
    descriptor = built_project / "data" / "clean" / "datapackage.json"
    report = frictionless.validate(str(descriptor))
    errors = report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])
    assert report.valid, errors[:20]
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    assert all(r["schema"]["primaryKey"] for r in package["resources"])
    assert sum(len(r["schema"].get("foreignKeys", [])) for r in package["resources"]) >= 8


@pytest.mark.slow
def test_an_event_naming_an_unknown_person_fails_the_foreign_key(built_copy):
    clean = built_copy / "data" / "clean"
    events = (clean / "events.csv").read_text(encoding="utf-8")
    package = json.loads((clean / "datapackage.json").read_text())
    assert package["resources"][0]["schema"]["foreignKeys"][0]["fields"] == ["person_id"]
    first = events.index(",p-") + 1  # the first person id, made one no person has
    (clean / "events.csv").write_text(events[:first] + "p-ffffffffff" + events[first + 12:],
                                      encoding="utf-8")
    report = frictionless.validate(str(clean / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {e[0] for e in report.flatten(["type"])}
