"""Every notebook of the course runs headless, and is stored clean.

* Each ``notebooks/*.ipynb`` executes from top to bottom with nbclient in a kernel of this
  environment, as Voila would run it for a learner (``QUERY_STRING`` carries ``learner=``),
  with a temporary ``CX_WORKBOOK_DIR``. No cell may fail or write to stderr (learners would see
  it). The list is globbed, so a new notebook is tested without editing this file.
* Every notebook in the repository is stored without outputs or execution counts, has an ASCII
  file name and a ``python3`` kernelspec (Voila starts the kernel the notebook names).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
COURSE = sorted((REPO / "notebooks").glob("*.ipynb"))
ALL_NOTEBOOKS = sorted(
    path
    for folder in ("notebooks", "tests", "benchmarks")
    for path in (REPO / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in path.parts
)
CELL_TIMEOUT = 600


def _ids(paths: list[Path]) -> list[str]:
    return [str(path.relative_to(REPO)) for path in paths]


def test_the_course_has_notebooks() -> None:
    assert COURSE, "no notebook found in notebooks/"


@pytest.mark.parametrize("path", COURSE, ids=_ids(COURSE))
def test_notebook_executes(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path / "workbooks"))
    monkeypatch.setenv("QUERY_STRING", "learner=nbtest")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        startup_timeout=120,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()

    stderr = [
        f"cell {index}: {output.get('text', '').strip()[:500]}"
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream" and output.get("name") == "stderr"
    ]
    assert not stderr, f"{path.name} wrote to stderr:\n" + "\n".join(stderr)


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_ids(ALL_NOTEBOOKS))
def test_notebook_is_stored_clean(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    dirty = [
        index
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, f"{path.name}: cells {dirty} hold outputs or execution counts; clear them"
    assert "widgets" not in nb.metadata, f"{path.name}: saved widget state in the metadata"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", (
        f"{path.name}: kernelspec must be python3 (Voila starts the kernel the notebook names)"
    )
    nbformat.validate(nb)


def test_notebook_file_names_are_ascii() -> None:
    files = [path for path in (REPO / "notebooks").rglob("*") if path.is_file()]
    bad = [
        str(path.relative_to(REPO)) for path in files if not path.name.isascii() or " " in path.name
    ]
    assert not bad, f"non-ASCII or spaced file names: {bad}"
