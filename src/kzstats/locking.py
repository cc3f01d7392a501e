"""One project lock, and file writes that either happen whole or not at all.

Every command that writes (build, accept, add-report, extract, figures, report, codebook)
holds the lock, so two of them never interleave: the second waits, saying who holds it, and
gives up with a Problem after LOCK_WAIT_SECONDS. Taking the lock also finishes or undoes what
a killed command left: data/clean is put back from data/clean.previous if a swap was cut
short, and staging folders and temporary files are removed.

A file of data/raw is never changed in place: the new content is written whole to a temporary
file beside it, flushed to disk, checked against what was read (nothing else changed the file
meanwhile) and renamed over it. A crash or a full disk leaves the old file as it was.
"""

import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from kzstats import config
from kzstats.errors import KzstatsError, Problem

LOCK_NAME = ".kzstats.lock"
HOLDER_NAME = ".kzstats.lock.holder"  # who holds the lock: pid and command, for the one waiting
TEMP_PREFIX = ".kzstats-tmp-"
LOCK_WAIT_SECONDS = float(os.environ.get("KZSTATS_LOCK_WAIT", "600"))
SAY_WAITING_AFTER = 1.0  # seconds: a short wait is not worth a line


def lock_path() -> Path:
    return config.DATA_DIR / LOCK_NAME


def _shown(path: Path) -> str:
    try:
        return str(Path(path).relative_to(config.PROJ_ROOT))
    except ValueError:
        return str(path)


def holder() -> str:
    """Who holds the lock, as the holder wrote it ('' if unknown)."""
    try:
        return (config.DATA_DIR / HOLDER_NAME).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


@contextmanager
def project_lock(command: str, wait: float | None = None) -> Iterator[None]:
    """Hold the project lock for the length of a command that writes; recover first."""
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    config.DATA_DIR.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path(), is_singleton=True)
    if lock.is_locked:  # this process holds it already (a command calling a library function)
        with lock:
            yield
        return
    try:
        lock.acquire(timeout=min(SAY_WAITING_AFTER, wait))
    except Timeout:
        print(f"kzstats {command}: waiting for the project lock, held by "
              f"{holder() or 'another kzstats command'}…", file=sys.stderr)
        try:
            lock.acquire(timeout=max(wait - SAY_WAITING_AFTER, 0))
        except Timeout:
            raise KzstatsError([Problem(_shown(lock_path()), None, "", "", holder(),
                                        f"another kzstats command holds the project lock; "
                                        f"waited {wait:.0f} s: run again when it has finished"
                                        )]) from None
    try:
        (config.DATA_DIR / HOLDER_NAME).write_text(f"pid {os.getpid()} (kzstats {command})\n",
                                                   encoding="utf-8")
        recover()
        yield
    finally:
        try:
            (config.DATA_DIR / HOLDER_NAME).unlink(missing_ok=True)
        finally:
            lock.release()


def recover(clean_dir: Path | None = None) -> list[str]:
    """Undo what a killed command left behind; return what was done, in words.

    data/clean missing with data/clean.previous present means a swap was cut between its two
    renames: the previous build is put back. Staging folders and temporary files are removed.
    """
    clean_dir = Path(clean_dir or config.CLEAN_DATA_DIR)
    previous = clean_dir.with_name(clean_dir.name + ".previous")
    staging = clean_dir.with_name(clean_dir.name + ".staging")
    done = []
    if not clean_dir.exists() and previous.is_dir():
        os.replace(previous, clean_dir)
        done.append(f"put back {_shown(clean_dir)} from {_shown(previous)}")
    leftovers = [previous, staging]
    for folder in (config.DATA_DIR, config.RAW_DATA_DIR, config.REPORTS_DIR, config.REVIEW_DIR):
        leftovers += sorted(folder.glob(TEMP_PREFIX + "*")) if folder.is_dir() else []
    for leftover in leftovers:
        if not leftover.exists() and not leftover.is_symlink():
            continue
        # What cannot be removed (a read-only folder) stays: data/clean is whole without it.
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                pass
        if not leftover.exists():
            done.append(f"removed {_shown(leftover)}")
    return done


def swap_in(staging: Path, target: Path) -> None:
    """Replace the folder target by staging. A crash between the two renames leaves
    target.previous, which recover() puts back before anything else reads or writes."""
    previous = target.with_name(target.name + ".previous")
    if previous.exists():
        shutil.rmtree(previous)
    if target.exists():
        os.replace(target, previous)
    os.replace(staging, target)
    shutil.rmtree(previous, ignore_errors=True)


@contextmanager
def work_folder(prefix: str) -> Iterator[Path]:
    """A scratch folder inside data/, removed on exit and by recover() after a kill."""
    config.DATA_DIR.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX + prefix, dir=config.DATA_DIR))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # a system that cannot open folders: the rename is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_whole(path: Path, data: bytes, *, replace: bool = True, expect: tuple | None = None) -> None:
    """Write data as the whole content of path, all or nothing.

    replace=False refuses to overwrite an existing file (FileExistsError). expect is the
    signature() of the file as it was read: if the file changed since, nothing is written.
    """
    path = Path(path)
    fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if expect is not None:
            mode = expect[-1]
            os.chmod(temp, mode)
            if signature(path) != expect:
                raise KzstatsError([Problem(_shown(path), None, "", "", "",
                                            "the file changed while kzstats was adding to it "
                                            "(edited in another program?): nothing was written; "
                                            "run again")])
        else:
            os.chmod(temp, 0o666 & ~_umask())
        if replace:
            os.replace(temp, path)
        else:
            os.link(temp, path)  # fails if path exists, never overwrites
            os.unlink(temp)
        _fsync_folder(path.parent)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def signature(path: Path) -> tuple:
    """What identifies a file's present content cheaply: inode, size, modification time, mode."""
    st = os.stat(path)
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_mode & 0o7777)


def append_whole(path: Path, addition: bytes) -> None:
    """Append bytes to a file by writing the whole new file and renaming it over the old one;
    a last line without its line end gets one first."""
    path = Path(path)
    before = signature(path)
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        data += b"\n"
    write_whole(path, data + addition, expect=before)


def disk_problem(exc: OSError, path: Path | str, what: str) -> Problem:
    """A Problem for a write that failed, saying that nothing was changed."""
    reason = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
    return Problem(_shown(Path(exc.filename or path)), None, "", "", "",
                   f"cannot write: {reason}; {what}")
