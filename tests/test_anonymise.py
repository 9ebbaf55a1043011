"""`anyvoice corpus anonymise`: one consistent pseudo-speaker per source speaker, the words kept, resumable."""
from __future__ import annotations

import csv
from dataclasses import replace

import numpy as np
import pytest
import soundfile as sf

from anyvoice.audio.io import load_audio, save_audio
from anyvoice.corpus.anonymise import AnonymiseConfig, anonymise_corpus, pseudo_attributes, pseudo_name
from anyvoice.corpus.manifest import Entry, read_manifest, write_manifest
from anyvoice.errors import InputError
from anyvoice.evaluation.metrics import transcribe, wer
from anyvoice.inputs.attributes import measure_attributes
from anyvoice.interfaces.cli import main
from anyvoice.synth import create_synthesizer

pytestmark = pytest.mark.slow  # designs voices, converts and respeaks utterances

TEXTS = ["The committee will publish its final report on Thursday.",
         "Every morning the old ferry crossed the harbour."]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    entries = []
    for speaker, base in [("man", "piper"), ("woman", "kokoro:jf_alpha")]:
        synth = create_synthesizer(base)
        for i, text in enumerate(TEXTS):
            path = f"audio/{speaker}/{speaker}-{i}.flac"
            save_audio(d / path, synth.synthesize(text), synth.sample_rate)
            entries.append(Entry(path, speaker, "test", "", "CC0", "en", 3.0, synth.sample_rate, 8000, text,
                                 "package", f"{speaker}-{i}.wav"))
    write_manifest(d / "manifest.jsonl", entries)
    return d


def test_converting_makes_every_speaker_one_pseudo_speaker_and_keeps_the_words_and_timing(corpus, tmp_path):
    out = tmp_path / "anon"
    summary = anonymise_corpus(corpus, out, AnonymiseConfig(seed=3, method="convert"))
    assert (summary.done, summary.failed) == (4, [])
    with open(out / "mapping.csv") as f:
        mapping = list(csv.DictReader(f))
    names = {r["speaker"]: r["pseudo_speaker"] for r in mapping}
    assert names == {"man": pseudo_name("man", 3), "woman": pseudo_name("woman", 3)}
    new = read_manifest(out / "manifest.jsonl")
    assert {e.speaker for e in new} == set(names.values())
    assert all("man" not in e.path and e.original == "" and e.source == "anonymised" for e in new)
    said = {e.path: e.transcript for e in read_manifest(corpus / "manifest.jsonl")}
    for row, entry in zip(mapping, new):
        wav, sr = load_audio(out / row["path"])
        src, src_sr = load_audio(corpus / row["source_path"])
        assert abs(len(wav) - len(src)) <= 0.02 * len(src)  # the timing is kept
        # and the words: at most a quarter more of them lost than the source loses itself (jf_alpha's "ferry
        # crossed the" is heard as "fairy cluster")
        text = said[row["source_path"]]
        assert wer(text, transcribe(wav, sr)) <= wer(text, transcribe(src, src_sr)) + 0.25
    pitch = {r["speaker"]: measure_attributes(*load_audio(out / r["path"])).f0_median_hz for r in mapping}
    assert pitch["woman"] > 1.3 * pitch["man"]  # each keeps its measured sex (by default)
    again = anonymise_corpus(corpus, out, AnonymiseConfig(seed=3, method="convert"))
    assert (again.done, again.skipped) == (0, 4)  # a rerun goes on where it stopped: here, nothing left


def test_pseudo_speakers_are_stable_per_seed_and_bad_requests_are_refused(corpus, tmp_path):
    a, b = pseudo_attributes("man", 1, 0.0), pseudo_attributes("man", 2, 0.0)
    assert a == pseudo_attributes("man", 1, 0.0) and a != b and a["female"] == b["female"] == 0.0
    assert pseudo_name("man", 1) != pseudo_name("man", 2) != pseudo_name("woman", 2)
    assert 0 <= np.mean([pseudo_attributes(f"s{i}", 0, None)["female"] for i in range(40)]) <= 1
    with pytest.raises(InputError, match="no speaker 'nobody'"):
        anonymise_corpus(corpus, tmp_path / "x", AnonymiseConfig(speakers=("nobody",)))
    with pytest.raises(InputError, match="folder of its own"):
        anonymise_corpus(corpus, corpus)
    with pytest.raises(InputError, match="no manifest.jsonl"):
        anonymise_corpus(tmp_path, tmp_path / "y")
    assert main(["corpus", "anonymise", str(corpus), "--out", str(tmp_path / "z"), "--speakers", "nobody"]) == 2


def test_respeaking_says_the_transcripts_anew_and_the_manifest_tells_each_length(corpus, tmp_path):
    out = tmp_path / "respoken"
    summary = anonymise_corpus(corpus, out, AnonymiseConfig(seed=3, method="respeak", speakers=("man",)))
    assert (summary.done, summary.failed) == (2, [])
    with open(out / "jobs.csv") as f:
        jobs = list(csv.DictReader(f))
    assert [(j["task"], j["text"], j["language"]) for j in jobs] == [("respeak", t, "en") for t in TEXTS]
    with open(out / "mapping.csv") as f:
        sources = [r["source_path"] for r in csv.DictReader(f)]
    for source, entry in zip(sources, read_manifest(out / "manifest.jsonl")):
        wav, sr = load_audio(out / entry.path)
        assert entry.duration == pytest.approx(len(wav) / sr, abs=0.01)  # the file's length, not the source's
        assert 0.5 <= len(wav) / sr / sf.info(corpus / source).duration <= 2.0  # the same sentence, at its own pace
        assert wer(entry.transcript, transcribe(wav, sr)) <= 0.25  # the words (a spelling may differ: harbour, harbor)


def test_respeaking_by_default_refuses_a_language_it_cannot_speak_before_anything_runs_and_hears_an_unstated_one(
        corpus, tmp_path):
    czech = tmp_path / "czech"
    czech.mkdir()
    (czech / "audio").symlink_to(corpus / "audio")
    write_manifest(czech / "manifest.jsonl", [replace(e, language="cs") if e.speaker == "woman" else
                                              replace(e, language="", transcript=None, transcript_from="")
                                              for e in read_manifest(corpus / "manifest.jsonl")])
    with pytest.raises(InputError, match=r"speaks \(.*\bcs: woman\)?; convert them instead \(method convert"):
        anonymise_corpus(czech, tmp_path / "out")  # respeaking is the default
    assert not (tmp_path / "out").exists()  # refused before a voice is designed or a folder made
    # an utterance of no stated language and no text goes to the worker, which hears both; the new manifest says
    # what was heard, and so said
    unstated = anonymise_corpus(czech, tmp_path / "unstated", AnonymiseConfig(speakers=("man",), per_speaker=1))
    assert (unstated.done, unstated.failed) == (1, [])
    [entry] = read_manifest(tmp_path / "unstated" / "manifest.jsonl")
    assert entry.transcript_from == "whisper-base" and wer(TEXTS[0], entry.transcript) <= 0.25
    with pytest.raises(InputError, match="unknown anonymisation method 'shout'; choose one of: convert, respeak"):
        AnonymiseConfig(method="shout")
    assert main(["corpus", "anonymise", str(czech), "--out", str(tmp_path / "cli")]) == 2
