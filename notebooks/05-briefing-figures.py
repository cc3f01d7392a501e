# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python (kzstats)
#     language: python
#     name: kzstats
# ---

# %% [markdown]
# # 05 — Briefing figures
#
# The final figures, written to `reports/figures/` as PNG (at twice screen resolution), SVG and
# PDF, each with the CSV of exactly the data it draws. `kzstats figures` writes the same files;
# the same data give byte-identical files. Each figure's subtitle says what it counts and what it
# leaves out; its source line names the reports.
#
# **What these cannot show:** events no report told, and months no report covers (grey: *no
# data*, never zero).

# %% tags=["parameters"]
START = "2017-01-01"
END = None  # last day shown; None: the end of the latest report's period
OUT = "../reports/figures"  # relative to this notebook

# %%
from pathlib import Path

from IPython.display import Markdown, display

from kzstats import dataset, figures

written = figures.export_all(dataset.load(), Path(OUT), START, END)

# %%
for figure in written:
    display(Markdown(f"### {figure.name}\n{figure.shows[0].upper()}{figure.shows[1:]}."))
    display(figure)
