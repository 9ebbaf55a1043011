"""The real-speech corpus: cutting, checking, labelling, clustering, the builder (folders and Debian packages),
its resumption and its errors, and the held-out split."""
from __future__ import annotations

import glob
import gzip
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from anyvoice.audio.encode import encode_audio
from anyvoice.audio.io import load_audio, save_audio
from anyvoice.audio.signal import band_limit_hz, join_with_pauses, resample
from anyvoice.audio.vad import speech_regions, utterance_cuts
from anyvoice.corpus.archives import queen_entries
from anyvoice.corpus.build import BuildOptions, build_corpus, fetch_package
from anyvoice.corpus.folders import cluster_speakers, folder_source
from anyvoice.corpus.manifest import Entry, read_manifest, write_manifest
from anyvoice.corpus.quality import rejection
from anyvoice.corpus.sources import TEXT_READERS, Source, lost_letters, pick_sources
from anyvoice.corpus.split import HELD_OUT_SPEAKERS, held_out_speakers, training_entries
from anyvoice.errors import InputError
from anyvoice.training.corpora import load_speech_corpus
from anyvoice.training.mixtures import corpus_speakers

pytestmark = pytest.mark.slow  # building a corpus from Debian packages

SR = 16000


def _letters(lang: str, start: int, count: int) -> np.ndarray:
    files = sorted(glob.glob(f"/usr/share/klettres/{lang}/alpha/*.ogg"))
    if len(files) < start + count:
        pytest.skip("Debian package klettres-data not installed (scripts/install.sh installs it)")
    return join_with_pauses([load_audio(f, sr=SR)[0] for f in files[start:start + count]], SR, 0.15)


@pytest.fixture(scope="module")
def speaker_folder(tmp_path_factory) -> Path:
    """Two real speakers (klettres en and fr), three 2-4 s recordings each, plus a broken file."""
    root = tmp_path_factory.mktemp("speakers")
    for lang in ("en", "fr"):
        for k in range(3):
            save_audio(root / lang / f"take{k}.wav", _letters(lang, 6 * k, 6), SR)
    save_audio(root / "en" / "again" / "take0.wav", _letters("en", 18, 6), SR)  # a file name seen before
    (root / "fr" / "broken.wav").write_bytes(b"RIFF not really a wave file")
    return root


def test_speech_regions_find_the_speech_between_silences():
    speech = _letters("en", 0, 3)
    wav = np.concatenate([np.zeros(SR), speech, np.zeros(2 * SR), speech, np.zeros(SR)]).astype(np.float32)
    regions = speech_regions(wav, SR, min_pause_s=1.2)
    assert len(regions) == 2
    first, second = (SR, SR + len(speech)), (3 * SR + len(speech), 3 * SR + 2 * len(speech))
    pad = int(0.35 * SR)  # the 0.1-s padding and the detector's hangover
    for (a, b), (start, end) in zip(regions, (first, second)):
        assert start - pad <= a < b <= end + pad and b - a > 0.5 * len(speech)


def test_utterance_cuts_join_regions_up_to_the_limit_and_cut_a_long_one():
    regions = [(0, 2 * SR), (3 * SR, 5 * SR), (6 * SR, 9 * SR), (10 * SR, 40 * SR)]
    cuts = utterance_cuts(regions, SR, max_s=6.0)
    assert cuts[0] == (0, 5 * SR)
    assert all(b - a <= 6 * SR for a, b in cuts)
    assert cuts[-1][1] == 40 * SR and len(cuts) == 2 + 5


