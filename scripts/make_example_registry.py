"""Write docs/examples/名录-示例.xlsx (services/example_workbook.py), which the README's `--dry-run`
example reads.

    python scripts/make_example_registry.py
"""

from __future__ import annotations

from pathlib import Path

from chainatlas.services.demo.example_workbook import FILE_NAME, build

OUT = Path(__file__).resolve().parents[1] / "docs" / "examples" / FILE_NAME

if __name__ == "__main__":
    build(OUT)
    print(f"已写入 {OUT}")
