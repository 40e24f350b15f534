"""Fuzz detente: hostile files through the readers, and every document they yield through the
pipeline, looking for crashes.

Each input is a generated file (random bytes; random text in a random encoding, UTF-16 BOM,
cp1252, Latin-1 and mojibake included; JSONL with malformed lines; CSV with broken quoting;
HTML) or a hostile text handed to ``code_text`` directly. A crash is an exception out of
``read_inputs`` or ``code_text``, an "unexpected error" record from a reader (a reader caught
a bug and lost the rest of its file), or output that is not well-formed (an event whose span
is outside the text or whose trigger is not ``text[span]``, a code outside the CAMEO list…;
see ``tests/robustness/_hostile.py``). Inputs are drawn by hypothesis (no shrinking), so
``--seed`` repeats a run.

Prints how many inputs were tried, documents coded, crashes, and up to ``--show`` crash
examples; exits with status 1 when there was a crash.

Usage: python benchmarks/fuzz.py [-n 2000] [--seed 0] [--no-pipeline] [--show 5]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "robustness"))

from _hostile import (
    check_coded,
    check_items,
    csv_files,
    encoded_texts,
    hostile_texts,
    html_pages,
    jsonl_lines,
)

from detente import code_text
from detente.ingest import read_inputs
from detente.pipeline import over_budget


def cases() -> st.SearchStrategy[tuple[str, str, bytes | str]]:
    """(kind, file extension, content): bytes for files, str for ``code_text`` directly."""
    return st.one_of(
        st.tuples(st.just("bytes"), st.sampled_from([".txt", ".jsonl", ".csv"]), st.binary(max_size=4000)),
        encoded_texts().map(lambda e: (f"text/{e[1]}", ".txt", e[2])),
        jsonl_lines().map(lambda ls: ("jsonl", ".jsonl", "\n".join(ls).encode("utf-8", "surrogatepass"))),
        csv_files().map(lambda c: ("csv", ".csv", c[2].encode("utf-8", "surrogatepass"))),
        html_pages().map(lambda h: ("html", ".html", h.encode("utf-8", "replace"))),
        hostile_texts(max_pieces=12, max_repeat=300).map(lambda t: ("code_text", "", t)),
    )  # fmt: skip


def fuzz(n: int, rng_seed: int, pipeline: bool) -> dict:
    from detente.nlp import load

    nlp = load() if pipeline else None
    stats: Counter[str] = Counter()
    crashes: list[dict] = []
    workdir = Path(tempfile.mkdtemp(prefix="detente-fuzz-"))

    def crash(kind: str, content: bytes | str, where: str) -> None:
        crashes.append({"kind": kind, "where": where, "input": repr(content[:300]),
                        "error": traceback.format_exc(limit=-3).strip()})  # fmt: skip

    @seed(rng_seed)
    @settings(max_examples=n, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(case=cases())
    def run(case: tuple[str, str, bytes | str]) -> None:
        kind, ext, content = case
        stats["inputs"] += 1
        stats[kind.split("/")[0]] += 1
        texts: list[str] = []
        if isinstance(content, str):
            texts.append(content)
        else:
            path = workdir / f"input{ext}"
            path.write_bytes(content)
            try:
                docs, errors = check_items(read_inputs([path], budget=over_budget), path)
            except Exception:  # noqa: BLE001 - recorded, the run goes on
                crash(kind, content, "read_inputs")
                return
            stats["documents read"] += len(docs)
            stats["input problems reported"] += len(errors)
            texts.extend(d.text for d in docs)
        for text in texts if pipeline else ():
            try:
                coded = code_text(text, nlp=nlp)
                check_coded(coded)
            except Exception:  # noqa: BLE001
                crash(kind, text, "code_text")
                continue
            stats["documents coded"] += 1
            stats["over budget, not parsed"] += over_budget(text) is not None
            stats["events"] += len(coded.events)

    started = time.perf_counter()
    run()
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "stats": dict(stats),
        "crashes": crashes,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=2000, help="inputs to try (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--no-pipeline", action="store_true", help="fuzz the readers only")
    parser.add_argument("--show", type=int, default=5, help="crash examples to print")
    args = parser.parse_args()
    logging.getLogger("detente").setLevel(logging.ERROR)  # not the warnings it is made to hit
    result = fuzz(args.n, args.seed, pipeline=not args.no_pipeline)
    stats = result["stats"]
    print(f"tried {stats.get('inputs', 0)} inputs in {result['seconds']}s (seed {args.seed}): "
          + ", ".join(f"{v} {k}" for k, v in sorted(stats.items()) if k != "inputs"))  # fmt: skip
    print(f"crashes: {len(result['crashes'])}")
    for example in result["crashes"][: args.show]:
        print(json.dumps(example, ensure_ascii=False, indent=2))
    return 1 if result["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
