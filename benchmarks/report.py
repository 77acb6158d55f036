"""The Markdown tables of docs/benchmarks.md, from the result rows of benchmarks/run.py.

One table a question (how fast it answers, how fast it builds, how much memory), each row with
askbio's figure divided by that system's, measured in the same run; then how the costs grow
with the collection, and agreement with rank-bm25.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from tabulate import tabulate

Row = dict[str, Any]

LABELS = {
    "askbio-bm25": "askbio BM25",
    "askbio-hybrid": "askbio hybrid",
    "askbio-bm25-mmap": "askbio BM25, as served",
    "askbio-hybrid-mmap": "askbio hybrid, as served",
    "askbio-engine": "askbio Engine",
}
PEERS = ("tantivy", "bm25s", "rank-bm25", "bm25s-askbio-tokens")


def sig(x: float | None) -> str:
    """A figure to about three significant digits, with thousands separators."""
    if x is None:
        return "–"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def label(system: str) -> str:
    return LABELS.get(system, system)


def pipe_table(headers: Sequence[str], body: Sequence[Sequence[str]], align: str) -> str:
    """A Markdown table; `align` has an l or r per column."""
    colalign = ["left" if a == "l" else "right" for a in align]
    return str(tabulate(body, headers=headers, tablefmt="pipe", colalign=colalign, disable_numparse=True))


def ratio(mine: Row | None, other: Row, key: str) -> str:
    x = mine.get(key) if mine else None
    y = other.get(key)
    return sig(x / y) if x and y else "–"


def by_size(rows: Sequence[Row]) -> dict[int, dict[str, Row]]:
    out: dict[int, dict[str, Row]] = {}
    for r in rows:
        out.setdefault(r["size"], {})[r["system"]] = r
    return out


def figures_table(
    rows: Sequence[Row],
    columns: Sequence[tuple[str, Callable[[Row], str]]],
    refs: Sequence[tuple[str, str, str]],
    skip: Callable[[str], bool] = lambda system: False,
) -> str:
    """Rows of figures by size, with a ratio column per (header, askbio system, key) in `refs`:
    that system's figure divided by the row's, filled in on the peers' rows."""
    headers = ["passages", "system", *(h for h, _ in columns), *(h for h, _, _ in refs)]
    body = []
    for n, systems in sorted(by_size(rows).items()):
        for system, r in systems.items():
            if skip(system):
                continue
            cells = [f"{n:,}", label(system), *(fn(r) for _, fn in columns)]
            for _, mine, key in refs:
                cells.append(ratio(systems.get(mine), r, key) if system in PEERS else "")
            body.append(cells)
    return pipe_table(headers, body, "rl" + "r" * (len(headers) - 2))


def qps_cell(r: Row) -> str:
    cell = sig(r.get("qps"))
    if r.get("extrapolated"):
        cell += f" ({r['queries_timed']} q)"
    return cell


def speed(rows: Sequence[Row]) -> str:
    return figures_table(
        rows,
        [
            ("q/s", qps_cell),
            ("p50 ms", lambda r: sig(r.get("p50_ms"))),
            ("p99 ms", lambda r: sig(r.get("p99_ms"))),
        ],
        [
            ("askbio BM25 q/s ÷ this", "askbio-bm25", "qps"),
            ("askbio hybrid as served ÷ this", "askbio-hybrid-mmap", "qps"),
        ],
    )


def build(rows: Sequence[Row]) -> str:
    return figures_table(
        rows,
        [
            (
                "build s",
                lambda r: sig(r.get("build_s")) if r.get("build_status") == "ok" else r["build_status"],
            )
        ],
        [
            ("askbio BM25 ÷ this", "askbio-bm25", "build_s"),
            ("askbio hybrid ÷ this", "askbio-hybrid", "build_s"),
        ],
        skip=lambda system: system.endswith("-mmap"),  # the same build as the in-memory row
    )


