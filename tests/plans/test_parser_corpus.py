"""The parser on real plans of the shared corpus, scored against golden keys written by reading each text."""
from pathlib import Path

import pytest

from tests.plans.corpus_keys.keys import KEYS
from tests.plans.corpus_keys.score import HEADER_FIELDS, score_document, summary

CORPUS = Path(__file__).resolve().parents[2].parent.parent / "shared" / "corpus"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus")

# Ratchet: raise these as the parser improves; never lower them.
THRESHOLDS = {"number": 1.0, "date": 1.0, "issuer": 1.0, "title": 1.0, "signer": 1.0, "implements": 0.93,
              "units": 0.97, "deadlines": 0.96}


@pytest.fixture(scope="module")
def rows():
    if not CORPUS.is_dir():
        pytest.skip(f"corpus folder {CORPUS} is absent: the real plans are not on this machine")
    return {name: score_document(CORPUS / name, key) for name, key in KEYS.items() if (CORPUS / name).exists()}


def test_every_keyed_document_is_present(rows):
    assert len(rows) == len(KEYS)


def test_corpus_scores_reach_thresholds(rows):
    mark = {True: "✓", False: "✗", None: "·"}
    print()
    print(f"{'document':40} " + " ".join(f"{f[:6]:>6}" for f in HEADER_FIELDS) + "  units  deadl.")
    for name, row in rows.items():
        tasks = f"{sum(row['units'])}/{len(row['units'])}" if row["units"] else "-"
        dl = f"{sum(row['deadlines'])}/{len(row['deadlines'])}" if row["deadlines"] else "-"
        print(f"{name[:40]:40} " + " ".join(f"{mark[row[f]]:>6}" for f in HEADER_FIELDS) + f"  {tasks:>5}  {dl:>5}")
        if row["missing"]:
            print(f"    tasks not found: {row['missing']}")
        for text, got in row["wrong"]:
            print(f"    ✗ {text}: {got}")
    scores = summary(rows)
    print("  ".join(f"{k}={v:.0%}" for k, v in scores.items()))
    low = {k: round(v, 3) for k, v in scores.items() if v < THRESHOLDS[k]}
    assert not low, f"below the ratchet: {low}"
