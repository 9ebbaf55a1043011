"""Voice design, editing and description on the real models, the shipped bank and the shipped aggregator."""
from __future__ import annotations

import importlib.resources as res

import numpy as np
import pytest

from anyvoice.errors import InputError
from anyvoice.inputs.attributes import measure_attributes
from anyvoice.inputs.description import encode_description
from anyvoice.inputs.face import encode_face
from anyvoice.inputs.speech import cosine, speaker_embedding
from anyvoice.inputs.vocabulary import contradictions, parse_words
from anyvoice.tasks.tts import tts
from anyvoice.voice import Voice
from anyvoice.voice.describe import describe, describe_voice
from anyvoice.voice.design import design_voice
from anyvoice.voice.edit import edit_voice, parse_edit
from anyvoice.voice.fusion import Cue, check_sliders, fuse
from anyvoice.voice.norms import likely_female, semitones

SENTENCE = "The garden was quiet after the long summer rain."


@pytest.fixture(scope="session")
def astronaut() -> str:
    """A photo of a woman's face that ships with scikit-image."""
    return str(res.files("skimage") / "data" / "astronaut.png")


@pytest.fixture(scope="session")
def cat() -> str:
    """A photo with no human face (scikit-image's cat)."""
    return str(res.files("skimage") / "data" / "chelsea.png")


def _measure(wav: np.ndarray, sr: int):
    return measure_attributes(wav, sr)


# --- words -------------------------------------------------------------------------------------------------------
def test_words_become_cues_with_intensity_numbers_and_negation():
    cues = {(c.attribute, c.words): c.value for c in parse_words("a very fast, not loud 60-year-old man, 120 Hz")}
    assert cues[("female", "man")] == 0.0
    assert cues[("age", "60-year-old")] == 60.0
    assert cues[("pitch_hz", "120 hz")] == 120.0
    assert cues[("pace", "fast x1.5")] > 1.25  # "very" strengthens "fast"
    assert not any(a == "energy_db" for a, _ in cues)  # "not loud" says nothing about loudness


def test_contradictions_are_found_but_secondary_effects_are_not():
    assert contradictions(parse_words("a fast and slow speaker"))
    assert contradictions(parse_words("a man who is a woman"))
    assert not contradictions(parse_words("a husky, high voice"))  # husky lowers pitch only slightly


def test_description_errors_name_the_problem():
    with pytest.raises(InputError, match="no words about a voice"):
        encode_description("the weather is nice today")
    with pytest.raises(InputError, match="contradicts itself"):
        encode_description("a deep, high-pitched voice")
    with pytest.raises(InputError, match="empty"):
        encode_description("  ")


def test_fusion_ranks_sliders_over_words_over_face():
    cues = [Cue("female", 0.1, "face", "looks male"), Cue("female", 1.0, "text", "woman"),
            Cue("age", 33.0, "face", "looks 33")] + check_sliders({"pace": 1.2})
    t = fuse(cues + [Cue("pace", 0.8, "text", "slow")])
    assert t.values["female"] == 1.0 and t.values["age"] == 33.0 and t.values["pace"] == 1.2
    assert any("face said female" in o for o in t.overridden)
    assert any("text said pace" in o for o in t.overridden)
    with pytest.raises(InputError, match="out of range"):
        check_sliders({"pace": 9})
    with pytest.raises(InputError, match="unknown voice attribute"):
        check_sliders({"loudness": 1})


# --- faces -------------------------------------------------------------------------------------------------------
def test_face_encoder_reads_a_real_face_and_refuses_a_cat(astronaut, cat, tmp_path):
    f = encode_face(astronaut)
    assert f.female > 0.7 and 18 <= f.age <= 60
    assert 0.6 < f.width_ratio < 1.1
    with pytest.raises(InputError, match="no face found"):
        encode_face(cat)
    bad = tmp_path / "x.jpg"
    bad.write_bytes(b"not an image")
    with pytest.raises(InputError, match="not a readable image"):
        encode_face(bad)


