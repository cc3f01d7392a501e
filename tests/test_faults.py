"""Faults never lose data: concurrent commands, a crash at each step of a swap or an append,
a full disk. Each leaves data/clean and data/raw whole, and says what happened."""

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

import inprocess
from conftest import copy_project, run_kzstats_process
from kzstats import build, config, locking, publish
from kzstats.errors import KzstatsError

REAL_REPLACE, REAL_FSYNC, REAL_FDOPEN = os.replace, os.fsync, os.fdopen


@pytest.fixture
def project(tmp_path, monkeypatch):
    return inprocess.use_copy(tmp_path / "project", monkeypatch)


def _no_temp_files(root) -> list[str]:
    return [str(p) for p in root.rglob("*") if locking.TEMP_PREFIX in p.name
            or p.name.endswith((".staging", ".previous"))]


def _disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


# --- the swap of data/clean ------------------------------------------------------------------

def _failing_replace(monkeypatch, nth: int, error: type[BaseException] = OSError):
    """os.replace that fails on its nth call (1-based), as a crash at that step would."""
    real, calls = os.replace, []

    def replace(src, dst, *args, **kwargs):
        calls.append((src, dst))
        if len(calls) == nth:
            raise error(errno.EIO, "simulated crash")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    return calls


@pytest.mark.parametrize("step", [1, 2])
def test_a_failed_swap_keeps_the_last_good_build(project, monkeypatch, step):
    before = inprocess.tree(config.CLEAN_DATA_DIR)
    _failing_replace(monkeypatch, step)
    with pytest.raises(KzstatsError, match="problem"):
        build.run()
    monkeypatch.setattr(os, "replace", REAL_REPLACE)
    assert inprocess.tree(project / "data" / "clean") == before
    assert _no_temp_files(project) == []


def test_a_kill_between_the_two_renames_is_recovered_before_anything_else(project, monkeypatch):
    assert inprocess.run("build")[0] == 0  # Parquet bytes name the pyarrow that wrote them
    before = inprocess.tree(config.CLEAN_DATA_DIR)
    _failing_replace(monkeypatch, 2, error=KeyboardInterrupt)  # not caught: as a kill would
    with pytest.raises(KeyboardInterrupt):
        build.run()
    monkeypatch.setattr(os, "replace", REAL_REPLACE)
    assert not config.CLEAN_DATA_DIR.exists()  # the window the recovery closes
    code, _, err = inprocess.run("build")
    assert code == 0, err
    assert "first build" not in (config.CLEAN_DATA_DIR / "CHANGES.md").read_text()
    assert inprocess.tree(config.CLEAN_DATA_DIR) == before
    assert _no_temp_files(project) == []


def test_recover_puts_back_the_previous_build(project):
    clean = config.CLEAN_DATA_DIR
    before = inprocess.tree(clean)
    os.replace(clean, clean.with_name("clean.previous"))
    (clean.with_name("clean.staging")).mkdir()
    done = locking.recover()
    assert inprocess.tree(clean) == before
    assert any("put back" in d for d in done)
    assert _no_temp_files(project) == []


def test_a_full_disk_during_build_leaves_clean_and_no_staging(project, monkeypatch):
    before = inprocess.tree(config.CLEAN_DATA_DIR)
    real = publish.write_csv

    def write_csv(df, path):
        real(df, path)
        if path.name == "persons.csv":
            _disk_full()

    monkeypatch.setattr(publish, "write_csv", write_csv)
    code, _, err = inprocess.run("build")
    assert code == 1
    assert "the disk is full" in err and "Traceback" not in err
    assert inprocess.tree(config.CLEAN_DATA_DIR) == before
    assert _no_temp_files(project) == []


# --- appends to data/raw ---------------------------------------------------------------------

ROW = ["x-0001", "x", "", "1", "activist", "", "detention", "", "", "", "", "a quote", ""]


