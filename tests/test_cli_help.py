"""Every command's help speaks one language: one metavar per option name, choices shown as typed,
``--store`` reading ``TRACKER_STORE``, and ``python -m tracker`` and shell completion working."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.commands.options import STORE_ENVVAR

ROOT = Path(__file__).resolve().parents[1]

#: ``tracker demo --store`` does not read TRACKER_STORE: the demo's made-up articles must not land in
#: the store a user has set for their own work.
_STORE_WITHOUT_ENVVAR = {"demo"}


def _commands() -> Iterator[tuple[str, click.Command]]:
    ctx = click.Context(cli, info_name="tracker")

    def walk(group: click.Group, prefix: str) -> Iterator[tuple[str, click.Command]]:
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None, name
            yield f"{prefix}{name}", command
            if isinstance(command, click.Group):
                yield from walk(command, f"{prefix}{name} ")

    yield from walk(cli, "")


COMMANDS = dict(_commands())


def _help_record(command: click.Command, option: click.Option) -> tuple[str, str]:
    record = option.get_help_record(click.Context(command, info_name=command.name))
    assert record is not None
    return record


def _valued_options(command: click.Command) -> Iterator[click.Option]:
    for param in command.params:
        if isinstance(param, click.Option) and not param.is_flag and not param.hidden:
            yield param


def test_the_walk_finds_every_command() -> None:
    assert {"extract", "ingest", "events", "export", "stats", "panel", "watch", "resources build"} <= set(
        COMMANDS
    )


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_options_show_what_they_take_not_a_type_name(name: str) -> None:
    # Without a metavar click shows the type's name (TEXT, INTEGER RANGE, FILE): say what is taken.
    unnamed = {
        opt.name: _help_record(COMMANDS[name], opt)[0]
        for opt in _valued_options(COMMANDS[name])
        if not isinstance(opt.type, click.Choice)
        and (opt.metavar is None or opt.metavar != opt.metavar.upper())
    }
    assert unnamed == {}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_choices_are_shown_as_typed_and_the_default_is_one_of_them(name: str) -> None:
    command = COMMANDS[name]
    for opt in _valued_options(command):
        if not isinstance(opt.type, click.Choice):
            continue
        choices = [str(c) for c in opt.type.choices]
        first, text = _help_record(command, opt)
        assert first.endswith("[" + "|".join(choices) + "]"), (opt.name, first)
        if opt.show_default:
            assert opt.default in choices and f"default: {opt.default}" in text, (opt.name, text)


def test_an_option_has_one_metavar_and_one_short_name_in_every_command() -> None:
    metavars: dict[str, set[str]] = defaultdict(set)
    short: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for command in COMMANDS.values():
        for param in command.params:
            if not isinstance(param, click.Option) or param.hidden:
                continue
            long = max(param.opts, key=len)
            short[long].add(tuple(sorted(o for o in param.opts if not o.startswith("--"))))
            if not param.is_flag and not isinstance(param.type, click.Choice):
                metavars[long].add(_help_record(command, param)[0].split(" ", 1)[-1])
    assert {k: v for k, v in metavars.items() if len(v) > 1} == {}
    assert {k: v for k, v in short.items() if len(v) > 1} == {}


def test_input_arguments_are_spelled_alike() -> None:
    spelled = {
        name: param.make_metavar(click.Context(command))
        for name, command in COMMANDS.items()
        for param in command.params
        if isinstance(param, click.Argument) and param.name == "inputs"
    }
    assert set(spelled.values()) <= {"INPUT...", "[INPUT]..."}, spelled
    assert spelled["extract"] == "INPUT..." and spelled["panel"] == "[INPUT]..."


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_store_option_reads_tracker_store(name: str) -> None:
    stores = [p for p in COMMANDS[name].params if isinstance(p, click.Option) and "--store" in p.opts]
    for option in stores:
        if name in _STORE_WITHOUT_ENVVAR:
            assert option.envvar is None
        else:
            assert option.envvar == STORE_ENVVAR and option.show_envvar


def test_tracker_store_names_the_store_once(tmp_path: Path) -> None:
    store = tmp_path / "mine.duckdb"
    runner = CliRunner(env={STORE_ENVVAR: str(store)})
    assert runner.invoke(cli, ["ingest"]).exit_code == 0
    assert store.is_file()
    result = runner.invoke(cli, ["stats"])
    assert result.exit_code == 0, result.output
    assert str(store) in result.output
    # --store still wins over the environment.
    other = tmp_path / "other.duckdb"
    assert runner.invoke(cli, ["stats", "--store", str(other)]).exit_code == 1


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = os.environ | {"PYTHONPATH": str(ROOT)} | (env or {})
    return subprocess.run(args, capture_output=True, text=True, env=environ, cwd=ROOT, timeout=60)


def test_python_dash_m_tracker_is_the_tracker_command() -> None:
    done = _run(sys.executable, "-m", "tracker", "--help")
    assert done.returncode == 0, done.stderr
    assert "Usage: python -m tracker" in done.stdout and "events" in done.stdout


def test_shell_completion_as_the_readme_says() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "_TRACKER_COMPLETE=bash_source tracker" in readme
    done = _run(
        sys.executable,
        "-c",
        "from tracker.cli import main; main()",
        env={"_TRACKER_COMPLETE": "bash_complete", "COMP_WORDS": "tracker ev", "COMP_CWORD": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert "plain,events" in done.stdout.split()