def test_small_and_compressed_photos_of_a_face_still_read(astronaut, tmp_path):
    from PIL import Image

    photo = Image.open(astronaut).convert("RGB")
    photo.resize((512, 512), Image.LANCZOS).save(tmp_path / "ordinary.jpg", quality=50)  # read as a man before
    photo.resize((200, 200), Image.LANCZOS).save(tmp_path / "small.png")  # no face was found before
    for name in ("ordinary.jpg", "small.png"):
        f = encode_face(tmp_path / name)
        assert f.female > 0.7, (name, f)


# --- design ------------------------------------------------------------------------------------------------------
def test_text_design_speaks_in_the_requested_voice(tmp_path):
    v = design_voice(text="a calm, deep voice of an older man")
    assert v.attributes.f0_median_hz < 120 and v.delivery.pace < 1.0
    assert any("deep" in line for line in v.design.explanation)
    wav, sr = tts(SENTENCE, v)
    a = _measure(wav, sr)
    assert likely_female(a.f0_median_hz, a.vtl_cm) < 0.5
    assert abs(semitones(a.f0_median_hz, v.attributes.f0_median_hz)) < 2.0
    back = Voice.load(v.save(tmp_path / "d.voice"))
    assert back.delivery == v.delivery and back.rendering == v.rendering and back.design == v.design


def test_design_from_face_and_words_words_win(astronaut):
    face_only = design_voice(face=astronaut)
    assert face_only.attributes.f0_median_hz > 165  # a woman's pitch
    mixed = design_voice(face=astronaut, text="a man with a low voice")
    assert mixed.attributes.f0_median_hz < 120
    assert any("face said female" in line for line in mixed.design.explanation)


def test_relative_words_keep_the_asked_gender_but_hz_is_exact():
    deep_woman = design_voice(text="a very deep woman")
    assert deep_woman.attributes.f0_median_hz >= 170 and deep_woman.attributes.vtl_cm <= 15.4
    squeaky_man = design_voice(text="a squeaky man")
    assert squeaky_man.attributes.f0_median_hz <= 150
    assert design_voice(text="a man speaking at 180 Hz").attributes.f0_median_hz == pytest.approx(180.0)


def test_design_needs_some_input():
    with pytest.raises(InputError, match="nothing to design from"):
        design_voice()


def test_aggregator_places_descriptions_near_matching_bank_voices():
    from anyvoice.voice.design import aggregate, shared_aggregator, shared_bank
    from anyvoice.voice.norms import likely_female as lf

    bank = shared_bank()
    female = np.array([lf(e.attributes.f0_median_hz, e.attributes.vtl_cm) > 0.5 for e in bank.entries])
    for text, want in (("a young woman with a clear voice", True), ("an old man with a deep voice", False)):
        emb, heads = aggregate(shared_aggregator(), {"text": encode_description(text).embedding})
        top = np.argsort(-(bank.embeddings @ emb))[:10]
        assert female[top].mean() >= 0.8 if want else female[top].mean() <= 0.2
        assert (heads["female"] > 0.5) == want


# --- editing -----------------------------------------------------------------------------------------------------
def test_edit_parsing():
    assert parse_edit("+2 semitones") == {"pitch_st": 2.0}
    assert parse_edit("3 semitones lower, 10% faster") == {"pitch_st": -3.0, "pace": pytest.approx(1.1)}
    assert parse_edit("much louder")["energy_db"] > 4.0
    with pytest.raises(InputError, match="no edit recognised"):
        parse_edit("make it nicer")


@pytest.mark.slow
def test_edit_moves_the_attribute_and_keeps_the_speaker():
    voice = design_voice(text="a man")
    base, sr = tts(SENTENCE, voice)
    higher, _ = tts(SENTENCE, edit_voice(voice, "+3 semitones"))
    slower, _ = tts(SENTENCE, edit_voice(voice, "slower"))
    a0, a1 = _measure(base, sr), _measure(higher, sr)
    assert 2.0 < semitones(a1.f0_median_hz, a0.f0_median_hz) < 4.0
    assert len(slower) > 1.05 * len(base)
    assert cosine(speaker_embedding(higher, sr), speaker_embedding(base, sr)) > 0.75


