"""The codebook documents exactly what validation enforces."""

import pandas as pd

from kzstats import config, reference
from kzstats.codebook import render_codebook


def test_docs_codebook_is_up_to_date_with_schema_and_vocabularies():
    incidents = pd.read_csv(config.INCIDENTS_CSV, dtype=str, keep_default_na=False)
    assert config.CODEBOOK_MD.read_text(encoding="utf-8") == render_codebook(incidents), (
        "docs/codebook.md is stale: run `kzstats codebook`"
    )


def test_every_event_type_in_the_vocabulary_is_documented_with_an_example():
    text = config.CODEBOOK_MD.read_text(encoding="utf-8")
    for event_type in reference.event_types():
        assert f"| `{event_type}` |" in text
