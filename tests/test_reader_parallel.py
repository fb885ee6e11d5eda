"""The reader's second thread: same tables as reading alone, errors where the sheet is asked for, stderr given back."""

from __future__ import annotations

import os
import threading

import pandas as pd
import pytest

from xl_tracker import reader
from xl_tracker.reader import _quiet_stderr, _SheetPrefetch, read_workbook


class _Book:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_the_demo_reads_the_same_with_and_without_the_helper_thread(tmp_path, monkeypatch):
    from xl_tracker.demo import build_demo_workbook

    path = build_demo_workbook(tmp_path / "demo.xlsx")
    monkeypatch.setattr(reader, "PREFETCH_BYTES", 0)  # the demo is small: make the helper read it
    together = read_workbook(path)
    monkeypatch.setattr(_SheetPrefetch, "_run", lambda self: None)  # the main thread reads every sheet
    alone = read_workbook(path)
    assert together.sheets.keys() == alone.sheets.keys()
    for name in alone.sheets:
        pd.testing.assert_frame_equal(together[name].values, alone[name].values)
    assert together.issues == alone.issues
    assert together.settings == alone.settings


def test_sheets_read_by_the_helper_are_handed_over_and_its_errors_raised_where_asked_for():
    helper_done = threading.Event()
    readers: dict[str, str] = {}

    def read_grid(book, sheet):
        if book == "main":
            helper_done.wait(timeout=30)  # let the helper take the sheets from the end first
        readers[sheet] = "main" if book == "main" else "helper"
        if sheet == "D":
            helper_done.set()
            raise ValueError(f"{sheet} is damaged")
        return [[sheet]]

    prefetch = _SheetPrefetch(_Book, read_grid, ["A", "B", "C", "D"])
    try:
        assert prefetch.grid("A", "main") == [["A"]]
        assert prefetch.grid("B", "main") == [["B"]]
        assert prefetch.grid("C", "main") == [["C"]]
        with pytest.raises(ValueError, match="D is damaged"):
            prefetch.grid("D", "main")
    finally:
        prefetch.close()
    assert readers["D"] == "helper" and set(readers) == {"A", "B", "C", "D"}
    assert not prefetch._thread.is_alive()


def test_a_helper_that_cannot_open_the_book_leaves_every_sheet_to_the_main_thread():
    def cannot_open():
        raise OSError("no second handle")

    prefetch = _SheetPrefetch(cannot_open, lambda book, sheet: [[sheet, book]], ["A", "B"])
    try:
        assert prefetch.grid("A", "main") == [["A", "main"]]
        assert prefetch.grid("B", "main") == [["B", "main"]]
    finally:
        prefetch.close()


def test_stderr_is_given_back_when_two_threads_silence_it_at_once(capfd):
    inside = threading.Barrier(2)

    def calamine_like():
        with _quiet_stderr():
            inside.wait(timeout=30)
            os.write(2, b"hidden\n")
            inside.wait(timeout=30)

    other = threading.Thread(target=calamine_like)
    other.start()
    calamine_like()
    other.join()
    os.write(2, b"shown again\n")
    err = capfd.readouterr().err
    assert "shown again" in err and "hidden" not in err
    assert reader._quiet_users == 0 and reader._quiet_saved is None
