# %% [markdown]
# # detente next to GDELT: one dyad, two sources
#
# A notebook-style script (cells marked `# %%`; open it in Jupyter/VS Code, or run it with
# `python docs/compare_example.py [OUTDIR]`). It builds one store that holds
#
# 1. events **detente codes** from news text (sentences written for the example), and
# 2. events **imported from a GDELT 2.0 export** (rows written for the example),
#
# both driven by one made-up story of US–Russia relations in 2016 — a warm spring, a crisis
# in the summer, a thaw in the autumn — and then compares the two monthly series: Pearson's
# r of the Goldstein mean and of the event counts, and a chart of both.
#
# Nothing here downloads anything; the spaCy model is the one detente installs. With real
# data you would run `detente code` on your articles and `detente import-gdelt` on GDELT's
# exports, then `detente compare USA RUS --freq month --out chart.png`.

# %%
from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
from pathlib import Path

from detente import Document, Store, code_documents
from detente.cameo import lookup
from detente.compare import compare_sources
from detente.report import save_comparison_chart
from detente.formats import import_gdelt
from detente.formats.gdelt import COLUMNS

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="detente-compare-"))
OUT.mkdir(parents=True, exist_ok=True)
rng = random.Random(2016)

# %% [markdown]
# ## The story: how warm the relationship is each month (-1 … +1) and how much news it makes

# %%
MONTHS = [dt.date(2016, m, 1) for m in range(1, 13)]
WARMTH = [0.6, 0.7, 0.5, 0.3, -0.2, -0.7, -0.9, -0.8, -0.4, 0.1, 0.4, 0.6]
ATTENTION = [4, 4, 5, 5, 7, 10, 12, 10, 8, 6, 5, 5]  # news items per month

# %% [markdown]
# ## Source 1: news text, coded by detente

# %%
COOPERATION = [
    "The United States and Russia signed a trade agreement on {d}.",
    "The United States and Russia held talks on {d}.",
    "US President Barack Obama telephoned Russian President Vladimir Putin on {d}.",
]
CONFLICT = [
    "Russia accused the United States of violating the ceasefire on {d}.",
    "The United States imposed sanctions on Russia on {d}.",
    "Russia threatened the United States with retaliation on {d}.",
    "The United States condemned Russia on {d}.",
]


def day_in(month: dt.date) -> dt.date:
    return month.replace(day=rng.randint(1, 27))


def coop_or_conflict(warmth: float) -> bool:
    """True (cooperation) with probability (1 + warmth) / 2."""
    return rng.random() < (1 + warmth) / 2


documents = []
for month, warmth, n in zip(MONTHS, WARMTH, ATTENTION):
    for i in range(n):
        day = day_in(month)
        template = rng.choice(COOPERATION if coop_or_conflict(warmth) else CONFLICT)
        text = template.format(d=f"{day.day} {day:%B %Y}")
        documents.append(Document(id=f"wire-{day:%Y%m%d}-{i}", text=text, published=day, source="wire"))

store = Store(str(OUT / "compare.duckdb"))
store.add_many(list(code_documents(documents)))
print(f"detente coded {store.counts()['events']} events from {len(documents)} news items")

# %% [markdown]
# ## Source 2: GDELT 2.0 rows (61 TAB-separated columns), imported with `import_gdelt`
#
# GDELT picks up more reports than our little wire; its coder reads the same story.

# %%
GDELT_COOPERATION = ["036", "040", "042", "046", "057", "061"]
GDELT_CONFLICT = ["111", "112", "130", "163", "172", "190"]
ACTORS = {"USA": "UNITED STATES", "RUS": "RUSSIA"}


def gdelt_line(event_id: int, day: dt.date, code: str) -> str:
    src, tgt = rng.sample(list(ACTORS), 2)
    c = lookup(code)
    row = dict.fromkeys(COLUMNS, "")
    row |= {
        "GLOBALEVENTID": str(event_id), "SQLDATE": f"{day:%Y%m%d}", "MonthYear": f"{day:%Y%m}",
        "Year": str(day.year), "FractionDate": f"{day.year + ((day.month - 1) * 30 + day.day) / 365:.4f}",
        "Actor1Code": src, "Actor1Name": ACTORS[src], "Actor1CountryCode": src,
        "Actor2Code": tgt, "Actor2Name": ACTORS[tgt], "Actor2CountryCode": tgt,
        "IsRootEvent": "1", "EventCode": code, "EventBaseCode": code[:3], "EventRootCode": code[:2],
        "QuadClass": str(c.quad), "GoldsteinScale": str(c.goldstein),
        "NumMentions": str(rng.randint(1, 20)), "NumSources": "1", "NumArticles": "1",
        "AvgTone": f"{rng.uniform(-8, 4):.4f}", "DATEADDED": f"{day:%Y%m%d}120000",
        "SOURCEURL": f"https://news.example/{day:%Y/%m/%d}/{event_id}",
    }  # fmt: skip
    return "\t".join(row[c] for c in COLUMNS)


lines, event_id = [], 500_000_000
for month, warmth, n in zip(MONTHS, WARMTH, ATTENTION):
    for _ in range(3 * n + rng.randint(-2, 2)):
        event_id += 1
        code = rng.choice(GDELT_COOPERATION if coop_or_conflict(warmth) else GDELT_CONFLICT)
        lines.append(gdelt_line(event_id, day_in(month), code))
gdelt_file = OUT / "2016.export.CSV"
gdelt_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
imported = import_gdelt([gdelt_file], store)
print(f"imported {imported.new_events} GDELT events ({imported.skipped} lines skipped)")

# %% [markdown]
# ## The comparison

# %%
comparison = compare_sources(store, "USA", "RUS", ("detente", "gdelt"), freq="month")
print(comparison.table.to_string(index=False))
print(f"Pearson r, Goldstein mean per month: {comparison.r_goldstein:+.2f} over {comparison.n_goldstein} months")
print(f"Pearson r, events per month:         {comparison.r_counts:+.2f} over {comparison.n_counts} months")
chart = save_comparison_chart(comparison, OUT / "usa-rus-detente-vs-gdelt.png")
print(f"chart: {chart}")
store.close()