def memory(rows: Sequence[Row]) -> str:
    return figures_table(
        rows,
        [
            ("build peak MB", lambda r: sig(r.get("build_peak_delta_mb"))),
            ("serving RSS MB", lambda r: sig(r.get("serve_rss_mb"))),
        ],
        [
            ("askbio hybrid build peak ÷ this", "askbio-hybrid", "build_peak_delta_mb"),
            ("askbio hybrid as served, RSS ÷ this", "askbio-hybrid-mmap", "serve_rss_mb"),
        ],
    )


def growth(rows: Sequence[Row]) -> str:
    """Each figure of each system at every size, smallest first."""
    sizes = by_size(rows)
    if len(sizes) < 2:
        return ""
    keys = [
        ("q/s", "qps"),
        ("build s", "build_s"),
        ("build peak MB", "build_peak_delta_mb"),
        ("serving RSS MB", "serve_rss_mb"),
    ]
    systems = [s for s in dict.fromkeys(r["system"] for r in rows) if all(s in by for by in sizes.values())]
    body = [
        [label(s), *(" → ".join(sig(sizes[n][s].get(key)) for n in sorted(sizes)) for _, key in keys)]
        for s in systems
    ]
    steps = " → ".join(f"{n:,}" for n in sorted(sizes))
    return pipe_table([f"system ({steps} passages)", *(h for h, _ in keys)], body, "lrrrr")


def agreement(rows: Sequence[Row]) -> str:
    body = []
    for r in rows:
        ag = r.get("agreement_vs_askbio_bm25")
        if ag and ag.get("queries"):
            body.append(
                [
                    f"{r['size']:,}",
                    label(r["system"]),
                    f"{ag['queries']:,}",
                    f"{ag['identical_top10']:.1%}",
                    f"{ag['identical_up_to_ties']:.1%}",
                    f"{ag['overlap_at_10']:.4f}",
                ]
            )
    if not body:
        return ""
    headers = [
        "passages",
        "vs askbio BM25",
        "queries",
        "same top 10",
        "same up to ties at the cut",
        "overlap@10",
    ]
    return pipe_table(headers, body, "rlrrrr")


def environment(rows: Sequence[Row]) -> str:
    meta = rows[0]
    v, m = meta["versions"], meta["machine"]
    peers = ", ".join(f"{name} {v.get(name, '?')}" for name in ("tantivy", "bm25s", "PyStemmer", "rank-bm25"))
    loads = [
        x
        for r in rows
        for pair in [*(r.get("loadavg_1m_build") or []), r.get("loadavg_1m_serve")]
        if pair
        for x in pair
    ]
    load = f"{min(loads):.1f}-{max(loads):.1f}" if loads else "?"
    codes = sorted(
        {
            f"{c.get('head', '?')}{' + uncommitted src' if c.get('src_dirty') else ''} (src {c.get('src_hash', '?')})"
            for c in (r.get("askbio_code") or {} for r in rows)
        }
    )
    dates = sorted(r["timestamp"][:16].replace("T", " ") for r in rows)
    return (
        f"Machine: {m.get('cpu', '?')}, {m['nproc']} cores, {m.get('mem_gib', '?')} GiB; Python {v['python']}, "
        f"numpy {v['numpy']}, scipy {v['scipy']}; {peers}. Load average (1 min) during the run: {load}. "
        f"askbio {', '.join(codes)}, run {dates[0]} to {dates[-1]}. One thread, one query at a time, "
        f"top 10; medians of {meta['repeat']} query passes and of the builds (one build from 1,000,000 "
        "passages). (N q): q/s extrapolated from the N queries a slow system answered in its sample or "
        "its 60 s time guard."
    )


def markdown(rows: Sequence[Row]) -> str:
    if not rows:
        return ""
    sections = [
        ("How fast it answers (ratios above 1: askbio answers faster)", speed(rows)),
        ("How fast it builds (ratios below 1: askbio builds faster)", build(rows)),
        ("How much memory (ratios below 1: askbio uses less)", memory(rows)),
        ("How the costs grow", growth(rows)),
        ("Agreement with askbio BM25 on the same tokens", agreement(rows)),
    ]
    parts = [environment(rows), *(f"**{title}**\n\n{table}" for title, table in sections if table)]
    return "\n\n".join(parts)
