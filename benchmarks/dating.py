"""How detente dates events on real news, printed in one run.

1. The real-news gold (``../shared/gold/guardian-dev.yaml``, never trained on): the default
   coder codes its documents and ``../shared/tools/news_score.py --verbose`` scores them; its
   "dates alone" line (the gold events whose sentence holds a coded event, dated right by one
   of them, whatever their code) and the share of matched events dated right.
2. The Guardian sample (249 articles, Aug 2017 – Apr 2019): the share of asserted events by
   the basis of their date (their own text, the narrative, the publication, none), and how
   many asserted past-tense events land after their article's date (which should be none).
3. ``docs/dating.md``: the date rules, each with one real example from the Guardian sample
   (the first event dated by that rule, in an article that is not kept for evaluation), and
   the figures above. ``--no-write`` prints without writing it.

Usage: python benchmarks/dating.py [--quick] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

from detente.ingest import IngestProblem, read_inputs
from detente.nlp import load
from detente.pipeline import code_documents
from detente.records import Document

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "data" / "guardian-syria-2017-2019" / "articles.csv"
GOLD = SHARED / "gold" / "guardian-dev.yaml"
RESERVED = SHARED / "gold" / "RESERVED.txt"
NEWS_SCORE = SHARED / "tools" / "news_score.py"
DOC = REPO / "docs" / "dating.md"

_PAST_TAGS = {"VBD", "VBN"}

#: The rules, in the order an event's date is decided, with what each does.
RULES = [
    ("text", ("A date written in the event's own sentence, attached to its clause (the nearest "
              "in the dependency tree): \"on Wednesday\", \"in 2014\", \"feb-2021\", \"the 20th\".")),
    ("publication", ("No date in the sentence, and the extractor reads the event as the article's "
                     "news (present perfect, \"said\" in today's report, an action of the days "
                     "before publication): the days up to the publication date.")),
    ("narrative", ("No date in the sentence, and the extractor reads the event as belonging to "
                   "another time: the time the passage last gave (\"In 2014 … Then …\"), "
                   "shifted by a connective (\"two years later\", \"the following month\").")),
    ("none", ("No date in the sentence, background the story gives no time (or a narrative "
              "time that would put a past event after the article): undated, never the "
              "publication day.")),
]


def news_gold(nlp) -> tuple[str, dict[str, float]]:
    docs = yaml.safe_load(GOLD.read_text(encoding="utf-8"))["documents"]
    documents = [Document(id=d["id"], text=d["text"], published=d["published"]) for d in docs]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for coded in code_documents(documents, nlp=nlp):
                for e in coded.events:
                    fh.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
        out = subprocess.run([sys.executable, str(NEWS_SCORE), str(path), str(GOLD), "--verbose"],
                             capture_output=True, text=True, check=False).stdout
    figures = {}
    lines = [line for line in out.splitlines() if line.startswith(("events:", "dates alone:", "news:"))]
    for line in lines:
        if line.startswith("dates alone:"):
            figures["dates alone"] = float(line.rsplit("(", 1)[1].rstrip(")"))
        if line.startswith("events:"):
            right, matched = line.rsplit("dated right ", 1)[1].split("/")
            figures["matched dated right"] = int(right) / max(1, int(matched))
    misses = [line.strip() for line in out.splitlines() if line.startswith("  when ")]
    return "\n".join(lines + misses), figures


def sample(nlp, quick: bool):
    docs = [d for d in read_inputs([CORPUS]) if not isinstance(d, IngestProblem)]
    if quick:
        docs = docs[::10]
    reserved = {line.strip() for line in RESERVED.read_text().splitlines() if line.strip() and not line.startswith("#")}
    dev = {d["id"] for d in yaml.safe_load(GOLD.read_text(encoding="utf-8"))["documents"]}
    basis: Counter[str] = Counter()
    n_asserted = late = past_asserted = 0
    examples: dict[str, tuple] = {}
    late_examples = []
    for coded in code_documents(docs, nlp=nlp):
        pub = coded.document.published
        for e in coded.events:
            if not e.asserted:
                continue
            n_asserted += 1
            basis[e.when.basis] += 1
            if e.when.basis not in examples and coded.document.id not in reserved | dev:
                examples[e.when.basis] = (coded.document.id, pub, e)
            if pub is None or not _past_tense(nlp, e.sentence, e.trigger):
                continue
            past_asserted += 1
            if e.when.dated and e.when.start > pub:
                late += 1
                if len(late_examples) < 5:
                    late_examples.append((pub, e.when.start, e.when.text, e.sentence[:120]))
    return len(docs), n_asserted, basis, (late, past_asserted), examples, late_examples


def _past_tense(nlp, sentence: str, trigger: str) -> bool:
    """Is the trigger a past-tense verb (or an event noun in a past-tense sentence)?"""
    doc = nlp.make_doc(sentence)
    for _, proc in nlp.pipeline[:3]:
        doc = proc(doc)
    words = trigger.split()
    for tok in doc:
        if tok.text == words[0]:
            if tok.pos_ == "VERB":
                return tok.tag_ in _PAST_TAGS
            return any(t.tag_ == "VBD" for t in doc)
    return False


def _when(e) -> str:
    w = e.when
    return "undated" if not w.dated else (f"{w.start}" if w.start == w.end else f"{w.start} … {w.end}")


def write_doc(figures: dict[str, float], basis: Counter, n_asserted: int, late: tuple[int, int],
              examples: dict[str, tuple]) -> None:
    lines = [
        "# How detente dates an event",
        "",
        ("Generated by `benchmarks/dating.py` from the Guardian sample "
         "(`../shared/data/guardian-syria-2017-2019`); the example of each rule is the first asserted "
         "event the coder dated by it, in an article not kept for evaluation. Do not edit by hand."),
        "",
        ("The examples point into the sample (article id, publication day, the sentence's character "
         "span) rather than quote it: the articles are the Guardian's text, not ours to copy. "
         "`python benchmarks/dating.py` prints the sentences."),
        "",
        "| basis | rule | share of asserted events | example (article, published, sentence chars) | trigger | date written | date given |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, rule in RULES:
        share = f"{basis[name] / max(1, n_asserted):.1%}"
        ex = examples.get(name)
        if ex is None:
            lines.append(f"| `{name}` | {rule} | {share} | | | | |")
            continue
        doc_id, pub, e = ex
        where = "{}–{}".format(*e.sentence_span) if e.sentence_span else "?"
        written = f"“{e.when.text}”" if e.when.text else "—"
        lines.append(f"| `{name}` | {rule} | {share} | {doc_id}, {pub}, {where} | {e.trigger} | {written} | {_when(e)} |")
    lines += [
        "",
        ("Former states follow the date: an event of the Soviet Union before 1992 is coded `SUN`, "
         "after it `RUS` (the actor tables list successors with the date of succession)."),
        "",
        "## Figures",
        "",
        (f"- Real-news gold (`guardian-dev.yaml`, never trained on), `news_score.py` \"dates alone\": "
         f"**{figures.get('dates alone', 0):.3f}**; matched events dated right: "
         f"{figures.get('matched dated right', 0):.3f}."),
        (f"- Guardian sample: {n_asserted} asserted events; asserted past-tense events dated after "
         f"their article: {late[0]} of {late[1]}."),
        "",
    ]
    DOC.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a tenth of the sample's articles")
    ap.add_argument("--no-write", action="store_true", help=f"do not write {DOC.relative_to(REPO)}")
    args = ap.parse_args(argv)
    if not CORPUS.exists():
        print(f"corpus not found: {CORPUS}")
        return 1
    nlp = load()
    print("== real-news gold (guardian-dev.yaml)")
    report, figures = news_gold(nlp)
    print(report)
    n_docs, n_asserted, basis, late, examples, late_examples = sample(nlp, args.quick)
    print(f"== Guardian sample: {n_docs} articles, {n_asserted} asserted events")
    for b, _ in RULES:
        print(f"  dated from {b:<12} {basis[b] / max(1, n_asserted):6.1%}  ({basis[b]})")
    print(f"asserted past-tense events dated after their article: {late[0]}/{late[1]} "
          f"({late[0] / max(1, late[1]):.2%})")
    for pub, start, text, sent in late_examples:
        print(f"  published {pub}, dated {start} from {text!r}: {sent}")
    if not args.no_write and not args.quick:
        write_doc(figures, basis, n_asserted, late, examples)
        print(f"wrote {DOC.relative_to(REPO)}")
    print("== an example of each rule (docs/dating.md points to them)")
    for name, (doc_id, pub, e) in examples.items():
        print(f"  {name:<12} {doc_id} {pub} [{e.trigger} -> {_when(e)}]: {e.sentence[:160]}")
    print(f"dates alone: {figures.get('dates alone', 0):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
