"""Peer for the quality benchmark: scikit-learn TF-IDF (word 1-2 + char_wb 2-5) logistic regression,
one binary model per group, trained on GoEmotions train and scored on dev. Prints one JSON object.
Usage: python3 sklearn_tfidf.py GOEMOTIONS_DIR"""
import json
import sys
import time

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score


def load(path):
    texts, labels = [], []
    with open(path, encoding="utf8") as f:
        for line in f:
            text, ids, _ = line.rstrip("\n").split("\t")
            y = np.zeros(4)
            y[[int(i) for i in ids.split(",")]] = 1
            texts.append(text)
            labels.append(y)
    return texts, np.array(labels)


root = sys.argv[1]
train_x, train_y = load(f"{root}/group/train.tsv")
dev_x, dev_y = load(f"{root}/group/dev.tsv")
started = time.time()
word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
a = hstack([word.fit_transform(train_x), char.fit_transform(train_x)]).tocsr()
b = hstack([word.transform(dev_x), char.transform(dev_x)]).tocsr()
f1s, negative = [], {}
for k in range(4):
    p = LogisticRegression(C=1.0, max_iter=1000).fit(a, train_y[:, k]).predict_proba(b)[:, 1]
    precision, recall, _ = precision_recall_curve(dev_y[:, k], p)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    f1s.append(float(f1.max()))
    if k == 1:
        negative = {"roc_auc": roc_auc_score(dev_y[:, k], p), "pr_auc": average_precision_score(dev_y[:, k], p), "f1": float(f1.max())}
print(json.dumps({"macro_f1": float(np.mean(f1s)), "negative": negative, "fit_seconds": time.time() - started}))
