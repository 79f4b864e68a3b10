"""Each demo account's writes, every capability's in turn, on a copy of the demo database of its own: allowed
only to the writing roles and in their own area (the entries are in the test_matrix_<capability> modules).

This module's name sorts after the read modules on purpose, so that it runs after them: import jobs live in
the process's memory, and the reads of /imports expect no job of a non-administrator."""

from __future__ import annotations

from pathlib import Path

import pytest

from chainatlas.store.db import engine_for, resolve_url
from security.conftest import copy_of
from security.helpers import app_client, bearer
from security.matrix import send
from security.test_matrix import WRITE_MATRIX
from security.world import ACCOUNTS, Account, World


@pytest.mark.parametrize("account", ACCOUNTS, ids=str)
def test_writes_are_allowed_only_to_writing_roles_and_in_their_own_area(
        demo_template: Path, world: World, tmp_path: Path, account: Account) -> None:
    db = copy_of(demo_template, tmp_path)
    engine = engine_for(resolve_url(db))
    client = app_client(db, **bearer(engine, account.username))
    for make in dict.fromkeys(WRITE_MATRIX.values()):
        for write in make(world, account):
            response = send(client, write, tmp_path)
            assert response.status_code == write.status, \
                f"{account} {write.method} {write.url}: {response.status_code} {response.text[:300]}"
    engine.dispose()
