"""The README documents what the code does: every setting, every exit code, every CLI
command (Datasette's test_docs idea)."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from cchc_kg.cli import app
from cchc_kg.config import SETTINGS
from cchc_kg.errors import EXIT_CODES
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_with_its_default() -> None:
    for s in SETTINGS:
        row = next((ln for ln in README.splitlines() if ln.startswith(f"| {s.name} |")), None)
        assert row is not None, f"setting {s.name} missing from the README's Settings table"
        assert f"`{s.env}`" in row and f"`{s.default}`" in row, row


def test_exit_codes_table_matches_the_code() -> None:
    documented = {
        int(m.group(1)): m.group(2).strip() for m in re.finditer(r"^\| (\d) \| (.+?) \|$", README, re.M)
    }
    assert documented == EXIT_CODES


def test_every_command_has_help_and_is_in_the_readme() -> None:
    runner = CliRunner()
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0
    for name in ("load", "extract", "cites", "query", "stats", "serve"):
        res = runner.invoke(app, [name, "--help"])
        assert res.exit_code == 0 and "Usage" in res.output, name
        assert f"cchc {name}" in README, f"`cchc {name}` is not shown in the README"


def test_the_readme_opens_with_the_two_commands() -> None:
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    assert re.search(r"^make run\b", first_block, re.M) and re.search(r"^make test\b", first_block, re.M)
