import json
import zipfile

import numpy as np
import pytest

from anyvoice.audio.io import save_audio
from anyvoice.errors import InputError
from anyvoice.voice import VOICE_FORMAT_VERSION, Voice


def test_attributes_tell_a_low_male_from_a_high_female(piper_speech, kokoro_female):
    male = Voice.from_audio(*piper_speech)
    female = kokoro_female["voice"]
    assert 85 < male.attributes.f0_median_hz < 165
    assert 180 < female.attributes.f0_median_hz < 350
    assert male.attributes.vtl_cm > female.attributes.vtl_cm
    for v in (male, female):
        a = v.attributes
        assert 2 < a.speaking_rate < 9  # syllables per second of speech
        assert 3 < a.f0_range_st < 30
        assert -40 < a.energy_db < 0
        assert np.isclose(np.linalg.norm(v.embedding), 1, atol=1e-4) and v.embedding.shape == (256,)


def test_save_load_roundtrip(tmp_path, kokoro_female):
    v = kokoro_female["voice"]
    path = v.save(tmp_path / "a.voice")
    assert path.stat().st_size < 1_000_000
    w = Voice.load(path)
    assert np.allclose(v.embedding, w.embedding)
    assert np.allclose(v.envelope_mean, w.envelope_mean)
    assert w.attributes == v.attributes
    assert w.name == v.name and [p.name for p in tmp_path.iterdir()] == ["a.voice"]


def test_a_telephone_reference_keeps_its_band_and_its_unmeasured_formant_reads_as_null(tmp_path, kokoro_female):
    from anyvoice.audio.signal import resample

    ref, sr = kokoro_female["reference"], kokoro_female["sr"]
    phone = Voice.from_audio(resample(resample(ref, sr, 8000), 8000, sr), sr)
    assert 3400 <= phone.source.band_hz <= 4000 and kokoro_female["voice"].source.band_hz > 9000
    assert np.isnan(phone.attributes.formants_hz[3])  # a 4-kHz band holds no fourth formant to find
    summary = json.loads(json.dumps(phone.summary(), allow_nan=False))  # strict JSON: no NaN
    assert summary["formants_hz"][3] is None and summary["recorded_band_hz"] == phone.source.band_hz
    assert Voice.load(phone.save(tmp_path / "phone.voice")).source == phone.source


def test_a_clean_reference_gets_no_warning_and_a_telephone_one_is_told_its_band(kokoro_female, alsa_files):
    from anyvoice.audio.io import load_audio
    from anyvoice.audio.signal import resample
    from anyvoice.inputs.reference import reference_warnings

    ref, sr = kokoro_female["reference"], kokoro_female["sr"]
    real = load_audio(alsa_files[0], sr=sr)[0]  # one real utterance, little silence around it
    assert reference_warnings(ref, sr, kokoro_female["voice"].source.band_hz) == []
    assert reference_warnings(real, sr, Voice.from_audio(real, sr).source.band_hz) == []
    narrow = resample(resample(ref, sr, 8000), 8000, sr)
    (phone,) = reference_warnings(narrow, sr, Voice.from_audio(narrow, sr).source.band_hz)
    assert "nothing above" in phone


def test_a_voice_keeps_its_lexicon_and_a_bad_one_in_a_file_is_refused(tmp_path, kokoro_female):
    v = kokoro_female["voice"].with_lexicon({"Nguyen": "/ˈwɪn/", "SQL": "sequel"})
    w = Voice.load(v.save(tmp_path / "a.voice"))
    assert dict(w.rendering.lexicon) == {"Nguyen": "/ˈwɪn/", "SQL": "sequel"}
    assert w.with_lexicon({}).rendering.lexicon == () and w.rendering.lexicon  # a new voice; this one keeps it
    with zipfile.ZipFile(tmp_path / "a.voice") as z:
        items = {n: z.read(n) for n in z.namelist()}
    header = json.loads(items["voice.json"])
    header["rendering"]["lexicon"] = {"Nguyen": "/w1n/"}
    items["voice.json"] = json.dumps(header).encode()
    with zipfile.ZipFile(tmp_path / "bad.voice", "w") as z:
        for n, b in items.items():
            z.writestr(n, b)
    with pytest.raises(InputError, match="rendering.lexicon.*not an IPA symbol"):
        Voice.load(tmp_path / "bad.voice")


