"""The learned part of `kzstats extract`: two logistic models over candidate rows, stored as JSON.

Each candidate row (an event word of a clause with a person, see extract.candidates) carries
binary features: the event word, how the person was found, whether the clause is about them,
their distance and side from the word, the words around the name. A candidate comes in one
variant per date it could take. The event model (a weight per feature and a bias) says whether
the event happened to the person; the date model says which variant's date a coder would write.
A row's confidence is the first probability times the second's share among its variants. It is stored as plain JSON (no
pickle: loading it runs no code) with the hash of the data it was learned from, and refused when
the coded sheet or a report it learned from has changed since.
"""

import hashlib
import json
import math
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kzstats import config, extract
from kzstats.errors import KzstatsError, Problem

FORMAT = 2
L2 = 3.0  # weight decay: some 1,000 events and 750 features; rare features must not decide alone
NEWTON_STEPS = 25
MIN_SEEN = 2  # a feature of a single candidate teaches nothing that carries to a new report
TRAIN_COMMAND = "kzstats extract-train (or make extract-model)"


@dataclass
class Model:
    """Learned weights, the threshold below which a candidate is not proposed, and what the model
    knows of people (extract.Knowledge) — everything learned from the coded reports it names."""

    weights: dict[str, float]
    bias: float
    threshold: float
    names: list[str] = field(default_factory=list)
    not_names: list[str] = field(default_factory=list)
    group_types: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)
    data_hash: str = ""
    date_weights: dict[str, float] = field(default_factory=dict)  # which date variant
    date_bias: float = 0.0
    format: int = FORMAT

    def knowledge(self) -> extract.Knowledge:
        return extract.Knowledge(names=tuple(self.names), not_names=frozenset(self.not_names),
                                 group_types=frozenset(self.group_types))


def model_path() -> Path:
    """Where the trained model lives (read at call time, so KZSTATS_ROOT moves it too)."""
    return config.PROJ_ROOT / "models" / "extract_model.json"


def data_hash(sheet: pd.DataFrame, texts: dict[str, str]) -> str:
    """SHA-256 of the coded rows and of the text of every report they code."""
    digest = hashlib.sha256(sheet.to_csv(index=False, lineterminator="\n").encode())
    for report_id in sorted(sheet["report_id"].unique()):
        digest.update(f"\n{report_id}\n".encode())
        digest.update(texts[report_id].encode())
    return digest.hexdigest()


# ---- scoring ---------------------------------------------------------------------------------

def probabilities(model: Model, features: pd.Series) -> np.ndarray:
    """The event model's probability for each candidate's features."""
    return _logistic(model.weights, model.bias, features)


def date_shares(model: Model, table: pd.DataFrame) -> np.ndarray:
    """For each candidate, the date model's share of its variant among the variants of its event
    (1.0 for an event with a single date it could take)."""
    p = pd.Series(_logistic(model.date_weights, model.date_bias, table["date_features"]),
                  index=table.index)
    return (p / p.groupby(table["one_of"]).transform("sum")).to_numpy()


def _logistic(weights: dict[str, float], bias: float, features) -> np.ndarray:
    scores = [bias + sum(weights.get(f, 0.0) for f in row) for row in features]
    return 1.0 / (1.0 + np.exp(-np.asarray(scores, dtype=float)))


def confidence(model: Model, table: pd.DataFrame) -> np.ndarray:
    """How likely each candidate is a row a coder would write: its event, then its date."""
    if table.empty:
        return np.zeros(0)
    return probabilities(model, table["features"]) * date_shares(model, table)


def score(model: Model, table: pd.DataFrame) -> pd.DataFrame:
    """Candidates with the model's probability as their confidence, and its strongest reasons."""
    p = confidence(model, table)
    reasons = [f"{r}; model {c:.2f} ({_top_features(model, f)})"
               for r, c, f in zip(table["reason"], p, table["features"])]
    return table.assign(confidence=[f"{c:.2f}" for c in p], reason=reasons)


def _top_features(model: Model, features) -> str:
    weighted = sorted(((model.weights.get(f, 0.0), f) for f in features), key=lambda x: -abs(x[0]))
    return ", ".join(f"{f} {w:+.1f}" for w, f in weighted[:3])


# ---- fitting ---------------------------------------------------------------------------------

def fit(features: list, labels: np.ndarray) -> tuple[dict[str, float], float]:
    """L2-regularised logistic regression by Newton's method: (weight per feature, bias).

    Dense and exact: a few thousand candidates and a thousand features fit in well under a second,
    and the same data always give the same weights.
    """
    seen = Counter(f for row in features for f in set(row))
    vocabulary = sorted(f for f, n in seen.items() if n >= MIN_SEEN)
    column = {f: i for i, f in enumerate(vocabulary)}
    x = np.zeros((len(features), len(vocabulary) + 1))
    x[:, -1] = 1.0
    for i, row in enumerate(features):
        x[i, [column[f] for f in row if f in column]] = 1.0
    y = np.asarray(labels, dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], L2)
    penalty[-1] = 0.0  # the bias is not shrunk
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-4:
            break
    weights = {f: round(float(w[i]), 6) for f, i in column.items() if abs(w[i]) > 1e-6}
    return weights, round(float(w[-1]), 6)


# ---- storing ---------------------------------------------------------------------------------

def save(model: Model, path: Path) -> None:
    """Write the model as sorted, indented JSON, so that a retrained model diffs readably."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = asdict(model)
    data["weights"] = dict(sorted(data["weights"].items()))
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def load(path: Path, expected_hash: str | None = None) -> Model:
    """Read a stored model; refuse a missing, unreadable or stale one with a message that says
    to retrain. `expected_hash` is data_hash() of the data the model should have come from."""
    retrain = f"train it with `{TRAIN_COMMAND}`"
    if not path.exists():
        raise KzstatsError([Problem(str(path), None, "", "", "", f"no extraction model: {retrain}")])
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        model = Model(**data)
    except (ValueError, TypeError) as exc:
        raise KzstatsError([Problem(str(path), None, "", "", "",
                                    f"not a model this version reads ({exc}): {retrain}")]) from None
    if model.format != FORMAT or not all(math.isfinite(v) for v in model.weights.values()):
        raise KzstatsError([Problem(str(path), None, "", "format", str(model.format),
                                    f"not a model this version reads: {retrain}")])
    if expected_hash is not None and model.data_hash != expected_hash:
        raise KzstatsError([Problem(
            str(path), None, "", "data_hash", model.data_hash[:12],
            f"the model is stale: it was learned from data hash {model.data_hash[:12]}, but the "
            f"coded sheet and reports now hash {expected_hash[:12]}; retrain it with "
            f"`{TRAIN_COMMAND}`")])
    return model
