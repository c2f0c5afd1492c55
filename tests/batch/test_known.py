"""A repeated report hashes no unchanged case file: remembered digests, used only while a file is unchanged."""

import os
import time

import pytest

from doorbraak_cli.batch import known as kn
from doorbraak_cli.source import cache


@pytest.fixture
def files(tmp_path):
    out = []
    for i in range(3):
        f = tmp_path / f"c{i}.yaml"
        f.write_text(f"id: c{i}\n", encoding="utf-8")
        out.append(str(f))
    time.sleep(0.05)  # past the file system's clock tick of the writes
    return tmp_path, out


def _counting(monkeypatch):
    calls = []
    real = kn.digest_file

    def digest_file(path):
        calls.append(path)
        return real(path)

    monkeypatch.setattr(kn, "digest_file", digest_file)
    return calls


def test_an_unchanged_settled_file_is_not_read_again(files, monkeypatch):
    folder, paths = files
    later = time.time_ns() + 10 * kn.SETTLED  # a run long after the files were written
    first = kn.KnownDigests([folder], later)
    shas = [first.digest(p) for p in paths]
    first.save()
    calls = _counting(monkeypatch)
    again = kn.KnownDigests([folder], later)
    assert [again.digest(p) for p in paths] == shas and calls == []


def test_a_rewritten_file_is_hashed_again_even_with_its_old_size_and_time(files, monkeypatch):
    folder, paths = files
    later = time.time_ns() + 10 * kn.SETTLED
    first = kn.KnownDigests([folder], later)
    old = first.digest(paths[0])
    first.save()
    st = os.stat(paths[0])
    with open(paths[0], "r+", encoding="utf-8") as fh:  # same inode, same size
        fh.write("id: X0\n")
    os.utime(paths[0], ns=(st.st_atime_ns, st.st_mtime_ns))  # the modification time set back: the change time moves
    calls = _counting(monkeypatch)
    again = kn.KnownDigests([folder], later)
    assert again.digest(paths[0]) != old and calls == [paths[0]]


def test_a_file_changed_just_before_the_run_is_not_remembered(files, monkeypatch):
    folder, paths = files
    now = time.time_ns()  # the files changed moments ago: a change in the same clock tick could hide
    first = kn.KnownDigests([folder], now)
    for p in paths:
        first.digest(p)
    first.save()
    calls = _counting(monkeypatch)
    again = kn.KnownDigests([folder], now)
    for p in paths:
        again.digest(p)
    assert calls == paths


def test_a_damaged_memory_is_a_miss(files, monkeypatch):
    folder, paths = files
    later = time.time_ns() + 10 * kn.SETTLED
    first = kn.KnownDigests([folder], later)
    first.digest(paths[0])
    first.save()
    entry = cache._path("digests", first.place)
    entry.write_text(entry.read_text(encoding="utf-8").replace("c0.yaml", "c9.yaml"), encoding="utf-8")
    calls = _counting(monkeypatch)
    kn.KnownDigests([folder], later).digest(paths[0])
    assert calls == [paths[0]]
