"""A live line per long step on a terminal; nothing with --quiet or when the output is not a terminal."""
import io
import sys

import pytest

from pipeline import parallel, progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def stderr(monkeypatch):
    def use(stream):
        monkeypatch.setattr(sys, "stderr", stream)
        return stream
    yield use
    progress.enable(False)


def _count(n: int) -> None:
    parallel.run_all(abs, range(n), progress="workbooks read")


def test_a_terminal_sees_the_step_counted_then_cleared(stderr):
    out = stderr(Terminal())
    progress.enable(True)
    _count(4)
    text = out.getvalue()
    assert "workbooks read 0/4" in text and text.endswith("\r")


def test_nothing_with_quiet_or_without_a_terminal(stderr):
    for stream, on in ((Terminal(), False), (io.StringIO(), True)):
        out = stderr(stream)
        progress.enable(on)
        _count(4)
        assert out.getvalue() == ""