@pytest.mark.parametrize("fault", ["fsync", "replace", "write"])
def test_a_failed_append_leaves_the_file_as_it_was(project, monkeypatch, fault):
    from kzstats.sheet import append_records

    path = config.INCIDENTS_CSV
    before = path.read_bytes()
    if fault == "write":
        real_fdopen = os.fdopen

        class Full:
            def __init__(self, f):
                self.f = f

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.f.close()

            def write(self, data):
                self.f.write(data[: len(data) // 2])
                _disk_full()

        monkeypatch.setattr(locking.os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
    else:
        monkeypatch.setattr(locking.os, fault, _disk_full)
    with pytest.raises(OSError):
        append_records(path, [ROW])
    monkeypatch.setattr(locking.os, "fdopen" if fault == "write" else fault, {"fsync": REAL_FSYNC, "replace": REAL_REPLACE,
                                            "write": REAL_FDOPEN}[fault])
    assert path.read_bytes() == before
    assert _no_temp_files(project) == []


def test_an_append_refuses_a_file_changed_meanwhile(project, monkeypatch):
    path = config.INCIDENTS_CSV
    real = locking.signature
    calls = []

    def signature(p):
        calls.append(p)
        if len(calls) == 2:  # another program saved the file while the new one was written
            path.write_bytes(path.read_bytes() + b"")
            os.utime(path, ns=(1, 1))
        return real(p)

    monkeypatch.setattr(locking, "signature", signature)
    from kzstats.sheet import append_records

    edited = path.read_bytes()
    with pytest.raises(KzstatsError, match="problem"):
        append_records(path, [ROW])
    assert path.read_bytes() == edited
    assert _no_temp_files(project) == []


def test_an_append_keeps_the_file_mode(project):
    from kzstats.sheet import append_records

    path = config.INCIDENTS_CSV
    path.chmod(0o640)
    append_records(path, [ROW])
    assert path.stat().st_mode & 0o777 == 0o640
    assert path.read_bytes().endswith(b"a quote,\n")


# --- add-report and accept on a full disk ------------------------------------------------------

def _report_file(tmp_path):
    text = (config.REPORTS_DIR / "civicus-2019-11.txt").read_text(encoding="utf-8")
    path = tmp_path / "new.txt"
    path.write_text("A new update\n" + text, encoding="utf-8")
    return path


def test_a_full_disk_during_add_report_writes_nothing_and_a_retry_works(project, monkeypatch, tmp_path):
    new = _report_file(tmp_path)
    raw_before = inprocess.tree(config.RAW_DATA_DIR)
    monkeypatch.setattr(locking.os, "fsync", _disk_full)
    args = ("add-report", str(new), "--publisher", "civicus", "--period", "2019-10..2019-11",
            "--id", "civicus-2019-11-b")
    code, _, err = inprocess.run(*args)
    assert code == 1 and "the disk is full" in err and "Traceback" not in err
    assert inprocess.tree(config.RAW_DATA_DIR) == raw_before
    monkeypatch.setattr(locking.os, "fsync", REAL_FSYNC)
    code, _, err = inprocess.run(*args)
    assert code == 0, err
    assert (config.REPORTS_DIR / "civicus-2019-11-b.txt").exists()


def _review(report_id: str, ids: list[str]):
    import csv

    from kzstats.sheet import REVIEW_COLUMNS

    with config.INCIDENTS_CSV.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["incident_id"] in ids]
    path = config.REVIEW_DIR / f"{report_id}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(REVIEW_COLUMNS), lineterminator="\n")
        writer.writeheader()
        for r in rows:  # told again, with a note of its own so that it is no duplicate
            writer.writerow({**r, "incident_id": "", "report_id": report_id,
                             "notes": "told again", "confidence": "0.9", "reason": "test"})
    return path


def test_a_full_disk_during_accept_appends_nothing_and_a_retry_works(project, monkeypatch, tmp_path):
    new = _report_file(tmp_path)
    code, _, err = inprocess.run("add-report", str(new), "--publisher", "civicus", "--period",
                                 "2019-10..2019-11", "--id", "civicus-2019-11-b")
    assert code == 0, err
    review = _review("civicus-2019-11-b", ["civicus-2019-11-0011", "civicus-2019-11-0012"])
    sheet = config.INCIDENTS_CSV.read_bytes()

    def replace(src, dst):  # the checked copy is written; the sheet itself is not
        if Path(dst) == config.INCIDENTS_CSV:
            _disk_full()
        REAL_REPLACE(src, dst)

    monkeypatch.setattr(locking.os, "replace", replace)
    code, _, err = inprocess.run("accept", "civicus-2019-11-b")
    assert code == 1 and "the disk is full" in err and "nothing was appended" in err
    assert config.INCIDENTS_CSV.read_bytes() == sheet and review.exists()
    assert _no_temp_files(project) == []
    monkeypatch.setattr(locking.os, "replace", REAL_REPLACE)
    code, _, err = inprocess.run("accept", "civicus-2019-11-b")
    assert code == 0, err
    assert config.INCIDENTS_CSV.read_bytes().count(b"civicus-2019-11-b-000") == 2


# --- two commands at once ----------------------------------------------------------------------

def test_a_second_command_waits_then_says_who_holds_the_lock(tmp_path):
    copy_project(tmp_path)
    env = {**os.environ, "KZSTATS_ROOT": str(tmp_path), "KZSTATS_LOCK_WAIT": "2"}
    holder = subprocess.Popen(
        [sys.executable, "-c", ("import time, kzstats.locking as l\n"
                                "with l.project_lock('build'):\n"
                                "    print('held', flush=True); time.sleep(30)")],
        env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = run_kzstats_process("build", env=env)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"pid {holder.pid} (kzstats build)" in result.stderr
    assert "holds the project lock" in result.stderr
    assert not (tmp_path / "data" / "clean").exists()


@pytest.mark.slow
def test_two_builds_at_once_both_succeed_and_leave_clean_whole(tmp_path):
    copy_project(tmp_path)
    env = {**os.environ, "KZSTATS_ROOT": str(tmp_path)}
    command = [sys.executable, "-m", "kzstats.cli", "build"]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    results = [(r.wait(timeout=300), r.stderr.read()) for r in runs]
    assert [code for code, _ in results] == [0, 0], results
    assert sorted(p.name for p in (tmp_path / "data" / "clean").iterdir()) == sorted(
        p.name for p in config.CLEAN_DATA_DIR.iterdir())
    assert _no_temp_files(tmp_path) == []


@pytest.mark.slow
def test_two_accepts_at_once_append_the_rows_once(tmp_path, monkeypatch):
    root = inprocess.use_copy(tmp_path / "project", monkeypatch, clean=False)
    new = _report_file(tmp_path)
    code, _, err = inprocess.run("add-report", str(new), "--publisher", "civicus", "--period",
                                 "2019-10..2019-11", "--id", "civicus-2019-11-b")
    assert code == 0, err
    _review("civicus-2019-11-b", ["civicus-2019-11-0011", "civicus-2019-11-0012"])
    env = {**os.environ, "KZSTATS_ROOT": str(root)}
    command = [sys.executable, "-m", "kzstats.cli", "accept", "civicus-2019-11-b"]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    results = sorted((r.wait(timeout=300), r.stderr.read()) for r in runs)
    assert [code for code, _ in results] == [0, 1], results
    assert "already accepted" in results[1][1] and "Traceback" not in results[1][1]
    text = config.INCIDENTS_CSV.read_text(encoding="utf-8")
    assert text.count("civicus-2019-11-b-0001,") == 1 and text.count("civicus-2019-11-b-0003") == 0
    assert _no_temp_files(root) == []


# --- permissions -----------------------------------------------------------------------------

@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
@pytest.mark.parametrize("folder", ["data/clean", "reports", "data"])
def test_a_read_only_folder_is_a_problem_not_a_traceback(project, folder):
    (project / "reports").mkdir(exist_ok=True)
    target = project / folder
    sheet = config.INCIDENTS_CSV
    if folder == "reports":  # a bad sheet: the problems must show though reports/ is read-only
        bad = project / "bad.csv"
        bad.write_text(sheet.read_text(encoding="utf-8").replace(",detention,", ",arrested,", 1),
                       encoding="utf-8")
        sheet = bad
    target.chmod(0o555)
    try:
        code, _, err = inprocess.run("build", "--sheet", str(sheet))
    finally:
        target.chmod(0o755)
    assert code == 1 and "Traceback" not in err
    assert "Permission denied" in err or "arrested" in err
    if folder == "reports":
        assert "arrested" in err and "could not write" in err


def test_problems_show_though_build_problems_csv_cannot_be_written(project):
    (project / "reports").write_text("a file where the folder should be")
    bad = project / "bad.csv"
    bad.write_text(config.INCIDENTS_CSV.read_text(encoding="utf-8").replace(
        ",detention,", ",arrested,", 1), encoding="utf-8")
    code, _, err = inprocess.run("build", "--sheet", str(bad))
    assert code == 1 and "Traceback" not in err
    assert "arrested" in err and "could not write" in err


def test_a_folder_that_refuses_writes_is_a_problem_not_a_traceback(project, monkeypatch):
    before = inprocess.tree(config.CLEAN_DATA_DIR)

    def refuse(src, dst):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(src))

    monkeypatch.setattr(os, "replace", refuse)
    code, _, err = inprocess.run("build")
    monkeypatch.setattr(os, "replace", REAL_REPLACE)
    assert code == 1 and "Traceback" not in err and "Permission denied" in err
    assert inprocess.tree(config.CLEAN_DATA_DIR) == before


def test_what_a_killed_command_left_is_removed_by_the_next(project):
    left = [project / "data" / (locking.TEMP_PREFIX + "accept-x"),
            config.RAW_DATA_DIR / (locking.TEMP_PREFIX + "abc"),
            project / "data" / "clean.staging"]
    left[0].mkdir()
    (left[0] / "incidents.csv").write_text("a copy")
    left[1].write_text("half a file")
    left[2].mkdir()
    code, _, err = inprocess.run("build")
    assert code == 0, err
    assert not any(p.exists() for p in left)


def test_a_review_file_with_a_row_twice_is_refused(project, tmp_path):
    new = _report_file(tmp_path)
    code, _, err = inprocess.run("add-report", str(new), "--publisher", "civicus", "--period",
                                 "2019-10..2019-11", "--id", "civicus-2019-11-b")
    assert code == 0, err
    review = _review("civicus-2019-11-b", ["civicus-2019-11-0011"])
    lines = review.read_text(encoding="utf-8").splitlines()
    review.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    sheet = config.INCIDENTS_CSV.read_bytes()
    code, _, err = inprocess.run("accept", "civicus-2019-11-b")
    assert code == 1 and "the same row twice" in err
    assert config.INCIDENTS_CSV.read_bytes() == sheet
