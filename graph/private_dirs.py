"""Directories only their owner can enter: the data directory, the socket's runtime directory.

A graph and the socket that answers for it must not be readable, replaceable or reachable by
another local user. A directory we create is made 0700 at birth (``mkdir`` with a mode, no
``exist_ok`` race); one that already exists must be a real directory (not a symlink) owned by
us. If it is ours but open to others (made by an older version, 0755), it is closed (0700) and
its files made 0600; if it belongs to someone else or is a symlink, it is refused: someone else
could have placed it there to take the socket over.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from mandate_lineage.errors import StoreUnavailable

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def ensure_private_dir(path: Path, *, parents: bool = False) -> Path:
    """Create ``path`` as 0700, or check the existing one is ours and close it; ``StoreUnavailable`` if not ours."""
    if parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.mkdir(path, PRIVATE_DIR_MODE)
    except FileExistsError:
        pass
    except OSError as exc:
        raise StoreUnavailable(f"cannot create directory {path}: {exc.strerror}") from exc
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise StoreUnavailable(f"{path} is a symbolic link; refusing to use it (remove it and retry)")
    if not stat.S_ISDIR(info.st_mode):
        raise StoreUnavailable(f"{path} exists and is not a directory")
    if info.st_uid != os.getuid():
        raise StoreUnavailable(f"{path} belongs to uid {info.st_uid}, not to you (uid {os.getuid()}); "
                               "refusing to use it: another user could read or replace what is in it")
    if stat.S_IMODE(info.st_mode) & 0o077:
        # ours and too open (made by an older version): close it to others, and only that (a folder
        # the owner made read-only stays read-only, so a write there still fails with its reason)
        os.chmod(path, stat.S_IMODE(info.st_mode) & 0o700)
    return path


def close_files(directory: Path) -> None:
    """Make the files and folders under ``directory`` that are ours private (0600 / 0700)."""
    for root, dirs, files in os.walk(directory):
        for name in dirs:
            _close_own(Path(root) / name)
        for name in files:
            _close_own(Path(root) / name)


def _close_own(path: Path) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode) or stat.S_ISSOCK(info.st_mode) or info.st_uid != os.getuid():
        return
    if stat.S_IMODE(info.st_mode) & 0o077:
        try:
            os.chmod(path, stat.S_IMODE(info.st_mode) & 0o700)  # closed to others; the owner's bits as they were
        except FileNotFoundError:
            pass  # gone since lstat: the server renames its temporary files while it rewrites the AOF


def runtime_dir() -> Path:
    """The private per-user directory for sockets whose path would be too long in the data directory."""
    base = Path(os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir())
    return ensure_private_dir(base / f"mandates-{os.getuid()}")
