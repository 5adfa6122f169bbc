"""The CSV ``labels`` column: read, put on the created posts, written back by the export."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from dashdesk.bulk.columns import normalise_header
from dashdesk.bulk.export import write_export
from dashdesk.bulk.values import split_labels
from dashdesk.services.planning import Planner, label_names_of
from dashdesk.store.planning import PlanningStore

from .test_run import FUTURE, plan_of, run_import


def test_label_cells_are_split_and_tidied() -> None:
    assert split_labels(" Spring  launch | Pillar,Pillar ,, ") == ["Spring launch", "Pillar"]
    assert split_labels("") == []


@pytest.mark.asyncio
async def test_imported_rows_get_their_labels_and_the_export_writes_them(
        sandbox, write_csv: Callable[..., Path], tmp_path: Path) -> None:
    path = write_csv([{"platform": "x", "time": FUTURE, "text": "Teaser", "category": "Spring launch|Pillar"},
                      {"platform": "linkedin", "mode": "draft", "text": "No labels", "category": ""}],
                     ["platform", "time", "mode", "text", "category"])
    plan = plan_of(path)
    assert [r.labels for r in plan.rows] == [["Spring launch", "Pillar"], []]
    store = PlanningStore(tmp_path / "planning.sqlite3")
    planner = Planner(store, sandbox.brand_id)
    planner.add_label("pillar", "#3aa655")  # an existing label is matched whatever its case
    results, _run = await run_import(sandbox, plan, labeller=planner.set_label_names)
    key = ("twitter", results[0].post_id)
    assert sorted(lab.name for lab in planner.labels_of(key)) == ["Spring launch", "pillar"]
    assert len(planner.labels) == 2
    posts = [("twitter", {"id": results[0].post_id, "status": "SCHEDULED", "tweet_status": "Teaser"}),
             ("linkedin", {"id": results[1].post_id, "status": "DRAFT", "text": "No labels"})]
    out = tmp_path / "export.csv"
    write_export(posts, out, labels=label_names_of(store, sandbox.brand_id))
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert {r["platform"]: r["labels"] for r in rows} == {"twitter": "pillar | Spring launch", "linkedin": ""}
    assert normalise_header("Labels") == "labels"