def test_quality_drops_short_quiet_clipped_and_noisy_clips_and_keeps_speech():
    speech = _letters("en", 0, 4)
    assert rejection(speech, SR, voiced_share=0.6) is None
    assert rejection(speech[: SR // 4], SR, 0.6) == "too short"
    assert rejection(np.clip(speech * 50, -1, 1), SR, 0.6) == "clipped"
    assert rejection(speech * 1e-3, SR, 0.6) == "too quiet"
    noisy = speech + np.random.default_rng(0).normal(0, 0.3 * np.abs(speech).max(), len(speech))
    assert rejection(noisy.astype(np.float32), SR, 0.6) == "noisy"
    assert rejection(speech, SR, voiced_share=0.05) == "little speech"


def test_band_limit_tells_telephone_speech_from_wideband():
    speech = _letters("fr", 0, 4)
    wide = band_limit_hz(speech, SR)
    phone = band_limit_hz(resample(speech, SR, 8000), 8000)
    assert wide > 6000 and 3000 <= phone <= 4000


def test_clustering_separates_two_real_speakers():
    from anyvoice.inputs.speech import speaker_embedding

    clips = [(lang, _letters(lang, 5 * k, 5)) for lang in ("en", "fr") for k in range(3)]
    labels = cluster_speakers(np.array([speaker_embedding(w, SR) for _, w in clips]))
    assert len(set(labels[:3])) == 1 and len(set(labels[3:])) == 1 and labels[0] != labels[3]


@pytest.mark.slow  # starts a Ray cluster of this machine
def test_a_corpus_built_on_ray_is_the_one_built_here(speaker_folder, tmp_path):
    from functools import partial

    from anyvoice.tasks.ray_cluster import RayOptions, ray_map

    source = folder_source(speaker_folder, speakers=True)
    options = BuildOptions(transcribe=False, min_speaker_s=3.0)
    here = build_corpus(tmp_path / "here", [source], options)
    there = build_corpus(tmp_path / "there", [source], options, mapper=partial(ray_map, options=RayOptions(workers=1)))
    assert there.entries == here.entries and there.reports == here.reports
    assert all((tmp_path / "there" / e.path).read_bytes() == (tmp_path / "here" / e.path).read_bytes()
               for e in here.entries)


def test_the_work_handed_to_cluster_workers_names_its_folders_from_here(speaker_folder, tmp_path, monkeypatch):
    """Workers of a cluster started apart run in a folder of their own: relative folders are made absolute here."""
    monkeypatch.chdir(tmp_path)
    handed = []

    def mapper(fn, items, progress=None, shared=None):
        handed.append((items, shared))
        return [fn(item) for item in items]

    options = BuildOptions(transcribe=False, min_speaker_s=3.0, debs=Path("debs"))
    result = build_corpus("corpus", [folder_source(speaker_folder, speakers=True)], options, mapper=mapper)
    [(items, shared)] = handed
    assert shared == tmp_path / "corpus" and result.entries
    assert all(out == tmp_path / "corpus" and opts.debs == tmp_path / "debs" for _, out, opts in items)


def test_build_from_a_speaker_folder_writes_a_manifest_and_resumes(speaker_folder, tmp_path):
    source = folder_source(speaker_folder, speakers=True)
    result = build_corpus(tmp_path, [source], BuildOptions(transcribe=False, min_speaker_s=3.0))
    speakers = {e.speaker for e in result.entries}
    assert speakers == {f"{source.name}-en", f"{source.name}-fr"}
    assert any("broken.wav" in err for err in result.reports[0].errors)  # reported, and the rest went on
    for e in result.entries:
        wav, sr = load_audio(tmp_path / e.path)
        assert abs(len(wav) / sr - e.duration) < 0.01 and e.band_hz > 5000 and e.transcript is None
    assert read_manifest(tmp_path / "manifest.jsonl") == result.entries
    assert len({e.path for e in result.entries}) == len(result.entries)
    assert {e.original for e in result.entries} >= {"en/take0.wav", "en/again/take0.wav"}
    again = build_corpus(tmp_path, [source], BuildOptions(transcribe=False, min_speaker_s=3.0))
    assert again.reports[0].skipped and again.entries == result.entries
    other = build_corpus(tmp_path, [], BuildOptions(transcribe=False))  # a build that names other sources
    assert other.entries == result.entries and read_manifest(tmp_path / "manifest.jsonl") == result.entries
    assert [r.source for r in other.reports] == [source.name] and other.reports[0].utterances == len(result.entries)
    utts = corpus_speakers(tmp_path, per_speaker=2)  # what extractor training takes from a corpus
    assert {u.speaker for u in utts} == speakers and len(utts) == 4 and all(u.human for u in utts)
    assert corpus_speakers(tmp_path, held_out=True) == []
    voices = load_speech_corpus(tmp_path)  # what aggregator training takes from a corpus
    assert sorted(v.speaker for v in voices) == sorted(speakers) and all(p.is_file() for v in voices for p in v.audio)


def test_unlabelled_folder_gets_its_speakers_by_clustering(tmp_path):
    flat = tmp_path / "flat"
    for lang in ("en", "fr"):
        for k in range(3):
            save_audio(flat / f"{lang}{k}.wav", _letters(lang, 6 * k, 6), SR)
    result = build_corpus(tmp_path / "corpus", [folder_source(flat, speakers=False)],
                          BuildOptions(transcribe=False, min_speaker_s=3.0))
    by_file = {Path(e.original).stem[:2]: set() for e in result.entries}
    for e in result.entries:
        by_file[Path(e.original).stem[:2]].add(e.speaker)
    assert len(by_file["en"]) == 1 and len(by_file["fr"]) == 1 and by_file["en"] != by_file["fr"]


def _deb(tmp_path: Path, package: str, files: dict[str, np.ndarray | bytes]) -> Path:
    """A real Debian package (built with dpkg-deb) in tmp_path/debs holding `files`: audio at SR, or bytes."""
    if shutil.which("dpkg-deb") is None:
        pytest.skip("dpkg-deb is not here")
    root = tmp_path / "pkg" / package
    for name, content in files.items():
        if isinstance(content, bytes):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(content)
        else:
            save_audio(root / name, content, SR)
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN" / "control").write_text(f"Package: {package}\nVersion: 1.0\nArchitecture: all\n"
                                             "Maintainer: t <t@t>\nDescription: test speech\n")
    debs = tmp_path / "debs"
    debs.mkdir(exist_ok=True)
    subprocess.run(["dpkg-deb", "--build", "--root-owner-group", str(root), str(debs / f"{package}_1.0_all.deb")],
                   check=True, capture_output=True)
    return debs


def _tiny_deb(tmp_path: Path, package: str) -> Path:
    """A package holding two recordings of one real speaker."""
    return _deb(tmp_path, package, {f"usr/share/speech/clip{k}.ogg": _letters("de", 8 * k, 8) for k in range(2)})


def test_build_from_a_debian_package_and_a_missing_one_goes_on(tmp_path):
    debs = _tiny_deb(tmp_path, "anyvoice-test-speech")
    good = Source("test-speech", ("anyvoice-test-speech",), "**/*.ogg", "one", "GPL", speaker="tester",
                  language="de")
    missing = Source("missing", ("anyvoice-no-such-package",), "**/*.ogg", "one", "GPL", speaker="x")
    result = build_corpus(tmp_path / "corpus", [missing, good], BuildOptions(transcribe=False, min_speaker_s=3.0,
                                                                              debs=debs))
    assert result.reports[0].errors and "anyvoice-no-such-package" in result.reports[0].errors[0]
    assert not (tmp_path / "corpus" / "sources" / "missing.jsonl").exists()  # tried again next time
    assert {e.speaker for e in result.entries} == {"tester"}
    assert all(e.package == "anyvoice-test-speech" and e.language == "de" for e in result.entries)


def test_fish_fillets_lines_are_the_transcripts_of_their_recordings(tmp_path):
    game = tmp_path / "fillets"
    for k, word in enumerate(("ahoj", "lod")):
        save_audio(game / "sound/level/cs" / f"level-v-{word}.ogg", _letters("de", 4 * k, 4), SR)
    (game / "script/level").mkdir(parents=True)
    (game / "script/level/dialogs_cs.lua").write_text(
        '\ndialogId("level-v-ahoj", "font_big", "Hello, \\"fish\\".")\ndialogStr("Ahoj, \\"rybo\\".")\n\n'
        'dialogId("level-v-lod", "font_big", "A ship.")\ndialogStr(\n"To je loď.")\n', encoding="utf-8")
    source = Source("game", (), "**/cs/*.ogg", "fillets", "GPL-2+", texts="fillets", folder=str(game))
    result = build_corpus(tmp_path / "corpus", [source], BuildOptions(transcribe=False, min_speaker_s=1.0))
    said = {Path(e.original).stem: e.transcript for e in result.entries}
    assert said == {"level-v-ahoj": 'Ahoj, "rybo".', "level-v-lod": "To je loď."}
    assert {e.speaker for e in result.entries} == {"fillets-v"}


def test_asterisk_prompts_get_their_text_from_the_package_that_lists_them(tmp_path):
    voices = "usr/share/asterisk/sounds"
    _deb(tmp_path, "anyvoice-test-prompts-es", {
        f"{voices}/es_MX_f_Allison/agent-pass.ogg": _letters("de", 0, 6),
        f"{voices}/es_MX_f_Allison/digits/1.ogg": _letters("de", 6, 6),
        f"{voices}/es_MX_f_Allison/beep.ogg": _letters("de", 12, 6),
        f"{voices}/es_MX_f_Allison/conf-full.ogg": _letters("de", 24, 6),
        f"{voices}/en_US_f_Allison/agent-pass.ogg": _letters("de", 18, 6)})
    listing = ("; Core Asterisk Sounds in Spanish\n\nagent-pass: Por favor ingrese su contrasena (pausa)\n"
               "digits/1: uno\nbeep: [tono simple]\nconf-full: La conferencia est? llena. Buzon?\n")
    debs = _deb(tmp_path, "anyvoice-test-prompt-texts", {
        "usr/share/doc/x/core-sounds-es.txt.gz": gzip.compress(listing.encode()),
        "usr/share/doc/x/core-sounds-en.txt": b"agent-pass: Please enter your password.\n"})
    source = Source("prompts", ("anyvoice-test-prompts-es",), "**/*.ogg", "asterisk", "CC-BY-SA-3.0",
                    texts="asterisk", text_packages=("anyvoice-test-prompt-texts",))
    result = build_corpus(tmp_path / "corpus", [source], BuildOptions(transcribe=False, min_speaker_s=1.0, debs=debs))
    said = {(e.language, Path(e.original).stem): (e.transcript, e.transcript_from) for e in result.entries}
    assert said == {("es", "agent-pass"): ("Por favor ingrese su contrasena", "package"),
                    ("es", "1"): ("uno", "package"), ("es", "beep"): (None, ""),
                    ("es", "conf-full"): (None, ""),  # "est?" lost a letter to the package's encoding
                    ("en", "agent-pass"): ("Please enter your password.", "package")}
    assert {e.package for e in result.entries} == {"anyvoice-test-prompts-es"}  # no audio from the text package


def test_a_question_mark_standing_for_a_lost_letter_is_told_from_a_question():
    assert lost_letters("La chiamata non pu? essere completata cos? come composta.")
    assert lost_letters("Buz\ufffdn")
    assert not lost_letters("Entrada incorrecta. Buzon?")
    assert not lost_letters("A cos čekal? Že unesou tvou sestru?")
    assert not lost_letters("¿Qué hora es? 3 y media")


def test_festival_prompts_are_read_without_their_stress_marks(tmp_path):
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "txt.done.data").write_text('( ru_0001 "Она завела прядь вол+ос за ухо." )\n'
                                                    '( ru_0002 "Так вот." )\n', encoding="utf-8")
    assert TEXT_READERS["festival"].read(tmp_path) == {"ru_0001": "Она завела прядь волос за ухо.",
                                                      "ru_0002": "Так вот."}


