"""`chainatlas chains …`: listing, showing and loading chain templates."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cli.helpers import error_line, error_text, run, run_json

STAGES = {"upstream", "midstream", "downstream"}


def write_template(path: Path, links: list[tuple[str, str]], edges: list[tuple[str, str]]) -> Path:
    data = {"id": "toy-chain", "name": "玩具产业链",
            "links": [{"id": i, "name": f"{i}环节", "stage": stage} for i, stage in links],
            "edges": [{"from": a, "to": b} for a, b in edges]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


LINKS = [("ore", "upstream"), ("part", "midstream"), ("car", "downstream")]


def test_chains_list_json_lists_the_ten_chains_with_link_counts(db: str) -> None:
    chains = run_json("chains", "list", db=db)
    assert len(chains) == 10
    for chain in chains:
        assert isinstance(chain["id"], str) and chain["name"]
        assert isinstance(chain["links"], int) and chain["links"] >= 12


def test_chains_show_json_gives_links_by_stage_and_edges(db: str) -> None:
    chain = run_json("chains", "show", "lithium-battery", db=db)
    assert (chain["id"], chain["name"]) == ("lithium-battery", "先进储能材料与锂电池")
    ids = {link["id"] for link in chain["links"]}
    assert {link["stage"] for link in chain["links"]} == STAGES
    assert all(link["id"] and link["name"] for link in chain["links"])
    assert chain["edges"] and all(edge["from"] in ids and edge["to"] in ids for edge in chain["edges"])


def test_chains_load_adds_a_valid_template(db: str, tmp_path: Path) -> None:
    path = write_template(tmp_path / "toy.yaml", LINKS, [("ore", "part"), ("part", "car")])
    assert run_json("chains", "load", path, db=db) == {"id": "toy-chain", "name": "玩具产业链", "links": 3}
    assert len(run_json("chains", "list", db=db)) == 11


@pytest.mark.parametrize(("links", "edges", "problem"), [
    (LINKS, [("ore", "part"), ("part", "engine")], "引用了不存在的环节 'engine'"),
    ([*LINKS, ("part", "midstream")], [("ore", "part")], "环节 id 重复"),
    (LINKS, [("ore", "part"), ("part", "car"), ("car", "ore")], "环路：ore → part → car → ore"),
], ids=["unknown-link", "duplicate-link", "cycle"])
def test_chains_load_refuses_a_broken_template_in_one_line(db: str, tmp_path: Path, links, edges,
                                                           problem: str) -> None:
    result = run("chains", "load", write_template(tmp_path / "toy.yaml", links, edges), db=db)
    line = error_line(result)
    assert "toy.yaml" in line and problem in line
    assert len(run_json("chains", "list", db=db)) == 10


def test_unknown_chain_id_fails_cleanly_and_lists_the_known_ones(db: str) -> None:
    message = error_text(run("chains", "show", "no-such-chain", db=db))
    assert "no-such-chain" in message and "lithium-battery" in message


def test_long_error_message_stays_on_one_line(db: str) -> None:
    error_line(run("chains", "show", "no-such-chain", db=db))


def test_missing_template_file_fails_cleanly(db: str, tmp_path: Path) -> None:
    assert "找不到产业链模板文件" in error_text(run("chains", "load", tmp_path / "none.yaml", db=db))
