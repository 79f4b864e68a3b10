"""The machinery of the role × endpoint matrix: how a capability's entries are written (`everyone`,
`admin_only`, `Write`), how a read is checked (`check_reads`) and a write sent (`send`).

Each capability's test module (test_matrix_<capability>.py) holds its entries, `READS` (GET endpoint →
the probes of an account) and `WRITES` ((method, endpoint) → the writes of an account), its read test
and the checks of what its responses hold; test_matrix.py gathers them, holds that every endpoint of the
OpenAPI document has an entry and runs every account's writes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from importers.files import write_csv
from security.helpers import upload
from security.world import Account, World, check_no_leak

Probe = tuple[str, int]  # (URL below /api/v1, expected status)
Reads = Callable[[World, Account], list[Probe]]
Extra = Callable[[World, Account, str, Any], None]  # more checks of a JSON answer: (world, account, url, data)


def everyone(*urls: str) -> Reads:
    return lambda w, a: [(u, 200) for u in urls]


def admin_only(url: str) -> Reads:
    return lambda w, a: [(url, 200 if a.admin else 403)]


def check_reads(w: World, account: Account, endpoint: str, probes: list[Probe], extra: Extra | None = None) -> None:
    """Each probe's status; an answer holds nothing outside the scope, a refusal is the API's error shape."""
    client = w.clients[account.username]
    for url, status in probes:
        response = client.get("/api/v1" + url)
        assert response.status_code == status, f"{account} GET {url}: {response.status_code} {response.text[:300]}"
        if status == 200:
            check_no_leak(w, account, endpoint, response)
            if extra is not None and "json" in response.headers["content-type"]:
                extra(w, account, url, response.json())
        else:
            assert response.json()["error"]["code"] in ("forbidden", "not_found")


@dataclass(frozen=True)
class Write:
    method: str
    url: str
    status: int
    json: dict[str, Any] | None = None
    csv_rows: list[list[str]] | None = None
    upload: tuple[str, list[str], list[list[str]]] | None = None  # a work list: (kind, header, rows)


Writes = Callable[[World, Account], list[Write]]


def own_and_outside(w: World, a: Account) -> tuple[int, int]:
    """An enterprise in the account's scope and one no demo account sees (深圳)."""
    return min(w.allowed(a)), w.in_region("440305")[0]


def send(client: TestClient, write: Write, folder: Path) -> Any:
    if write.upload is not None:
        kind, header, rows = write.upload
        path = write_csv(folder / "list.csv", header, rows)
        with open(path, "rb") as f:
            response = client.post("/api/v1" + write.url, data={"kind": kind}, files={"file": (path.name, f, "text/csv")})
        if response.status_code == 200 and kind == "indicators":  # the row lies outside every account's area
            assert response.json()["rejected"] == 1 and not response.json()["written"], response.text
            assert "辖区" in response.json()["errors"][0]["reason"], response.text
        elif response.status_code == 200:
            assert response.json()["status"] == "refused" and not response.json()["written"], response.text
        return response
    if write.csv_rows is None:
        return client.request(write.method, "/api/v1" + write.url, json=write.json)
    path = write_csv(folder / "upload.csv", ["企业名称", "统一社会信用代码", "所属区县"], write.csv_rows)
    if write.url == "/pools/import":
        with open(path, "rb") as f:
            return client.post("/api/v1" + write.url, files={"file": (path.name, f, "text/csv")},
                               data={"name": "测试企业库"})
    if write.status == 202:
        job = upload(client, path)
        assert job["status"] == "rejected" and not job["written"], job  # the row lies outside every area
        return type("Accepted", (), {"status_code": 202, "text": ""})()
    with open(path, "rb") as f:
        return client.post("/api/v1" + write.url, files={"file": (path.name, f, "text/csv")})