def test_newer_or_foreign_voice_files_are_refused(tmp_path, kokoro_female):
    path = kokoro_female["voice"].save(tmp_path / "a.voice")
    with zipfile.ZipFile(path) as z:
        items = {n: z.read(n) for n in z.namelist()}
    header = json.loads(items["voice.json"])
    header["version"] = VOICE_FORMAT_VERSION + 1
    items["voice.json"] = json.dumps(header).encode()
    newer = tmp_path / "newer.voice"
    with zipfile.ZipFile(newer, "w") as z:
        for n, b in items.items():
            z.writestr(n, b)
    with pytest.raises(InputError, match="newer than this anyvoice"):
        Voice.load(newer)
    junk = tmp_path / "junk.voice"
    junk.write_text("hello")
    with pytest.raises(InputError, match="not an anyvoice voice file"):
        Voice.load(junk)
    with pytest.raises(InputError, match="no such voice file"):
        Voice.load(tmp_path / "missing.voice")


def test_version_1_files_load_with_a_neutral_delivery(tmp_path, kokoro_female):
    from dataclasses import replace

    from anyvoice.style.prosody import Prosody

    slow = replace(kokoro_female["voice"], delivery=Prosody(pace=0.8, whisper=0.2))
    path = slow.save(tmp_path / "slow.voice")
    assert Voice.load(path).delivery == Prosody(pace=0.8, whisper=0.2)
    with zipfile.ZipFile(path) as z:
        items = {n: z.read(n) for n in z.namelist()}
    header = json.loads(items["voice.json"])
    del header["delivery"]
    header["version"] = 1
    items["voice.json"] = json.dumps(header).encode()
    old = tmp_path / "old.voice"
    with zipfile.ZipFile(old, "w") as z:
        for n, b in items.items():
            z.writestr(n, b)
    assert Voice.load(old).delivery == Prosody()


