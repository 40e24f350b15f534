"""The docs are tested: the CLI reference is regenerated and compared, the quickstart's
Python runs, and the comparison example runs end to end."""

from __future__ import annotations

import importlib.util
import re
import runpy
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"


def _tool():
    spec = importlib.util.spec_from_file_location("gen_cli_reference", REPO / "tools" / "gen_cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_up_to_date():
    tool = _tool()
    expected = tool.render()
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == expected, (
        "docs/cli.md is out of date: run `python tools/gen_cli_reference.py`"
    )
    import typer

    from detente.cli import app

    group = typer.main.get_command(app)
    for name in group.list_commands(group.context_class(group)):
        assert f"## detente {name}\n" in expected


def _python_blocks(page: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_quickstart_python_runs(nlp, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    blocks = _python_blocks(DOCS / "quickstart.md")
    assert len(blocks) == 2
    exec(compile(blocks[0], "quickstart.md", "exec"), {})  # noqa: S102 - the doc's own code
    assert (tmp_path / "events.parquet").stat().st_size > 0
    assert (tmp_path / "events.jsonl").read_text(encoding="utf-8").count("CONSULT") == 1
    assert "[('PAK', 'RUS', '046')]" in capsys.readouterr().out


def test_compare_example_runs(nlp, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["compare_example.py", str(tmp_path)])
    runpy.run_path(str(DOCS / "compare_example.py"), run_name="__main__")
    out = capsys.readouterr().out
    r_gold = float(re.search(r"Goldstein mean per month: ([+-][0-9.]+) over 12 months", out).group(1))
    r_count = float(re.search(r"events per month: +([+-][0-9.]+) over 12 months", out).group(1))
    assert r_gold > 0.5 and r_count > 0.5, out
    assert (tmp_path / "usa-rus-detente-vs-gdelt.png").stat().st_size > 10_000


@pytest.mark.parametrize("page", ["quickstart.md", "cli.md", "data-model.md", "codebooks.md", "spacy.md"])
def test_pages_exist_and_link(page):
    text = (DOCS / page).read_text(encoding="utf-8")
    assert text.startswith("# ")
    for target in re.findall(r"\]\(([a-z-]+\.md)\)", text):
        assert (DOCS / target).is_file(), target


def test_codebooks_credit_plover():
    text = (DOCS / "codebooks.md").read_text(encoding="utf-8")
    for phrase in ("draft 0.8", "Open Event Data", "CC BY-SA 4.0", "Goldstein", "quad"):
        assert phrase in text