def _queen_data(resources: dict[str, bytes]) -> bytes:
    """A Flight of the Amazon Queen data file: the QTBL table (MP3 speech) and the resources after it."""
    header = struct.pack(">4s5sIH", b"QTBL", b"CEM10", 1, len(resources))
    offset, table, body = len(header) + 21 * len(resources), b"", b""
    for name, data in resources.items():
        table += struct.pack(">12sBII", name.encode(), 1, offset + len(body), len(data))
        body += data
    return header + table + body


def test_the_queen_s_lines_come_out_of_its_archive_each_speaker_named_by_its_file_names(tmp_path):
    """Joe's lines (JOEnnnnn, nnnnnnJn) are one speaker, the other party of a dialogue another (named by the
    dialogue's first two digits); cut scene lines, which do not say who speaks, and what is not speech (a picture)
    are not taken; a second build reads the archive no more."""
    mp3 = {lang: [encode_audio(_letters(lang, 6 * k, 6), SR, "mp3") for k in range(3)] for lang in ("en", "fr")}
    game = tmp_path / "game"
    game.mkdir()
    (game / "queen.1c").write_bytes(_queen_data({
        "JOE03121.SB": mp3["en"][0], "020006J1.SB": mp3["en"][1], "35SSSSJ1.SB": mp3["en"][2],
        "020006P1.SB": mp3["fr"][0], "02001AP2.SB": mp3["fr"][1], "C40A_171.SB": mp3["fr"][2],
        "ROOM1.PCX": b"\x0a\x05 not audio"}))
    source = Source("game", (), "*.mp3", "queen", "freeware", folder=str(game), archive="queen")
    options = BuildOptions(transcribe=False, min_speaker_s=3.0)
    result = build_corpus(tmp_path / "corpus", [source], options)
    assert not result.reports[0].errors
    speakers = {Path(e.original).stem: e.speaker for e in result.entries}
    assert speakers == {"JOE03121": "fotaq-joe", "020006J1": "fotaq-joe", "35SSSSJ1": "fotaq-joe",
                        "020006P1": "fotaq-p02", "02001AP2": "fotaq-p02"}
    assert all(e.language == "en" and e.sample_rate == SR for e in result.entries)
    (game / "queen.1c").unlink()  # read out once: a rebuild of the source takes the clips already there
    (tmp_path / "corpus" / "sources" / "game.jsonl").unlink()
    again = build_corpus(tmp_path / "corpus", [source], options)
    assert not again.reports[0].errors and len(again.entries) == len(result.entries)