def test_silent_and_too_short_references_are_refused(tmp_path):
    sr = 16000
    with pytest.raises(InputError, match="silent"):
        Voice.from_audio(np.zeros(sr * 4, np.float32), sr)
    with pytest.raises(InputError, match="at least 3 s"):
        Voice.from_audio(np.random.default_rng(0).normal(0, 0.1, sr // 2).astype(np.float32), sr)
    noise = np.random.default_rng(0).normal(0, 0.1, sr * 4).astype(np.float32)
    with pytest.raises(InputError, match="voiced speech"):
        Voice.from_audio(noise, sr)


def test_real_human_reference_from_several_files(alsa_files):
    v = Voice.from_files(alsa_files[:6])
    assert 150 < v.attributes.f0_median_hz < 300  # the alsa-utils speaker is a woman
    assert v.source.references[0].endswith(".wav") and len(v.source.references) == 6


def test_a_long_reference_is_tracked_in_pieces_on_helpers_as_in_place_and_as_harvest_tracks_the_whole(alsa_files):
    import pyworld

    from anyvoice import isolation
    from anyvoice.audio.io import load_audio
    from anyvoice.audio.signal import join_with_pauses, without_hum
    from anyvoice.audio.world import F0_CEIL, F0_FLOOR, FRAME_MS, speaker_f0
    from anyvoice.cache import uncached

    sr = 16000
    speech = join_with_pauses([load_audio(f, sr=sr)[0] for f in alsa_files[:6]], sr, 1.0)
    assert len(speech) / sr > 12.0  # more than one piece
    seen = []
    with uncached():  # each way tracks the pitch itself
        in_place = Voice.from_audio(speech, sr, progress=lambda done, total: seen.append((done, total)))
        with isolation.helpers(2):  # as the command line runs it
            helped = Voice.from_audio(speech, sr)
    assert helped.attributes == in_place.attributes
    np.testing.assert_array_equal(helped.envelope_frames, in_place.envelope_frames)
    total, dones = seen[-1][1], [done for done, _ in seen]
    assert total >= 5 and {t for _, t in seen} == {total}  # two pieces or more, then 3 steps, one total throughout
    assert dones == sorted(dones) and set(dones) == set(range(total + 1))  # from the start, and each step once

    with uncached():
        pieces = speaker_f0(speech, sr)
    whole = pyworld.harvest(without_hum(speech, sr), sr, f0_floor=F0_FLOOR, f0_ceil=F0_CEIL, frame_period=FRAME_MS)[0]
    assert len(pieces) == len(whole) and np.mean((pieces > 0) == (whole > 0)) > 0.97
    assert abs(np.log2(np.median(pieces[pieces > 0]) / np.median(whole[whole > 0]))) < 0.015


def test_a_recording_named_as_the_voice_is_analysed_with_progress_and_a_voice_file_is_only_read(alsa_files, tmp_path):
    from anyvoice.voice.resolve import resolve_voice
    from anyvoice.voice.voice import REFERENCE_RATE, load_references

    recording = save_audio(tmp_path / "me.flac", load_references(alsa_files[:4]), REFERENCE_RATE)
    seen = []
    voice = resolve_voice(recording, progress=lambda done, total: seen.append((done, total)))
    assert voice.name == "me" and seen[0][0] == 0 and seen[-1][0] == seen[-1][1] >= 4
    seen.clear()
    assert resolve_voice(voice.save(tmp_path / "me.voice"), progress=lambda *step: seen.append(step)).name == "me"
    assert seen == []


def test_mains_hum_in_the_pauses_is_not_taken_for_the_speaker_s_pitch(alsa_files):
    from anyvoice.audio.io import load_audio
    from anyvoice.audio.noise import make_noise, scale_to_snr
    from anyvoice.audio.signal import join_with_pauses

    sr = 16000
    phrases = [load_audio(f, sr=sr)[0] for f in alsa_files[:6]]
    speech = join_with_pauses(phrases, sr, 2.0)
    hum = make_noise("hum", len(speech), sr, np.random.default_rng(3))  # 50 or 60 Hz and its harmonics
    clean = Voice.from_audio(join_with_pauses(phrases, sr, 0.2), sr).attributes.f0_median_hz  # the next test's too
    hummed = Voice.from_audio(speech + scale_to_snr(speech, hum, 35.0), sr).attributes.f0_median_hz
    assert abs(12 * np.log2(hummed / clean)) < 1.0, (hummed, clean)  # the pauses' hum read alone: 60 Hz


def test_mains_hum_under_the_speech_is_taken_out_before_the_pitch_is_measured(alsa_files):
    from anyvoice.audio.io import load_audio
    from anyvoice.audio.noise import make_noise, scale_to_snr
    from anyvoice.audio.signal import join_with_pauses, without_hum

    sr = 16000
    speech = join_with_pauses([load_audio(f, sr=sr)[0] for f in alsa_files[:6]], sr, 0.2)
    assert np.array_equal(without_hum(speech, sr), speech.astype(np.float64))  # no hum: not touched
    hum = make_noise("hum", len(speech), sr, np.random.default_rng(3))
    clean = Voice.from_audio(speech, sr).attributes
    hummed = Voice.from_audio(speech + scale_to_snr(speech, hum, 30.0), sr).attributes
    assert abs(12 * np.log2(hummed.f0_median_hz / clean.f0_median_hz)) < 1.0, (hummed, clean)
    assert hummed.log_f0_std < 1.25 * clean.log_f0_std, (hummed, clean)  # the intonation is the voice's


def test_a_telephone_recording_measures_the_same_vocal_tract(alsa_files):
    from anyvoice.audio.io import load_audio
    from anyvoice.audio.signal import join_with_pauses, resample
    from anyvoice.inputs.attributes import measure_attributes
    from anyvoice.voice.norms import likely_female

    sr = 16000
    speech = join_with_pauses([load_audio(f, sr=sr)[0] for f in alsa_files[:6]], sr, 0.3)
    phone = resample(resample(speech, sr, 8000), 8000, sr)  # nothing above 4 kHz
    wide, narrow = measure_attributes(speech, sr), measure_attributes(phone, sr)
    # five formants looked for under 5.5 kHz in a 4-kHz band were pressed low: the woman measured 19.5 cm, a man
    assert abs(narrow.vtl_cm - wide.vtl_cm) < 1.0, (narrow.vtl_cm, wide.vtl_cm)
    assert likely_female(narrow.f0_median_hz, narrow.vtl_cm) > 0.9


def test_stereo_mp3_reference(tmp_path, kokoro_female):
    x = kokoro_female["reference"]
    path = tmp_path / "ref.mp3"
    save_audio(path, x, kokoro_female["sr"])
    v = Voice.from_files([path])
    assert abs(v.attributes.f0_median_hz - kokoro_female["voice"].attributes.f0_median_hz) < 10
    assert float(v.embedding @ kokoro_female["voice"].embedding) > 0.9


def test_edits_and_loaded_values_stay_within_a_human_voice(tmp_path, kokoro_female):
    from anyvoice.inputs.attributes import BOUNDS
    from anyvoice.voice.edit import edit_voice

    voice = kokoro_female["voice"]
    for _ in range(12):  # each edit is allowed; together they would reach 100 kHz
        voice = edit_voice(voice, "+24 semitones")
    assert voice.attributes.f0_median_hz == BOUNDS["f0_median_hz"][1]
    with pytest.raises(InputError, match="too large"):
        edit_voice(voice, "+300 semitones")
    loud = Voice.from_bytes(_with_header(voice, lambda h: h["attributes"].update(f0_median_hz=1e12, vtl_cm=0.01)),
                            "loud.voice")
    assert loud.attributes.f0_median_hz == 600.0 and loud.attributes.vtl_cm == BOUNDS["vtl_cm"][0]
    for bad, match in ((lambda h: h["attributes"].update(energy_db=float("nan")), "energy_db is nan"),
                       (lambda h: h["attributes"].update(hnr_db="loud"), "not a number"),
                       (lambda h: h.update(delivery={"pace": 99}), "pace=99"),
                       (lambda h: h.update(rendering={"base_pace": float("inf")}), "base_pace"),
                       (lambda h: h.update(rendering={"base": "piper:/etc/voice.onnx"}), "names a file")):
        with pytest.raises(InputError, match=match):
            Voice.from_bytes(_with_header(voice, bad), "bad.voice")


def _with_header(voice, change) -> bytes:
    from anyvoice.evaluation.hostile import edited_voice_file

    return edited_voice_file(voice.to_bytes(), lambda header, arrays: change(header))


def test_a_version_2_file_reads_its_meta_into_typed_records(kokoro_female):
    from anyvoice.voice.record import Rendering, Source

    def as_version_2(header):
        for key in ("rendering", "design", "source", "edits"):
            header.pop(key)
        header.update(version=2, meta={
            "base": "kokoro:jf_alpha", "base_pace": 1.2, "accent": "en-gb-x-rp", "edits": ["older"],
            "references": ["me.wav"], "source_seconds": 4.5, "source_sr": 24000,
            "design": {"targets": {"age": 60}, "explanation": ["age = 60 from text: 'old'"],
                       "description": "an old man"}})

    v = Voice.from_bytes(_with_header(kokoro_female["voice"], as_version_2), "old.voice")
    assert v.rendering == Rendering("kokoro:jf_alpha", 1.2, "en-gb-x-rp") and v.edits == ("older",)
    assert v.design.targets == {"age": 60.0} and v.design.description == "an old man"
    assert v.source == Source(("me.wav",), 4.5, 24000)
    again = Voice.from_bytes(v.to_bytes())  # written as the current version, read back the same
    assert (again.rendering, again.design, again.source, again.edits) == (v.rendering, v.design, v.source, v.edits)
