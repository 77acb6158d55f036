"""BEIR runs: loading, ranking, and metrics that agree with trec_eval (through pytrec_eval)."""

import json
import random
from pathlib import Path

import pytest
import pytrec_eval
from click.testing import CliRunner

from askbio.beir import evaluate_run, load_dataset, run_benchmark
from askbio.cli import cli


@pytest.fixture()
def tiny_beir(tmp_path: Path) -> Path:
    docs = [
        ("d1", "Statins", "Statin drugs lower cholesterol and may affect breast cancer risk."),
        ("d2", "Autophagy", "Autophagy is how cells recycle their parts; fasting triggers it."),
        ("d3", "Obesity", "Obesity in America is driven by diet and sugary drinks."),
        ("d4", "Vaccines", "Vaccines train the immune system against viruses."),
    ]
    (tmp_path / "corpus.jsonl").write_text(
        "\n".join(json.dumps({"_id": i, "title": t, "text": x}) for i, t, x in docs), encoding="utf-8"
    )
    queries = {
        "q1": "Do statins cause breast cancer?",
        "q2": "What drives obesity?",
        "q3": "fasting and autophagy",
    }
    (tmp_path / "queries.jsonl").write_text(
        "\n".join(json.dumps({"_id": k, "text": v}) for k, v in queries.items()), encoding="utf-8"
    )
    (tmp_path / "qrels.tsv").write_text(
        "query-id\tcorpus-id\tscore\nq1\td1\t2\nq2\td3\t1\nq3\td2\t1\nq3\td4\t0\n", encoding="utf-8"
    )
    return tmp_path


def test_metrics_agree_with_trec_eval_on_random_runs():
    rng = random.Random(11)
    docs = [f"d{i}" for i in range(60)]
    qrels = {f"q{q}": {d: rng.choice([0, 1, 1, 2]) for d in rng.sample(docs, 8)} for q in range(30)}
    # Ties on purpose: trec_eval breaks them by document id, descending.
    run = {q: {d: float(rng.randint(0, 5)) for d in rng.sample(docs, 40)} for q in qrels}
    ours = evaluate_run(run, qrels)
    evaluator = pytrec_eval.RelevanceEvaluator(qrels, {"ndcg_cut.10", "recall.100", "recip_rank"})
    reference = evaluator.evaluate(run)
    for q in qrels:
        assert ours[q]["ndcg@10"] == pytest.approx(reference[q]["ndcg_cut_10"], abs=1e-9)
        assert ours[q]["recall@100"] == pytest.approx(reference[q]["recall_100"], abs=1e-9)
    # pytrec_eval's recip_rank has no cutoff: give it trec_eval's top 10 only, for MRR@10.
    evaluator_rr = pytrec_eval.RelevanceEvaluator(qrels, {"recip_rank"})
    for q in qrels:
        ranked = sorted(run[q].items(), key=lambda kv: (kv[1], kv[0]), reverse=True)[:10]
        rr = evaluator_rr.evaluate({q: dict(ranked)})[q]["recip_rank"]
        assert ours[q]["mrr@10"] == pytest.approx(rr, abs=1e-9)


def test_load_and_run_a_tiny_collection(tiny_beir):
    dataset = load_dataset(tiny_beir)
    assert len(dataset.doc_ids) == 4 and len(dataset.queries) == 3
    result = run_benchmark(tiny_beir)
    assert result["queries"] == 3
    assert result["ndcg@10"] > 0.9 and result["mrr@10"] == pytest.approx(1.0)


def test_cli_beir_json_last_line(tiny_beir):
    result = CliRunner().invoke(cli, ["-q", "eval", "--beir", str(tiny_beir), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert set(summary) == {"dataset", "queries", "ndcg@10", "recall@100", "mrr@10"}
    assert summary["queries"] == 3


def test_cli_beir_missing_split_is_a_clear_error(tiny_beir):
    result = CliRunner().invoke(cli, ["eval", "--beir", str(tiny_beir), "--split", "dev"])
    assert result.exit_code == 3
    assert "no 'dev' split" in result.output