def test_a_damaged_queen_archive_is_reported_and_the_other_sources_go_on(tmp_path, speaker_folder):
    data = _queen_data({"JOE03121.SB": b"\xff" * 64})
    with pytest.raises(InputError, match="cut short"):
        queen_entries(data[:-10])
    with pytest.raises(InputError, match="QTBL"):
        queen_entries(b"RIFF" + data[4:])
    game = tmp_path / "game"
    game.mkdir()
    (game / "queen.1c").write_bytes(data[:40])
    queen = Source("game", (), "*.mp3", "queen", "freeware", folder=str(game), archive="queen")
    result = build_corpus(tmp_path / "corpus", [queen, folder_source(speaker_folder, speakers=True)],
                          BuildOptions(transcribe=False, min_speaker_s=3.0))
    assert "cut short" in result.reports[0].errors[0] and not result.reports[0].complete
    assert not (tmp_path / "corpus" / "sources" / "game.jsonl").exists()  # tried again next time
    assert result.reports[1].utterances > 0


def test_a_package_that_cannot_be_fetched_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no apt-get
    with pytest.raises(InputError, match="--debs"):
        fetch_package("anyvoice-no-such-package", tmp_path / "debs")


def test_unknown_source_names_the_known_ones():
    with pytest.raises(InputError, match="known: asterisk-core"):
        pick_sources(["asterisk-cor"])


