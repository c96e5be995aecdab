"""``python -m tracker``: the ``tracker`` command, for environments without the console script."""

from tracker.cli import cli

if __name__ == "__main__":
    cli(prog_name="python -m tracker")
