"""lecnn.data.imagenet: the ImageNet top-5 table shipped with the package."""

import lecnn
from lecnn import data


def test_imagenet_top5_reads_the_shipped_table_from_any_directory(tmp_path, monkeypatch):
    import csv
    from pathlib import Path

    monkeypatch.chdir(tmp_path)
    rows, source = data.imagenet_top5()
    shipped = Path(lecnn.__file__).parent / "datasets" / "imagenet_top5.csv"
    lines = shipped.read_text(encoding="utf-8").splitlines()
    table = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    assert [(r["year"], r["model"], r["layers"], r["top5_error"]) for r in rows] == [
        (int(t["year"]), t["model"], int(t["layers"]), float(t["top5_error"])) for t in table
    ]
    assert len(rows) == len(table) > 0
    assert "Revolution of Depth" in source and "kaiminghe.com" in source
    assert not any(line.startswith("#") for line in source.splitlines())
