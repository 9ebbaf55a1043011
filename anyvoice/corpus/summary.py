"""Tables about a corpus: minutes and speakers per source, and the held-out split."""
from __future__ import annotations

from collections import defaultdict

from anyvoice.corpus.manifest import Entry
from anyvoice.corpus.split import HELD_OUT_SPEAKERS


def corpus_table(entries: list[Entry]) -> str:
    """Markdown: per source, minutes, utterances, speakers (held out), languages, band and transcripts."""
    rows: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        rows[e.source].append(e)
    lines = ["| source | minutes | utterances | speakers (held out) | languages | band kHz | transcripts |",
             "|---|---|---|---|---|---|---|"]
    for source, es in sorted(rows.items()):
        speakers = {e.speaker for e in es}
        held = len(speakers & set(HELD_OUT_SPEAKERS))
        bands = sorted(e.band_hz for e in es)
        texts = sum(e.transcript is not None for e in es)
        lines.append(f"| {source} | {sum(e.duration for e in es) / 60:.1f} | {len(es)} | {len(speakers)} ({held}) | "
                     f"{', '.join(sorted({e.language or '?' for e in es}))} | {bands[len(bands) // 2] / 1000:.1f} | "
                     f"{100 * texts / len(es):.0f} % |")
    total = sum(e.duration for e in entries) / 60
    lines.append(f"| all | {total:.1f} | {len(entries)} | {len({e.speaker for e in entries})} | | | |")
    return "\n".join(lines)
