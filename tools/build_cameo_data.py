"""Build ``src/detente/data/cameo.tsv`` from the reference tables in ``../shared/reference``.

One row per CAMEO event code: its name, Goldstein score, GDELT quad class, and the PLOVER type,
mode and context from the CAMEO→PLOVER map (PLOVER draft 0.8, CC BY-SA 4.0, Open Event Data
Alliance). Run from the repository root: ``python tools/build_cameo_data.py [SHARED_DIR]``.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "detente" / "data" / "cameo.tsv"


def gdelt_quad(root: int) -> int:
    if root <= 5:
        return 1
    if root <= 9:
        return 2
    if root <= 14:
        return 3
    return 4


def main(shared: Path) -> None:
    ref = shared / "reference"
    with open(ref / "cameo-event-codes.tsv", encoding="utf-8") as fh:
        names = {r["CAMEOEVENTCODE"]: r["EVENTDESCRIPTION"] for r in csv.DictReader(fh, delimiter="\t")}
    with open(ref / "cameo-goldstein.tsv", encoding="utf-8") as fh:
        gold = {r["CAMEOEVENTCODE"]: r["GOLDSTEINSCALE"] for r in csv.DictReader(fh, delimiter="\t")}
    plover: dict[str, tuple[str, str, str]] = {}
    line_re = re.compile(r"^(\d{2,4}):\s*([^#]*?)\s*(?:#.*)?$")
    for line in (ref / "cameo-to-plover-2021.txt").read_text(encoding="utf-8").splitlines():
        m = line_re.match(line.strip())
        if not m or len(m.group(1)) == 2:
            continue
        parts = [p.strip() for p in m.group(2).split(",")] + ["", ""]
        plover[m.group(1)] = (parts[0], parts[1], parts[2])
    missing = sorted(set(names) ^ set(gold))
    if missing:
        raise SystemExit(f"codes without a name or a Goldstein score: {missing}")
    with open(OUT, "w", encoding="utf-8", newline="") as out:
        out.write(
            "# CAMEO event codes with Goldstein scores, GDELT quad classes and the PLOVER map.\n"
            "# Built by tools/build_cameo_data.py from the CAMEO codebook tables and the\n"
            "# CAMEO->PLOVER map of the PLOVER manual draft 0.8 (CC BY-SA 4.0, Open Event Data Alliance).\n"
        )
        out.write("code\tname\tgoldstein\tquad\tplover\tplover_mode\tplover_context\n")
        for code in sorted(names, key=lambda c: (c[:2], c)):
            p_type, p_mode, p_ctx = plover.get(code, ("", "", ""))
            if not p_type:  # a root takes its "x0" code's type; a 4-digit code its parent's
                parent = code + "0" if len(code) == 2 else code[:3]
                p_type, p_mode, p_ctx = plover.get(parent, ("", "", ""))
            out.write(
                "\t".join(
                    [code, names[code], gold[code], str(gdelt_quad(int(code[:2]))), p_type, p_mode, p_ctx]
                )
                + "\n"
            )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared")