# --- describing --------------------------------------------------------------------------------------------------
def test_describe_states_what_was_designed():
    v = design_voice(text="a fast, loud, high-pitched young woman")
    d = describe_voice(v)
    assert d.gender == "woman" and d.pace == "fast" and d.energy == "loud" and d.pitch == "high-pitched"
    said = {(c.attribute, c.value > 0.5) for c in parse_words(d.text) if c.attribute == "female"}
    assert said == {("female", True)}


def test_describe_a_cloned_recording(kokoro_female, piper_speech):
    assert "woman" in describe(kokoro_female["voice"])
    wav, sr = piper_speech
    assert " man" in describe(Voice.from_audio(wav, sr))


def test_describe_does_not_hear_a_recordings_narrow_band_as_a_dark_voice(kokoro_female):
    from anyvoice.audio.signal import resample

    ref, sr = kokoro_female["reference"], kokoro_female["sr"]
    wide = describe_voice(kokoro_female["voice"])
    for rate in (16000, 8000):  # the band of wideband speech (8 kHz) and of a telephone (4 kHz)
        narrow = describe_voice(Voice.from_audio(resample(resample(ref, sr, rate), rate, sr), sr))
        assert narrow.timbre == wide.timbre and "dark" not in narrow.timbre
        assert narrow.gender == wide.gender == "woman"


# --- the MVC tasks as API calls ----------------------------------------------------------------------------------
def test_text_vc_and_face_vc_move_a_male_source_to_a_female_voice(piper_speech, astronaut):
    from anyvoice.tasks.design import face_vc, text_vc

    wav, sr = piper_speech
    src = _measure(wav, sr).f0_median_hz
    for out in (text_vc("a young woman with a high voice", wav, sr), face_vc(astronaut, wav, sr)):
        a = _measure(out, sr)
        assert len(out) == len(wav)
        assert semitones(a.f0_median_hz, src) > 5 and likely_female(a.f0_median_hz, a.vtl_cm) > 0.5


def test_accents_choose_a_kokoro_base_that_speaks_them():
    from anyvoice.inputs.vocabulary import parse_accent
    from anyvoice.synth import create_synthesizer

    assert parse_accent("a Scottish grandmother") == ("en-gb-scotland", "scottish")
    with pytest.raises(InputError, match="more than one accent"):
        parse_accent("a British and Jamaican man")
    v = design_voice(text="a deep British man")
    assert v.rendering.base.startswith("kokoro:") and v.rendering.base.endswith("@en-gb-x-rp")
    assert "British accent" in describe(v)
    with pytest.raises(InputError, match="takes no style or accent"):
        create_synthesizer("piper:x@en-gb-x-rp")
    with pytest.raises(InputError, match="unknown accent"):
        create_synthesizer("kokoro:jf_alpha@en-mars")


def test_an_unclear_face_says_so():
    from anyvoice.inputs.face import FaceFeatures
    from anyvoice.voice.design import _face_cues

    unsure = FaceFeatures(female=0.54, gender_confidence=0.08, age=38, age_confidence=0.4, width_ratio=0.85,
                          jaw_ratio=0.75, box=(0, 0, 10, 10))
    female, age = _face_cues(unsure)
    assert female.value == 0.54 and "unclear" in female.evidence
    clear = _face_cues(FaceFeatures(0.95, 0.9, 30, 0.5, 0.85, 0.75, (0, 0, 10, 10)))[0]
    assert clear.evidence == "looks female (90%)"


@pytest.mark.slow
def test_designed_voices_read_at_a_human_pace_older_ones_a_little_slower():
    from anyvoice.audio.vad import speech_span_s
    from anyvoice.synth import create_synthesizer

    text = "The committee will publish its final report on Thursday afternoon, and everyone will read it."
    piper = create_synthesizer("piper")
    natural = speech_span_s(piper.synthesize(text), piper.sample_rate)
    young = speech_span_s(*tts(text, design_voice(text="a young woman"))) / natural
    old = speech_span_s(*tts(text, design_voice(text="an elderly woman"))) / natural
    assert 0.85 < young < 1.2  # the Kokoro bases are brought to fluent reading speed
    assert young * 1.05 < old < 1.45  # age slows speech by a fifth or so, not by half
