"""Turn hand-coded news (one YAML file per article, as annotators write it) into detente's
training files, which hold article ids and character offsets, never the text itself.

    python tools/import_news_labels.py LABELS_DIR [--window-chars 2000] [--continue]

LABELS_DIR holds ``<id>.yaml`` files (``id``, ``events``: ``quote``, ``trigger``,
``source_text``, ``target_text``, ``source``, ``target``, ``symmetric``, ``cameo``,
``modality``, ``date``; see ``training/README.md``). The articles are read from
``../shared/data/guardian-syria-2017-2019/articles.csv``. Each article's labelled opening is the
text up to the first sentence end after ``--window-chars`` characters (how the excerpts given
to annotators were cut). Writes ``training/news-events.tsv`` and ``training/news-windows.tsv``
(replacing the rows of the articles found in LABELS_DIR, keeping the others). With
``--continue`` the files code the stretch after each article's labelled opening instead (the
next ``--window-chars`` characters, to a sentence end), and the opening grows to include it;
the events already there stay. Articles listed
in ``../shared/gold/RESERVED.txt`` or present in ``../shared/gold/guardian-dev.yaml`` are
refused: they are kept for evaluation.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "src"))

from detente.extract.data import guardian_articles, split_sentences

EVENTS = REPO / "training" / "news-events.tsv"
WINDOWS = REPO / "training" / "news-windows.tsv"
EVENT_FIELDS = ["doc_id", "sentence", "trigger", "source_span", "target_span", "source", "target",
                "symmetric", "cameo", "modality", "date"]


def window_end(text: str, chars: int) -> int:
    m = re.compile(r"[.!?][”\"’']?\s").search(text, chars)
    return len(text[: m.end()].rstrip()) if m else len(text.rstrip())


def find_near(sentence: str, phrase: str, anchor: int) -> int | None:
    """The start of ``phrase`` in ``sentence`` nearest to ``anchor``."""
    hits = [m.start() for m in re.finditer(re.escape(phrase), sentence)]
    return min(hits, key=lambda h: abs(h - anchor)) if hits else None


def convert(doc: dict, text: str, end: int, start: int = 0) -> tuple[list[dict], list[str]]:
    rows, problems = [], []
    sents = [(a, b) for a, b in split_sentences(text, end) if a >= start]
    for k, e in enumerate(doc.get("events") or []):
        where = f"{doc['id']} event {k + 1}"
        q = e["quote"]
        hit = next(((a, b) for a, b in sents if q in text[a:b]), None)
        if hit is None:
            problems.append(f"{where}: quote not inside one sentence of the opening")
            continue
        a, b = hit
        sentence = text[a:b]
        qpos = sentence.find(q)
        t = find_near(sentence, e["trigger"], qpos)
        if t is None:
            problems.append(f"{where}: trigger not in the sentence")
            continue
        trig = (a + t, a + t + len(e["trigger"]))
        spans = {}
        for f in ("source_text", "target_text"):
            v = e.get(f)
            if not v:
                spans[f] = ""
                continue
            s = find_near(sentence, v, t)
            if s is None:
                problems.append(f"{where}: {f} not in the sentence")
                spans[f] = ""
                continue
            spans[f] = f"{a + s}-{a + s + len(v)}"
        date = e.get("date")
        rows.append({
            "doc_id": doc["id"],
            "sentence": f"{a}-{a + len(sentence.rstrip())}",
            "trigger": f"{trig[0]}-{trig[1]}",
            "source_span": spans["source_text"],
            "target_span": spans["target_text"],
            "source": " ".join(e.get("source") or []),
            "target": " ".join(e.get("target") or []),
            "symmetric": "1" if e.get("symmetric") else "0",
            "cameo": " ".join(str(c) for c in e["cameo"]),
            "modality": e["modality"],
            "date": f"{date[0]}/{date[1]}" if date else "",
        })
    return rows, problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("labels", type=Path)
    ap.add_argument("--window-chars", type=int, default=2000)
    ap.add_argument("--continue", dest="cont", action="store_true",
                    help="the files code the text after each article's labelled opening")
    args = ap.parse_args(argv)
    articles = guardian_articles(SHARED / "data" / "guardian-syria-2017-2019" / "articles.csv")
    kept_aside = {line.strip() for line in (SHARED / "gold" / "RESERVED.txt").read_text().splitlines()
                  if line.strip() and not line.startswith("#")}
    kept_aside |= {d["id"] for d in yaml.safe_load((SHARED / "gold" / "guardian-dev.yaml").read_text())["documents"]}
    events = _read(EVENTS)
    windows = _read(WINDOWS)
    new_events, new_windows, problems = [], [], []
    for path in sorted(args.labels.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if doc["id"] in kept_aside:
            problems.append(f"{doc['id']}: kept for evaluation, not imported")
            continue
        text, published = articles[doc["id"]]
        start = 0
        if args.cont:
            old = next((int(w["end"]) for w in windows if w["doc_id"] == doc["id"]), None)
            if old is None:
                problems.append(f"{doc['id']}: --continue, but the article has no labelled opening yet")
                continue
            start = next(a for a, b in split_sentences(text, len(text)) if a >= old) if old < len(text.rstrip()) else old
            end = window_end(text, old + args.window_chars)
        else:
            end = window_end(text, args.window_chars)
        rows, probs = convert(doc, text, end, start)
        new_events += rows
        problems += probs
        new_windows.append({"doc_id": doc["id"], "published": published.isoformat(), "end": str(end),
                            "_from": start})
    done = {w["doc_id"] for w in new_windows}
    kept = {w["doc_id"]: w.pop("_from") for w in new_windows}
    # a new opening replaces an article's rows; a continuation keeps those before it
    events = [r for r in events if r["doc_id"] not in done or int(r["sentence"].split("-")[0]) < kept[r["doc_id"]]] + new_events
    windows = [w for w in windows if w["doc_id"] not in done] + new_windows
    key = lambda r: (int(r["doc_id"].rpartition("-")[2]), r["doc_id"])
    _write(EVENTS, EVENT_FIELDS, sorted(events, key=lambda r: (*key(r), int(r["sentence"].split("-")[0]),
                                                               int(r["trigger"].split("-")[0]))),
           "# Hand-coded events of Guardian articles (../shared/data/guardian-syria-2017-2019), by\n"
           "# article id and character offsets start-end (spans separated by ';'). See README.md.\n")
    _write(WINDOWS, ["doc_id", "published", "end"], sorted(windows, key=key),
           "# The labelled opening of each article: characters [0, end). See README.md.\n")
    print(f"{len(done)} articles, {len(new_events)} events imported; "
          f"now {len(windows)} articles, {len(events)} events", file=sys.stderr)
    for p in problems:
        print("  " + p, file=sys.stderr)
    return 0


def _read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"))


def _write(path: Path, fields: list[str], rows: list[dict], header: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(header)
        w = csv.DictWriter(fh, fieldnames=fields, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    sys.exit(main())
