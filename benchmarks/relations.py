"""The relationship picture, checked on real text, in one run.

1. The seed op-ed (../shared/corpus/pakistan-russia-oped-2016-11-07.txt, gold
   ../shared/gold/pakistan-russia-oped.yaml): relation states recovered (the scorer's
   states_found), the state track per narrative period (the gold relation states' periods
   and signs; a year two of them give opposite signs is not scored), the turning points found, and how many gold issues and third parties the report surfaces.
2. The Guardian sample (../shared/data/guardian-syria-2017-2019/articles.csv, ~1 min to
   code): reports before vs events after merging repeated reports, and monthly reports for
   TUR–USA, TUR–SYR, USA–SYR since August 2017 with their turning points, against two real
   dates: Turkey's Afrin offensive (from 20 January 2018) and the US withdrawal announcement
   (19 December 2018).

Charts are written as PNG to --charts (default: docs/), HTML reports to --out (default: a
temporary directory, printed).

Usage: python benchmarks/relations.py [--skip-guardian] [--charts DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

import pandas as pd

from detente import Store
from detente.analysis import dedup_events
from detente.evaluate import load_gold, score
from detente.ingest import IngestProblem
from detente.report import build_report, render_html, save_charts
from detente.runner import code_paths

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
OPED = SHARED / "corpus" / "pakistan-russia-oped-2016-11-07.txt"
GOLD = SHARED / "gold" / "pakistan-russia-oped.yaml"
GUARDIAN = SHARED / "data" / "guardian-syria-2017-2019" / "articles.csv"



def narrative(gold: dict) -> list[tuple[int, int, int]]:
    """(first year, last year, expected sign) of the state track, from the gold relation
    states: each year takes the sign every gold state covering it agrees on (years where they
    disagree are left out), and runs of consecutive years with one sign are a period."""
    signs: dict[int, set[int]] = {}
    for st in gold.get("relation_states", []):
        lo, hi = st["period"]
        for y in range(int(lo), int(hi) + 1):
            signs.setdefault(y, set()).add(1 if int(st["polarity"]) > 0 else -1)
    out: list[tuple[int, int, int]] = []
    for y in sorted(signs):
        if len(signs[y]) != 1:
            continue
        (sign,) = signs[y]
        if out and out[-1][1] == y - 1 and out[-1][2] == sign:
            out[-1] = (out[-1][0], y, sign)
        else:
            out.append((y, y, sign))
    return out
REAL_DATES = {
    "Afrin offensive": pd.Period("2018-01", "M"),
    "US withdrawal": pd.Period("2018-12", "M"),
}
DYADS = [("TUR", "USA"), ("TUR", "SYR"), ("USA", "SYR")]


def code_into(path: Path, db: Path) -> tuple[Store, list]:
    store = Store(db)
    coded = [
        c for c in code_paths([str(path)], store, workers=None) if not isinstance(c, IngestProblem)
    ]
    return store, coded


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2}


def gold_issue_hits(gold_issues: list[str], issues: pd.DataFrame) -> dict[str, str]:
    """For each gold issue: 'key word' when a word of it is an issue name or a key word the
    report found, 'evidence' when it only appears in an example sentence, '' when absent."""
    names = set(issues["issue"])
    phrases = {p for ps in issues["phrases"] for p in ps}
    stems = {p.rstrip("s") for p in phrases | names}
    examples = " ".join(x for xs in issues["examples"] for x in xs).lower()
    out = {}
    for g in gold_issues:
        words = {w.rstrip("s") for w in _words(g)}
        if words & stems:
            out[g] = "key word"
        elif g.lower() in examples:
            out[g] = "evidence"
        else:
            out[g] = ""
    return out


def run_oped(charts: Path, out: Path, tmp: Path) -> None:
    print("== seed op-ed: PAK–RUS")
    t0 = time.perf_counter()
    store, coded = code_into(OPED, tmp / "oped.duckdb")
    gold = load_gold(GOLD)
    s = score(gold, coded[0])
    print(f"coded in {time.perf_counter() - t0:.1f}s; relation states found "
          f"{len(s.states_found)}/{s.n_gold_states}")  # fmt: skip
    for q in s.states_missed:
        print(f"  state missed: {q[:90]}")
    rep = build_report(store, "PAK", "RUS")
    ser = rep.series.assign(year=rep.series["period"].astype(int))
    ok = 0
    print("state track by narrative period (mean of state_mean; want sign):")
    periods = narrative(gold)
    for lo, hi, sign in periods:
        vals = ser[(ser["year"] >= lo) & (ser["year"] <= hi)]["state_mean"].dropna()
        mean = float(vals.mean()) if len(vals) else float("nan")
        good = len(vals) == hi - lo + 1 and all((v > 0) == (sign > 0) for v in vals)
        ok += good
        print(f"  {lo}–{hi}: {mean:+.2f} over {len(vals)} of {hi - lo + 1} years, want "
              f"{'+' if sign > 0 else '−'}: {'ok' if good else 'NO'}")  # fmt: skip
    print(f"  narrative periods right: {ok}/{len(periods)}")
    print(f"turning points ({rep.turning_column}): "
          + ", ".join(f"{tp.period} {tp.before:+.2f}→{tp.after:+.2f}" for tp in rep.turning_points))  # fmt: skip
    hits = gold_issue_hits(gold["issues"], rep.issues)
    found = [g for g, h in hits.items() if h]
    print(
        f"gold issues surfaced: {len(found)}/{len(hits)} "
        f"({', '.join(f'{g} [{h}]' for g, h in hits.items() if h)}); "
        f"missing: {', '.join(g for g, h in hits.items() if not h) or 'none'}"
    )
    print("report issues: " + ", ".join(f"{r.issue} ({r.count})" for r in rep.issues.itertuples()))
    third = list(rep.third_parties["country"])
    want = gold["third_parties"]
    print(
        f"gold third parties found: {len(set(want) & set(third))}/{len(want)}; report: "
        f"{', '.join(third)}; missing: {', '.join(sorted(set(want) - set(third))) or 'none'}"
    )
    save_charts(rep, charts, formats=("png",))
    (out / "pak-rus.html").write_text(render_html(rep), encoding="utf-8")
    store.close()


def run_guardian(charts: Path, out: Path, tmp: Path) -> None:
    print("\n== Guardian sample")
    t0 = time.perf_counter()
    store, coded = code_into(GUARDIAN, tmp / "guardian.duckdb")
    print(f"coded {len(coded)} articles in {time.perf_counter() - t0:.1f}s")
    every = store.events()
    for within in (False, True):
        d = dedup_events(every, within_document=within)
        merged = d[d["mentions"] > 1]
        print(f"dedup (window 3 days, same root{', also inside one article' if within else ''}): "
              f"{len(every)} asserted reports → {len(d)} events; {len(merged)} events had "
              f"2+ reports (largest {int(d['mentions'].max())})")  # fmt: skip
    for a, b in DYADS:
        rep = build_report(store, a, b, since="2017-08", freq="month")
        print(f"\n-- {a}–{b} monthly since 2017-08: {rep.n_reports} reports → {rep.n_events} events "
              f"in {rep.n_documents} documents")  # fmt: skip
        for label, points in (
            ("Goldstein mean", rep.turning_points),
            ("events/month", rep.attention_points),
        ):
            desc = (
                ", ".join(f"{tp.period} ({tp.before:+.1f}→{tp.after:+.1f})" for tp in points)
                or "none"
            )
            print(f"  turning points, {label}: {desc}")
            periods = [pd.Period(tp.period, "M") for tp in points]
            for name, when in REAL_DATES.items():
                near = [p for p in periods if abs((p - when).n) <= 1]
                print(f"    {name} ({when}): "
                      + (f"matched by {', '.join(map(str, near))}" if near else "no turning point within a month"))  # fmt: skip
        for tp in rep.turning_points:
            top = tp.events[0] if tp.events else None
            if top:
                print(
                    f"    {tp.period} explained by: {top['when']} {top['source']}→{top['target']} "
                    f"{top['cameo']} ({top['goldstein']:+.1f}) {top['sentence'][:90]!r}"
                )
        save_charts(rep, charts, formats=("png",))
        (out / f"{rep.slug}.html").write_text(render_html(rep), encoding="utf-8")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-guardian", action="store_true", help="Only the op-ed (seconds).")
    parser.add_argument("--charts", type=Path, default=REPO / "docs", help="Where PNG charts go.")
    parser.add_argument("--out", type=Path, default=None, help="Where HTML reports go.")
    args = parser.parse_args()
    if not OPED.exists():
        raise SystemExit(f"shared data not found at {SHARED}")
    with tempfile.TemporaryDirectory(prefix="detente-relations-") as tmp:
        out = args.out or Path(tempfile.mkdtemp(prefix="detente-reports-"))
        out.mkdir(parents=True, exist_ok=True)
        args.charts.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        run_oped(args.charts, out, Path(tmp))
        if not args.skip_guardian:
            run_guardian(args.charts, out, Path(tmp))
        print(f"\ncharts in {args.charts}, HTML reports in {out} ({time.perf_counter() - t0:.0f}s)")


if __name__ == "__main__":
    main()
