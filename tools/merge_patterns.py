"""Merge pattern files into src/detente/data/event_patterns.tsv, dropping exact duplicates.

Order matters: for two patterns of equal specificity on the same head, the first wins.
Usage: python tools/merge_patterns.py BASE.tsv MORE.tsv [MORE.tsv ...] > OUT.tsv
"""

import sys


def main(paths: list[str]) -> None:
    seen: set[tuple[str, str]] = set()
    out = sys.stdout
    out.write("code\tpattern\tnote\n")
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("code\t"):
                    continue
                if line.startswith("#"):
                    out.write(line + "\n")
                    continue
                cells = line.split("\t")
                key = (cells[0], " ".join(cells[1].split()))
                if key in seen:
                    continue
                seen.add(key)
                out.write("\t".join([cells[0], key[1], cells[2] if len(cells) > 2 else ""]) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
