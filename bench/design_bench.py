"""Voice design benchmark (issue 3): 62 design requests, SSC/SSD, 48 attribute edits, describe(), and a map
of the designed voices in the voice space (voice_space.png).

    .venv/bin/python bench/design_bench.py [--quick] [--out out/bench-design]

--quick runs every 4th request and two edit voices. See anyvoice/evaluation/design_bench.py for what is
measured and how.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from anyvoice.evaluation.design_bench import (
    consistency_and_diversity,
    describe_agreement,
    design_requests,
    design_summary,
    edit_summary,
    markdown,
    run_design_requests,
    run_edits,
)
from anyvoice.evaluation.evalset import SR, human_targets
from anyvoice.evaluation.plots import voice_space_figure
from anyvoice.voice import Voice
from anyvoice.voice.design import design_voice, shared_bank
from anyvoice.voice.norms import likely_female


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--out", default="out/bench-design")
    p.add_argument("--reuse-design", action="store_true",
                   help="keep the design part of OUT/results.json and its audio; rerun edits and describe()")
    args = p.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    reqs = design_requests()
    if args.quick:
        keep = {r.name for r in reqs[::4]}
        reqs = [r for r in reqs if r.name in keep or any(q.twin == r.name for q in reqs if q.name in keep)]
    if args.reuse_design:
        design = {k: v for k, v in json.loads((out / "results.json").read_text()).items()
                  if k in ("requests", "checks", "by_kind", "wer", "ssc", "ssd", "baseline_ssc", "baseline_ssd",
                           "descriptions", "design_seconds")}
    else:
        print(f"design: {len(reqs)} requests")
        outcomes = run_design_requests(reqs, audio_dir=out / "audio")
        design = {**design_summary(outcomes, consistency_and_diversity(outcomes)),
                  "design_seconds": round(time.time() - t0)}
        bank = shared_bank()
        voice_space_figure(bank.embeddings, np.array([likely_female(e.attributes.f0_median_hz, e.attributes.vtl_cm)
                                                      for e in bank.entries]),
                           [(o.request.name, o.first.embedding) for o in outcomes if o.second is not None],
                           out / "voice_space.png")
    described = describe_agreement(reqs, out / "audio")
    voices = [design_voice(text="a woman", name="designed-woman"), design_voice(text="a man", name="designed-man")]
    humans = [Voice.from_audio(t.reference, SR, name=t.name) for t in human_targets()]
    # klettres-en measures a 60 Hz median (its isolated letters defeat the pitch tracker): edits need a voice
    # whose own pitch is measured right, so keep the first two human voices in a plausible range.
    voices += [v for v in humans if 70 < v.attributes.f0_median_hz < 400][:2]
    if args.quick:
        voices = voices[::2]
    print(f"edits: {len(voices)} voices")
    t1 = time.time()
    s = {**design, "describe": described, **edit_summary(run_edits(voices)), "edit_seconds": round(time.time() - t1)}
    (out / "results.json").write_text(json.dumps(s, indent=1))
    print("\n" + markdown(s))
    print(f"\n{s['requests']} requests in {s.get('design_seconds', '?')} s, {s['edits'][1]} edits in "
          f"{s['edit_seconds']} s")


if __name__ == "__main__":
    main()
