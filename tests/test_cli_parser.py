"""Opening the app builds no subcommand parser; a command builds only its own; help builds all."""

from __future__ import annotations

import pytest

from lambdaprep.cli import COMMANDS, build_parser, commands_for


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], ()),
        (["--data-dir", "/tmp/x"], ()),
        (["--data-dir=/tmp/x", "--pack", "p"], ()),
        (["--data-dir", "calc", "paths"], ("paths",)),  # a global option's value is not a command
        (["calc", "price", "--json"], ("calc",)),
        (["--help"], COMMANDS),
        (["--version"], COMMANDS),
        (["bogus"], COMMANDS),
    ],
)
def test_commands_for(argv, expected):
    assert commands_for(argv) == expected


def test_opening_the_app_parses_without_any_command_module():
    args = build_parser(["--data-dir", "/tmp/x"]).parse_args(["--data-dir", "/tmp/x"])
    assert args.command is None and getattr(args, "run", None) is None


def test_a_command_parses_the_same_with_the_lazy_parser():
    argv = ["calc", "price", "--memory", "1GB", "--json"]
    lazy, full = build_parser(argv).parse_args(argv), build_parser().parse_args(argv)
    assert vars(lazy) == vars(full)
