"""Writing a benchmark run: results.json, report.md and a self-contained report.html (pictures inlined)."""
from __future__ import annotations

import base64
import html
import json
import math
import re
from pathlib import Path

from anyvoice.evaluation.suite import METRICS, TASKS, TaskOutcome
from anyvoice.files import write_text


def _clean(x):
    """JSON-safe: NaN and infinities become null."""
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def _md_table_to_html(block: str) -> str:
    rows = [r.strip().strip("|").split("|") for r in block.strip().splitlines()]
    head, body = rows[0], [r for r in rows[2:]]
    th = "".join(f"<th>{html.escape(c.strip())}</th>" for c in head)
    tb = "".join("<tr>" + "".join(f"<td>{html.escape(c.strip().strip('*'))}</td>" for c in r) + "</tr>" for r in body)
    return f"<table><tr>{th}</tr>{tb}</table>"


def _markdown_to_html(md: str) -> str:
    """The small markdown subset the bench writes: tables and paragraphs."""
    parts = []
    for block in re.split(r"\n\s*\n", md.strip()):
        if block.lstrip().startswith("|"):
            parts.append(_md_table_to_html(block))
        else:
            parts.append(f"<p>{html.escape(block)}</p>")
    return "\n".join(parts)


def write_report(outcomes: dict[str, TaskOutcome], out: Path, header: str) -> dict[str, Path]:
    """Write results.json ({task: {system: {metric: value}}}), report.md and report.html under `out`."""
    out.mkdir(parents=True, exist_ok=True)
    results = {name: _clean(o.results) for name, o in outcomes.items()}
    write_text(out / "results.json", json.dumps(results, indent=1))
    md = [f"# anyvoice benchmark\n\n{header}\n"]
    body = [f"<h1>anyvoice benchmark</h1><p>{html.escape(header)}</p>"]
    for name, o in outcomes.items():
        title = TASKS[name][0]
        took = f"measured in {o.measured_with}'s run" if o.measured_with else f"{o.seconds:.0f} s"
        md.append(f"## {title} (`{name}`, {took})\n\n{o.markdown}\n")
        md += [f"![{f.stem}]({f.name})\n" for f in o.figures]
        body.append(f"<h2>{html.escape(title)} <small>({name}, {html.escape(took)})</small></h2>")
        body.append(_markdown_to_html(o.markdown))
        for f in o.figures:
            data = base64.b64encode(f.read_bytes()).decode()
            body.append(f'<figure><img alt="{f.stem}" src="data:image/png;base64,{data}"><figcaption>{f.stem}'
                        "</figcaption></figure>")
    md.append("## Metrics\n\n" + "\n".join(f"- `{k}`: {v}" for k, v in METRICS.items()))
    body.append("<h2>Metrics</h2><ul>" + "".join(f"<li><code>{html.escape(k)}</code>: {html.escape(v)}</li>"
                                                   for k, v in METRICS.items()) + "</ul>")
    write_text(out / "report.md", "\n".join(md))
    style = ("body{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}table{border-collapse:collapse;"
             "margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}img{max-width:100%}")
    write_text(out / "report.html", f"<!doctype html><html><head><meta charset='utf-8'><title>anyvoice benchmark"
                                     f"</title><style>{style}</style></head><body>{''.join(body)}</body></html>")
    return {"json": out / "results.json", "markdown": out / "report.md", "html": out / "report.html"}
