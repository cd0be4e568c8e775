"""scikit-learn peer of the skincare suitability model, on the SAME folds.

Reads the JSON that bench/skincare-suitability.ts writes (products with their ingredient text,
normalised INCI tokens, category, five 0/1 labels and the GroupKFold fold of each product) and
prints JSON: out-of-fold ROC-AUC per skin type (pooled over the folds, and per fold) of
TF-IDF + LogisticRegression, one binary model per type (one-vs-rest), for two tokenisations:
  words: TfidfVectorizer's default word tokens over the ingredient text as the catalog wrote it
  inci:  one token per normalised INCI name (the tokens our model sees)
Run with Debian's /usr/bin/python3 (scikit-learn 1.2):
  /usr/bin/python3 bench/skincare_suitability_sklearn.py INPUT.json
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score


def inci_tokens(text):
    return [token for token in text.split("|") if token]


def evaluate(documents, labels, folds, vectorizer_factory, C):
    n, heads = labels.shape
    oof = np.zeros((n, heads))
    per_fold = []
    for fold in sorted(set(folds.tolist())):
        test = folds == fold
        train = ~test
        vectorizer = vectorizer_factory()
        X_train = vectorizer.fit_transform([documents[i] for i in np.flatnonzero(train)])
        X_test = vectorizer.transform([documents[i] for i in np.flatnonzero(test)])
        fold_auc = []
        for k in range(heads):
            y = labels[train, k]
            if y.min() == y.max():
                oof[test, k] = y[0]
            else:
                model = LogisticRegression(C=C, max_iter=5000)
                model.fit(X_train, y)
                oof[test, k] = model.predict_proba(X_test)[:, 1]
            y_test = labels[test, k]
            fold_auc.append(roc_auc_score(y_test, oof[test, k]) if 0 < y_test.sum() < len(y_test) else None)
        per_fold.append(fold_auc)
    per_type = [roc_auc_score(labels[:, k], oof[:, k]) for k in range(heads)]
    return {"macro_roc_auc": float(np.mean(per_type)), "per_type": per_type, "per_fold": per_fold, "oof": oof.tolist()}


def main():
    data = json.load(open(sys.argv[1]))
    names = data["labels"]
    products = data["products"]
    labels = np.array([p["labels"] for p in products])
    folds = np.array([p["fold"] for p in products])
    C = float(data.get("C", 1.0))
    variants = {
        "words": ([p["text"] for p in products], lambda: TfidfVectorizer()),
        "inci": (
            ["|".join(p["tokens"]) for p in products],
            lambda: TfidfVectorizer(analyzer=inci_tokens),
        ),
    }
    result = {"sklearn_version": sklearn.__version__, "C": C, "variants": {}}
    for name, (documents, factory) in variants.items():
        scores = evaluate(documents, labels, folds, factory, C)
        scores["per_type"] = dict(zip(names, scores["per_type"]))
        scores["per_fold"] = [dict(zip(names, fold)) for fold in scores["per_fold"]]
        result["variants"][name] = scores
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