def test_a_damaged_manifest_line_is_a_clear_error(tmp_path):
    e = Entry("audio/a.flac", "s", "src", "", "GPL", "en", 1.0, SR, 8000)
    write_manifest(tmp_path / "m.jsonl", [e])
    assert read_manifest(tmp_path / "m.jsonl") == [e]
    (tmp_path / "m.jsonl").write_text('{"path": "a"\n')
    with pytest.raises(InputError, match="m.jsonl:1"):
        read_manifest(tmp_path / "m.jsonl")


def test_held_out_split_gives_references_within_bounds_and_never_trains_on_them():
    entries = [Entry(f"audio/{s}/{k}.flac", s, "src", "", "GPL", "xx", 4.0, SR, 8000)
               for s in list(HELD_OUT_SPEAKERS)[:3] + ["someone-else"] for k in range(10)]
    held = held_out_speakers(entries)
    assert [h.speaker for h in held] == list(HELD_OUT_SPEAKERS)[:3]
    for h in held:
        ref_s = sum(e.duration for e in h.reference)
        assert 10 <= ref_s <= 30 and not set(e.path for e in h.reference) & set(e.path for e in h.others)
    assert {e.speaker for e in training_entries(entries)} == {"someone-else"}
    assert len({HELD_OUT_SPEAKERS[s] for s in HELD_OUT_SPEAKERS}) == 2  # both sexes


def test_cli_builds_a_corpus_and_refuses_a_folder_without_speech(speaker_folder, tmp_path):
    cli = [sys.executable, "-m", "anyvoice.interfaces.cli"]
    run = subprocess.run(cli + ["corpus", "build", "--out", str(tmp_path / "c"), "--speakers", str(speaker_folder),
                                "--no-transcribe"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "| all |" in run.stdout and "broken.wav" in run.stderr
    info = subprocess.run(cli + ["corpus", "info", str(tmp_path / "c")], capture_output=True, text=True)
    assert info.returncode == 0 and f"folder-{speaker_folder.name}" in info.stdout
    empty = tmp_path / "empty"
    (empty / "nobody").mkdir(parents=True)
    (empty / "nobody" / "silence.wav").write_bytes(b"")
    save_audio(empty / "nobody" / "quiet.wav", np.zeros(SR * 3, np.float32), SR)
    bad = subprocess.run(cli + ["corpus", "build", "--out", str(tmp_path / "e"), "--speakers", str(empty),
                                "--no-transcribe"], capture_output=True, text=True)
    assert bad.returncode != 0 and "no speech made it into the corpus" in bad.stderr


def test_utterances_without_text_are_transcribed_in_the_language_heard(alsa_files, tmp_path):
    folder = tmp_path / "voices" / "alsa"
    save_audio(folder / "channels.wav", join_with_pauses([load_audio(f, sr=SR)[0] for f in alsa_files[:3]], SR,
                                                         0.2), SR)
    result = build_corpus(tmp_path / "corpus", [folder_source(folder.parent, speakers=True)],
                          BuildOptions(min_speaker_s=1.0))
    (entry,) = result.entries
    assert entry.transcript_from == "whisper-base" and entry.language == "en"
    assert {"front", "center"} <= set(entry.transcript.lower().replace(",", " ").replace(".", " ").split())
    assert read_manifest(tmp_path / "corpus" / "sources" / f"folder-{folder.parent.name}.jsonl") == result.entries
