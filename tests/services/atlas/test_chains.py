"""Chain templates: the shipped ten load whole; a user template is checked before it is saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine

from chainatlas import reference
from chainatlas.domain.chain import STAGES
from chainatlas.domain.errors import InvalidInput
from chainatlas.services import atlas
from chainatlas.services.atlas import placement
from services.factories import OPERATOR, add_enterprise


def template(links: list[tuple[str, str]], edges: list[tuple[str, str]], chain_id: str = "toy-chain") -> dict:
    return {"id": chain_id, "name": "玩具产业链",
            "links": [{"id": i, "name": f"{i}环节", "stage": stage, "keywords": [f"{i}关键词"]} for i, stage in links],
            "edges": [{"from": a, "to": b} for a, b in edges]}


def write_template(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


LINKS = [("ore", "upstream"), ("part", "midstream"), ("car", "downstream")]
BROKEN = {
    "unknown link": (template(LINKS, [("ore", "part"), ("part", "engine")]), "引用了不存在的环节 'engine'"),
    "duplicate id": (template([*LINKS, ("part", "midstream")], [("ore", "part")]), "环节 part：环节 id 重复"),
    "cycle": (template(LINKS, [("ore", "part"), ("part", "car"), ("car", "ore")]),
              "供应关系存在环路：ore → part → car → ore"),
}


def test_all_ten_shipped_templates_are_loaded_with_every_stage(engine: Engine) -> None:
    listed = atlas.list_chains(engine)
    assert len(listed) == len(reference.builtin_chain_files()) == 10
    for row in listed:
        chain = atlas.get_chain(engine, row["id"])
        assert row["links"] == len(chain.links) >= 12, row["id"]
        assert {link.stage for link in chain.links} == set(STAGES), row["id"]
        ids = {link.id for link in chain.links}
        assert all(a in ids and b in ids for a, b in chain.edges), row["id"]


@pytest.mark.parametrize("problem", sorted(BROKEN))
def test_broken_user_template_is_refused_naming_the_problem(tmp_path: Path, problem: str) -> None:
    data, message = BROKEN[problem]
    with pytest.raises(InvalidInput, match=message):
        reference.read_chain_file(write_template(tmp_path / "toy.yaml", data))


def test_broken_template_is_not_saved(engine: Engine, tmp_path: Path) -> None:
    data, _ = BROKEN["cycle"]
    with pytest.raises(InvalidInput):
        atlas.load_chain_file(engine, write_template(tmp_path / "toy.yaml", data))
    assert len(atlas.list_chains(engine)) == 10


def test_unknown_industry_code_in_a_template_is_refused(tmp_path: Path) -> None:
    data = template(LINKS, [("ore", "part")])
    data["links"][0]["industry_codes"] = ["9999"]
    with pytest.raises(InvalidInput, match="ore: 9999"):
        reference.read_chain_file(write_template(tmp_path / "toy.yaml", data))


def test_reloading_a_template_keeps_placements_on_links_that_remain(engine: Engine, tmp_path: Path) -> None:
    path = write_template(tmp_path / "toy.yaml", template(LINKS, [("ore", "part"), ("part", "car")]))
    atlas.load_chain_file(engine, path)
    eid = add_enterprise(engine, "星城科技有限公司")
    placement.place_manually(engine, str(eid), "toy-chain", "part", viewer=OPERATOR)
    placement.place_manually(engine, str(eid), "toy-chain", "car", viewer=OPERATOR)

    write_template(path, template(LINKS[:2], [("ore", "part")]))
    chain = atlas.load_chain_file(engine, path)

    assert [link.id for link in chain.links] == ["ore", "part"]
    kept = placement.list_placements(engine, "toy-chain", None)
    assert [p["link"] for p in kept] == ["part"]
