"""Accuracy of detente's coder as `detente code` runs it, printed in one run.

1. **Real news, never trained on**: ``../shared/gold/guardian-dev.yaml`` (12 Guardian openings,
   every event coded by hand), scored by ``../shared/tools/news_score.py`` on the events
   the default pipeline prints: event F1, lenient F1 (target ignored), the share of matched
   events dated right, "dates alone", and F1 of events right in every field, date included.
   Then the seed gold (the Pakistan–Russia op-ed): events found, ``not_events`` silent.
2. **Cross-validated** (the extractor learns from these files, so each is coded by a model
   that never saw it): K folds (default 5, seed 0) over every training sentence; the model of
   fold k is trained as ``tools/train_extractor.py`` trains the shipped one (same settings,
   int8 ONNX) on the other folds, and the whole pipeline codes fold k:
   * PentaClass (``pentaclass-train.tsv``, real news): the class of the pipeline's main event
     (``CodedDocument.main_events``: the event the sentence head's class points to among the
     sentence's coded events), "no event" counting as wrong (a fine-tuned ConfliBERT: 0.895);
   * source and target phrases of the main event on ``actors-bio-train.txt`` (real news),
     overlap and exact span P/R/F1 against the gold spans (R, a reciprocal actor, counts for
     both sides);
   * detente's development sentences (``tests/data/event_sentences.tsv``): P/R/F1 by root;
   * detente's own hand-coded news (``training/news-events.tsv``): the held-out articles'
     openings scored by ``news_score.py``, as for the Guardian gold.

The fold models are kept in the cache directory (``$DETENTE_CACHE_DIR``, ``~/.cache/detente``)
under a hash of their training data and settings, so a second run codes without training.
Training a fold takes ~10-15 minutes on 2 cores; ``--folds 1`` trains one model on 4/5 of the
data and scores its held-out fifth only.

Usage: python benchmarks/accuracy.py [--folds K] [--fold k ...] [--fold-model k=DIR ...]
       [--shipped-only] [--verbose]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
NEWS_SCORE = SHARED / "tools" / "news_score.py"
DEV_GOLD = SHARED / "gold" / "guardian-dev.yaml"
SEED_GOLD = SHARED / "gold" / "pakistan-russia-oped.yaml"


# ----------------------------------------------------------------------------- news gold
def news_documents(gold_path: Path):
    import yaml

    from detente.records import Document

    docs = yaml.safe_load(gold_path.read_text(encoding="utf-8"))["documents"]
    return [Document(id=d["id"], text=d["text"], published=_date(d["published"])) for d in docs]


def _date(v) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


def code_jsonl(nlp, documents, path: Path) -> None:
    """Code ``documents`` and write their events as `detente code --format jsonl` prints them."""
    from detente.pipeline import code_documents

    with path.open("w", encoding="utf-8") as fh:
        for coded in code_documents(documents, nlp=nlp):
            for e in coded.events:
                fh.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")


def news_score(events: Path, gold: Path, verbose: bool = False) -> str:
    args = [sys.executable, str(NEWS_SCORE), str(events), str(gold)] + (["--verbose"] if verbose else [])
    out = subprocess.run(args, capture_output=True, text=True, check=False).stdout
    if verbose:
        return out
    return "\n".join(line for line in out.splitlines() if ":" in line and not line.startswith(" "))


def run_news(nlp, verbose: bool) -> None:
    if not DEV_GOLD.exists():
        print("== real-news gold: ../shared not found, skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.jsonl"
        t0 = time.perf_counter()
        code_jsonl(nlp, news_documents(DEV_GOLD), path)
        print(f"== real news, never trained on: guardian-dev.yaml ({time.perf_counter() - t0:.1f}s)")
        print(news_score(path, DEV_GOLD, verbose))


def run_seed(nlp) -> None:
    from detente.evaluate import load_gold, score
    from detente.ingest import IngestProblem, read_inputs
    from detente.pipeline import code_document

    if not SEED_GOLD.exists():
        return
    gold = load_gold(SEED_GOLD)
    docs = [d for d in read_inputs([SHARED / gold["document"]["file"]]) if not isinstance(d, IngestProblem)]
    print("== seed gold (pakistan-russia-oped), never trained on")
    print(score(gold, code_document(docs[0], nlp=nlp)).summary().split("\n  ")[0])


# ----------------------------------------------------------------------------- folds
def fold_of(example, k: int) -> int:
    """Examples of one article share a fold; others are spread by their group id."""
    return int(hashlib.sha1(example.group.encode()).hexdigest(), 16) % k


def _canonical(ev) -> tuple:
    """An event label as a tuple whose repr is the same in every process."""
    return (sorted(ev.roots), ev.trigger, ev.sources, ev.targets, ev.reciprocal, ev.has_arguments, ev.modality,
            ev.time)


def fold_model(examples, k: int, K: int, cfg) -> Path:
    """The model of fold k (trained on the other folds), from the cache or trained now."""
    from detente.cache import cache_dir
    from detente.extract import train

    train_set = [e for e in examples if fold_of(e, K) != k]
    # (sets sorted: a frozenset's repr follows string hashing, which changes between processes)
    key = hashlib.sha256(repr((cfg, K, k, [(e.text, [_canonical(ev) for ev in e.events], e.complete, e.no_event)
                                           for e in train_set])).encode()).hexdigest()[:16]
    out = cache_dir() / "cv" / key
    if (out / "extractor.onnx").is_file() and (out / "extractor.npz").is_file():
        from detente.extract.model import Heads

        heads = Heads.from_bytes((out / "extractor.npz").read_bytes())
        if "root_codes" not in heads.info:  # a model cached before roots had usual codes
            heads.info["root_codes"] = train.root_codes(train_set)
            (out / "extractor.npz").write_bytes(heads.to_bytes())
        return out
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    model = train.fit(train_set, cfg)
    train.export_onnx(model, out / "extractor.onnx")
    (out / "extractor.npz").write_bytes(train.heads_of(model, {"fold": k, "folds": K, "root_codes": train.root_codes(train_set)}).to_bytes())
    print(f"   (fold {k + 1}/{K}: trained on {len(train_set)} sentences in {time.perf_counter() - t0:.0f}s)",
          flush=True)
    return out


def use_model(nlp, folder: Path | None) -> None:
    from detente.extract.model import Heads
    from detente.extract.runtime import Extractor

    stage = nlp.get_pipe("detente_extract")
    stage._extractor = None if folder is None else Extractor(
        Heads.from_bytes((folder / "extractor.npz").read_bytes()), model=str(folder / "extractor.onnx"))


def run_cv(nlp, K: int, only: list[int] | None, verbose: bool, models: dict[int, Path] | None = None) -> None:
    import yaml

    from detente.evaluate import load_sentences, score_sentences
    from detente.events import document_main_event
    from detente.extract import data, train
    from detente.extract.model import pentaclass_of
    from detente.pipeline import code_documents
    from detente.records import Document

    examples, _ = data.training_examples(REPO, SHARED)
    cfg = train.Config()
    folds = range(K) if not only else sorted(set(only))
    models = models or {}
    by_origin: dict[str, list[tuple[int, object]]] = {}
    for i, e in enumerate(examples):
        by_origin.setdefault(e.origin, []).append((i, e))
    penta_rows = data.read_pentaclass(SHARED / data.PENTACLASS)
    bio_rows = data.read_bio(SHARED / data.BIO)
    dev_rows = load_sentences(REPO / data.DEV)
    windows = data.read_news_windows(REPO / data.NEWS_WINDOWS)
    articles = data.guardian_articles(SHARED / data.ARTICLES)
    news_events = data.read_news_events(REPO / data.NEWS_EVENTS)

    penta_main: dict[int, object] = {}
    bio_main: dict[int, object] = {}
    dev_pred: dict[int, list] = {}
    news_docs: list = []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        news_jsonl = Path(tmp) / "news.jsonl"
        news_jsonl.write_text("")
        for k in folds:
            use_model(nlp, models.get(k) or fold_model(examples, k, K, cfg))

            def held(origin, k=k):
                return [(i, e) for i, e in by_origin.get(origin, []) if fold_of(e, K) == k]

            # PentaClass: the examples come in file order, first those of the file
            pc = [(int(e.group[2:]), e) for _, e in held("pentaclass")]
            docs = [Document(id=f"pc{j}", text=penta_rows[j][0]) for j, _ in pc]
            for (j, _), coded in zip(pc, code_documents(docs, nlp=nlp)):
                penta_main[j] = document_main_event(coded)
            # actors-bio: the sentence as the file's tokens, joined by spaces
            bio_idx = _bio_in_fold(examples, bio_rows, K, k)
            docs = [Document(id=f"bio{j}", text=" ".join(bio_rows[j][0])) for j in bio_idx]
            for j, coded in zip(bio_idx, code_documents(docs, nlp=nlp)):
                bio_main[j] = document_main_event(coded)
            dv = [int(e.group[3:]) for _, e in held("dev")]
            docs = [Document(id=f"dev{j}", text=dev_rows[j].sentence, published=dt.date(2015, 3, 2)) for j in dv]
            for j, coded in zip(dv, code_documents(docs, nlp=nlp)):
                dev_pred[j] = list(coded.events)
            ids = sorted({e.group for _, e in held("news")})
            docs = [Document(id=d, text=articles[d][0][: windows[d][0]], published=windows[d][1]) for d in ids]
            news_docs += docs
            with news_jsonl.open("a", encoding="utf-8") as fh:
                for coded in code_documents(docs, nlp=nlp):
                    for e in coded.events:
                        fh.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
        use_model(nlp, None)
        scope = f"{len(folds)} of {K} folds"
        print(f"== cross-validated ({scope}; {time.perf_counter() - t0:.0f}s with training)")
        print_pentaclass(penta_rows, penta_main, pentaclass_of)
        print_bio(bio_rows, bio_main)
        idx = sorted(dev_pred)
        s = score_sentences([dev_rows[j] for j in idx], [dev_pred[j] for j in idx])
        p, r, f = s.prf()
        print(f"-- development sentences ({len(idx)}): P {p:.3f} R {r:.3f} F1 {f:.3f}; "
              f"negatives silent {s.negatives_silent}/{s.negatives}")
        if verbose:
            print(s.table())
        gold = {"documents": [
            {"id": d.id, "published": d.published, "text": d.text, "events": [
                {"quote": d.text[e.sentence[0]:e.sentence[1]], "source": list(e.source_codes),
                 "target": list(e.target_codes), "symmetric": e.symmetric, "cameo": list(e.cameo),
                 "modality": e.modality, "date": list(e.date) if e.date else None}
                for e in news_events if e.doc_id == d.id]}
            for d in news_docs]}
        gold_path = Path(tmp) / "news-gold.yaml"
        gold_path.write_text(yaml.safe_dump(gold, allow_unicode=True), encoding="utf-8")
        print(f"-- detente's hand-coded news, held-out articles ({len(news_docs)})")
        print(news_score(news_jsonl, gold_path))


def _bio_in_fold(examples, bio_rows, K: int, k: int) -> list[int]:
    """actors-bio sentences whose example (a PentaClass one, or a bio-only one) is in fold k."""
    from detente.extract.data import _norm

    fold_by_text = {}
    for e in examples:
        if e.origin in ("pentaclass", "bio"):
            fold_by_text.setdefault(_norm(e.text), fold_of(e, K))
    return [j for j, (toks, _) in enumerate(bio_rows) if fold_by_text.get(_norm("".join(toks))) == k]


def print_pentaclass(rows, mains: dict, pentaclass_of) -> None:
    right = none = 0
    by_class, total = Counter(), Counter()
    for j, e in mains.items():
        label = rows[j][1]
        total[label] += 1
        if e is None:
            none += 1
        elif pentaclass_of(e.root) == label:
            right += 1
            by_class[label] += 1
    n = len(mains)
    print(f"-- PentaClass of the pipeline's main event ({n} sentences): accuracy {right / n:.3f} "
          f"(no event on {none / n:.1%}; fine-tuned ConfliBERT 0.895); by class "
          + ", ".join(f"{c}: {by_class[c]}/{total[c]}" for c in sorted(total)))


def print_bio(rows, mains: dict) -> None:
    from detente.extract.data import bio_spans, bio_text

    tallies = {role: Counter() for role in ("S", "T")}
    for j, e in mains.items():
        toks, tags = rows[j]
        _, offsets = bio_text(toks)
        spans = bio_spans(tags, offsets)
        for role, actor in (("S", e.source if e else None), ("T", e.target if e else None)):
            gold = spans[role] + spans["R"]
            t = tallies[role]
            t["gold"] += len(gold)
            if actor is None or actor.span is None:
                continue
            t["pred"] += 1
            a, b = actor.span
            if any(a < g1 and g0 < b for g0, g1 in gold):
                t["overlap"] += 1
            if any(_tokens(offsets, (a, b)) == _tokens(offsets, g) for g in gold):
                t["exact"] += 1
    for role, name in (("S", "source"), ("T", "target")):
        t = tallies[role]
        cells = []
        for kind in ("overlap", "exact"):
            p = t[kind] / t["pred"] if t["pred"] else 0.0
            r = t[kind] / t["gold"] if t["gold"] else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            cells.append(f"{kind} P {p:.3f} R {r:.3f} F1 {f:.3f}")
        print(f"-- actors-bio {name} spans ({len(mains)} sentences): " + "; ".join(cells))


def _tokens(offsets, span) -> tuple[int, ...]:
    return tuple(i for i, (a, b) in enumerate(offsets) if a < span[1] and span[0] < b)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5, help="K of K-fold cross-validation")
    ap.add_argument("--fold", type=int, action="append", default=None,
                    help="score only this fold (0-based; repeat for several, pooled)")
    ap.add_argument("--shipped-only", action="store_true", help="only the gold files, with the shipped model")
    ap.add_argument("--fold-model", action="append", default=None, metavar="K=DIR",
                    help="score fold K with the model folder DIR (extractor.onnx and "
                         ".npz), trained on the other folds, instead of the cached or a new one: "
                         "the cache key hashes the training examples, whose labels move with the "
                         "coder's own code (story time), so a fold model trained before a change "
                         "is not found again")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    from detente.nlp import load

    nlp = load()
    run_news(nlp, args.verbose)
    run_seed(nlp)
    if not args.shipped_only:
        models = {}
        for item in args.fold_model or []:
            k, _, folder = item.partition("=")
            if not k.isdigit() or not folder:
                ap.error(f"--fold-model wants K=DIR, not {item!r}")
            models[int(k)] = Path(folder)
        run_cv(nlp, args.folds, args.fold, args.verbose, models)
    return 0


if __name__ == "__main__":
    sys.exit(main())
