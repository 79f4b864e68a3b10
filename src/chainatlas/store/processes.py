"""Which process owns a piece of work, and whether that process still runs.

Work that outlives a killed process — an import batch recorded as `running`, an upload
folder, a scratch index folder — carries its owner (`host:pid`); the next start cleans up
what belongs to processes of this host that are gone (services/housekeeping.py).
"""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

OWNER_FILE = ".owner"
UNOWNED_MAX_AGE = 24 * 3600  # seconds: a folder without an owner (an older version's) is kept this long


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def is_gone(process: str | None) -> bool:
    """Whether `host:pid` names a process of this host that no longer runs (another host's: unknown, False)."""
    if not process or ":" not in process:
        return False
    host, _, pid = process.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # runs, as another user
        return False
    return False


def tag_folder(folder: Path) -> Path:
    """Write this process as the folder's owner; returns the folder."""
    (folder / OWNER_FILE).write_text(this_process(), encoding="utf-8")
    return folder


def is_orphan(folder: Path, now: float | None = None) -> bool:
    """A folder whose owner is gone, or that has no owner and is older than UNOWNED_MAX_AGE."""
    try:
        owner = (folder / OWNER_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        try:
            return (now or time.time()) - folder.stat().st_mtime > UNOWNED_MAX_AGE
        except FileNotFoundError:
            return False
    except OSError:
        return False
    return is_gone(owner)
