"""The ImageNet top-5 error by year and depth, a table shipped in ``lecnn/datasets/``."""

import csv
from importlib import resources


def imagenet_top5():
    """ImageNet (ILSVRC) top-5 error by year and network depth, 2010-2015, with its source.

    The numbers of the chart "Revolution of Depth" (Kaiming He et al., ILSVRC 2015), shipped
    with the package as ``lecnn/datasets/imagenet_top5.csv``.

    Returns
    -------
    rows : list of dict
        One per entry, in the chart's order, with keys ``year`` (int), ``model`` (str),
        ``layers`` (int; 0 means a shallow method, no deep network) and ``top5_error``
        (float, in %).
    source : str
        The file's comment lines in Japanese, as notebook 02 prints them (what the numbers
        are, where they come from, cross-checks with the papers), one per line.
    """
    text = (resources.files("lecnn") / "datasets" / "imagenet_top5.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    comments = [line.removeprefix("#").strip() for line in lines if line.startswith("#")]
    table = csv.DictReader(line for line in lines if line.strip() and not line.startswith("#"))
    rows = [
        {
            "year": int(row["year"]),
            "model": row["model"],
            "layers": int(row["layers"]),
            "top5_error": float(row["top5_error"]),
        }
        for row in table
    ]
    return rows, "\n".join(comments)
