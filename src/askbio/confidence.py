"""How sure an answer is: the signals it rests on, and a logistic model over them, fitted on
labelled questions (`askbio eval --fit-confidence`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Signals:
    """What the confidence is computed from."""

    coverage: float  # share of the question's weight found in the best passage
    top_score: float  # fused score of the best passage
    tfidf: float  # TF-IDF cosine of the best passage
    margin: float  # best fused score minus the second's
    type_found: float  # 1 when the answer type was asked for and found, 0.5 if not asked
    unknown: float  # share of the question's weight in words the collection lacks
    everyday: float = 0.0  # of that share, the part in everyday English words

    def to_dict(self) -> dict[str, float]:
        return dict(self.__dict__)  # dataclasses.asdict copies deeply, at several times the cost


FEATURES = tuple(f.name for f in fields(Signals))

# Fitted on the development question sets (askbio eval --fit-confidence tests/questions/
# tests/later/visitors.yaml tests/later/independent-visitors.yaml); docs/quality.md has the fit,
# its reliability table and how min_confidence was chosen.
CONFIDENCE_WEIGHTS = {
    "bias": -5.057,
    "coverage": 4.135,
    "top_score": 0.586,
    "tfidf": 2.847,
    "margin": -0.533,
    "type_found": 2.117,
    "unknown": -6.951,
    "everyday": 5.732,
}


def confidence(signals: Signals, weights: dict[str, float] = CONFIDENCE_WEIGHTS) -> float:
    z = weights["bias"] + sum(weights[name] * getattr(signals, name) for name in FEATURES)
    return 1.0 / (1.0 + math.exp(-z))


def fit(rows: Sequence[Sequence[float]], labels: Sequence[int], *, folds: int = 10) -> dict[str, Any]:
    """Fit the model on signal rows (in FEATURES order) labelled right (1) or wrong (0).

    The threshold and the reliability table come from cross-validated predictions, so they are
    not measured on the data the model was fitted on. ValueError when only one label occurs."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    x, y = np.array(rows), np.array(labels)
    if len(set(labels)) < 2:
        raise ValueError("fitting needs both right and wrong answers among the questions")
    model = LogisticRegression(C=10.0, max_iter=1000)  # mild: the sets are small
    splits = min(folds, int(min(np.bincount(y))))
    predicted = cross_val_predict(
        model, x, y, cv=StratifiedKFold(splits, shuffle=True, random_state=0), method="predict_proba"
    )[:, 1]
    model.fit(x, y)
    thresholds = sorted(set(np.round(predicted, 3)))
    best = max(thresholds, key=lambda t: (float(np.mean((predicted >= t) == y)), -abs(t - 0.5)))
    table = []
    for lo, hi in ((0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.01)):
        mask = (predicted >= lo) & (predicted < hi)
        if mask.any():
            table.append(
                {
                    "bin": f"{lo:.1f}-{min(hi, 1.0):.1f}",
                    "questions": int(mask.sum()),
                    "mean_confidence": round(float(predicted[mask].mean()), 3),
                    "right": round(float(y[mask].mean()), 3),
                }
            )
    weights = {"bias": float(model.intercept_[0])} | {
        f: float(w) for f, w in zip(FEATURES, model.coef_[0], strict=True)
    }
    return {
        "questions": len(y),
        "right": int(y.sum()),
        "weights": {k: round(v, 3) for k, v in weights.items()},
        "threshold": round(float(best), 3),
        "cv_accuracy_at_threshold": round(float(np.mean((predicted >= best) == y)), 3),
        "reliability": table,
    }
