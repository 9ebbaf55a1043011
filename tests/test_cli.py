import importlib.resources as res
import json
import re
from pathlib import Path

import numpy as np
import pytest

from anyvoice.audio.io import load_audio, save_audio
from anyvoice.interfaces.cli import main
from anyvoice.voice import Voice


@pytest.fixture(scope="module")
def voice_file(tmp_path_factory, kokoro_female):
    d = tmp_path_factory.mktemp("cli")
    ref = d / "ref.flac"
    save_audio(ref, kokoro_female["reference"], kokoro_female["sr"])
    out = d / "ref.voice"
    assert main(["voice", "create", str(ref), "-o", str(out)]) == 0
    return out


def test_voice_show(voice_file, capsys):
    assert main(["voice", "show", str(voice_file)]) == 0
    assert '"pitch_median_hz"' in capsys.readouterr().out


def test_a_voice_s_own_lexicon_is_used_and_a_request_s_entry_wins(voice_file, tmp_path, capsys):
    from anyvoice.evaluation.metrics import transcribe
    from anyvoice.text.words import normalize_words

    lexicon, voice = tmp_path / "names.lex", tmp_path / "named.voice"
    lexicon.write_text("Grumbo = /ˈdʒʌmboʊ/\n")
    assert main(["voice", "lexicon", str(voice_file), str(lexicon), "-o", str(voice)]) == 0
    assert main(["voice", "show", str(voice)]) == 0
    assert json.loads(capsys.readouterr().out)["lexicon"] == {"Grumbo": "/ˈdʒʌmboʊ/"}
    out = tmp_path / "met.wav"
    assert main(["tts", "I met Grumbo today.", "--voice", str(voice), "-o", str(out)]) == 0
    assert "jumbo" in normalize_words(transcribe(*load_audio(out)))
    (tmp_path / "mine.lex").write_text("grumbo = doctor\n")
    assert main(["tts", "I met Grumbo today.", "--voice", str(voice), "--lexicon", str(tmp_path / "mine.lex"),
                 "-o", str(out)]) == 0
    assert "doctor" in normalize_words(transcribe(*load_audio(out)))  # heard as "doctor" or "Dr."
    assert main(["voice", "lexicon", str(voice), "-o", str(voice)]) == 2
    assert "--drop" in capsys.readouterr().err


def test_tts_to_mp3_and_convert(voice_file, tmp_path, piper_speech, capsys):
    out = tmp_path / "hello.mp3"
    assert main(["tts", "Hello there, this is a test.", "--voice", str(voice_file), "-o", str(out)]) == 0
    assert "voice create" not in capsys.readouterr().err  # a voice file is only read
    wav, sr = load_audio(out)
    assert len(wav) / sr > 1
    src = tmp_path / "src.wav"
    save_audio(src, *piper_speech)
    conv = tmp_path / "conv"
    assert main(["convert", str(src), "--voice", str(voice_file), "-o", str(conv), "--format", "flac",
                 "--engine", "dsp"]) == 0
    y, sr2 = load_audio(conv.with_suffix(".flac"))
    assert sr2 == piper_speech[1] and abs(len(y) - len(piper_speech[0])) < 10


def test_a_noisy_reference_is_named_and_clean_measures_the_voice_under_the_noise(kokoro_female, tmp_path, capsys):
    from anyvoice.audio.noise import make_noise, scale_to_snr

    ref, sr = kokoro_female["reference"], kokoro_female["sr"]
    hiss = scale_to_snr(ref, make_noise("white", len(ref), sr, np.random.default_rng(0)), 10.0)
    save_audio(tmp_path / "noisy.flac", ref + hiss, sr)
    voices = {}
    for flags in ([], ["--clean"]):
        out = tmp_path / f"v{len(flags)}.voice"
        assert main(["voice", "create", str(tmp_path / "noisy.flac"), *flags, "-o", str(out)]) == 0
        voices[bool(flags)] = Voice.load(out)
        warned = "the reference is noisy" in capsys.readouterr().err
        assert warned != bool(flags)
    hnr = {k: v.attributes.hnr_db for k, v in voices.items()}  # noise reads as breathiness
    assert abs(hnr[True] - kokoro_female["voice"].attributes.hnr_db) < hnr[True] - hnr[False]


def test_a_telephone_prompt_in_g722_serves_as_the_voice_and_as_a_design_s_speech(kokoro_female, tmp_path, capsys):
    import av

    from anyvoice.audio.signal import resample

    pcm = (resample(kokoro_female["reference"], kokoro_female["sr"], 16000) * 32767).astype(np.int16)
    prompt = tmp_path / "prompt.g722"  # as Asterisk ships its prompts: raw G.722, no header, no known suffix
    with av.open(str(prompt), "w", format="g722") as out:
        stream = out.add_stream("g722", rate=16000, layout="mono")
        frame = av.AudioFrame.from_ndarray(pcm[None, :], format="s16", layout="mono")
        frame.sample_rate = 16000
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    assert main(["tts", "Good morning.", "--voice", str(prompt), "-o", str(tmp_path / "out.wav")]) == 0
    assert len(load_audio(tmp_path / "out.wav")[0]) > 0
    assert f"voice create {prompt} -o prompt.voice" in capsys.readouterr().err  # how to skip the analysis next time
    assert main(["tts", "Good morning.", "--describe", "an older voice", "--voice", str(prompt),  # a design's speech
                 "-o", str(tmp_path / "older.wav")]) == 0
    assert "from speech" in capsys.readouterr().err and len(load_audio(tmp_path / "older.wav")[0]) > 0


def test_tts_takes_its_text_named_too_and_refuses_it_twice(tmp_path, capsys):
    named, positional = tmp_path / "named.wav", tmp_path / "positional.wav"
    assert main(["tts", "--text", "Good morning.", "-o", str(named)]) == 0
    assert main(["tts", "Good morning.", "-o", str(positional)]) == 0
    assert np.array_equal(load_audio(named)[0], load_audio(positional)[0])
    (tmp_path / "t.txt").write_text("Good evening.")
    assert main(["tts", "--text", "Good morning.", "--text-file", str(tmp_path / "t.txt"), "-o",
                 str(tmp_path / "twice.wav")]) == 2
    assert "given twice (--text and --text-file)" in capsys.readouterr().err
    assert not (tmp_path / "twice.wav").exists()


@pytest.mark.parametrize("argv,message", [
    (["tts", "Hello.", "--voice", "{missing}", "-o", "{out}"], "no such voice file"),
    (["tts", "... !!!", "-o", "{out}"], "nothing to speak"),
    (["tts", "Hello.", "--voice", "{voice}", "--engine", "warp9", "-o", "{out}"], "unknown engine 'warp9'"),
    (["tts", "Hello.", "--engine", "warp9", "-o", "{out}"], "unknown engine 'warp9'"),
    (["convert", "{corrupt}", "--voice", "{voice}", "-o", "{out}"], "not a readable audio file"),
    (["convert", "{silent}", "--voice", "{voice}", "-o", "{out}"], "silent"),
    (["voice", "create", "{silent}", "-o", "{out}"], "silent"),
    (["tts", "Hello.", "-o", "{tmp}/x.aiff"], "unknown output format"),
    (["tts", "Hello.", "-o", "{tmp}"], "is a folder"),
    (["tts", "Hello.", "-o", "/proc/anyvoice.wav"], "cannot write there"),
    (["tts", "Hello.", "-o", "{corrupt}/x.wav"], "cannot write there"),
    (["tts", "... !!!", "-o", "{tmp}/new/x.wav"], "nothing to speak"),  # and no folder "new" is left behind
    (["tts", "Hello.", "--describe", "the weather is nice", "-o", "{out}"], "no words about a voice"),
    (["tts", "Hello.", "--describe", "a deep, high-pitched man", "-o", "{out}"], "contradicts itself"),
    (["tts", "Hello.", "--face", "{cat}", "-o", "{out}"], "no face found"),
    (["tts", "Hello.", "--attr", "pace=9", "-o", "{out}"], "out of range"),
    (["tts", "Hello.", "--attr", "pace", "-o", "{out}"], "NAME=VALUE"),
    (["tts", "Hello.", "--edit", "older", "-o", "{out}"], "an edit changes a voice; give a voice"),
    (["voice", "edit", "{voice}", "make it nicer", "-o", "{out}"], "no edit recognised"),
    (["convert", "{silent}", "-o", "{out}"], "needs a target"),
    (["convert", "{silent}", "--voice", "{voice}", "--lang", "español", "-o", "{out}"], "not a language code"),
    (["enhance", "{missing}.wav", "-o", "{out}"], "no such audio file"),
    (["enhance", "{corrupt}", "-o", "{out}"], "not a readable audio file"),
    (["enhance", "{silent}", "-o", "{tmp}/x.aiff"], "unknown output format"),
    (["extract", "{corrupt}", "--voice", "{voice}", "-o", "{out}"], "not a readable audio file"),
    (["extract", "{silent}", "--voice", "{missing}", "-o", "{out}"], "no such voice file"),
    (["extract", "{silent}", "--voice", "{voice}", "--strict", "-o", "{out}"], "not found"),
    (["edit", "{silent}", "--text", "Hello there.", "-o", "{out}"], "empty or silent"),
])
def test_bad_input_exits_2_with_a_message_and_writes_nothing(argv, message, tmp_path, voice_file, capsys):
    (tmp_path / "corrupt.wav").write_bytes(b"RIFF....WAVEfmt garbage" * 10)
    save_audio(tmp_path / "silent.wav", np.zeros(48000, np.float32) + 1e-9, 16000)
    names = {"missing": tmp_path / "missing.voice", "out": tmp_path / "out.wav", "voice": voice_file,
             "corrupt": tmp_path / "corrupt.wav", "silent": tmp_path / "silent.wav", "tmp": tmp_path,
             "cat": res.files("skimage") / "data" / "chelsea.png"}
    before = set(tmp_path.iterdir())
    assert main([a.format(**names) for a in argv]) == 2
    assert message in capsys.readouterr().err
    assert set(tmp_path.iterdir()) == before  # no half-written output


def test_design_edit_describe_and_text_tts(tmp_path, voice_file, capsys):
    designed = tmp_path / "elder.voice"
    assert main(["voice", "design", "--describe", "a calm, deep voice of an older man", "-o", str(designed)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert "man" in shown["description"] and any("deep" in line for line in shown["explanation"])
    older = tmp_path / "older.voice"
    assert main(["voice", "edit", str(voice_file), "older, +2 semitones", "-o", str(older)]) == 0
    capsys.readouterr()
    assert main(["voice", "describe", str(designed)]) == 0
    assert "older man" in capsys.readouterr().out
    out = tmp_path / "text_tts.wav"
    assert main(["tts", "Good evening.", "--describe", "a man with a low voice", "--edit", "slower",
                 "-o", str(out)]) == 0
    assert "design: pitch_st" in capsys.readouterr().err
    wav, sr = load_audio(out)
    assert len(wav) / sr > 0.5


def test_info_lists_models_engines_languages_and_the_cache(capsys, tmp_path, monkeypatch):
    (tmp_path / "f0").mkdir()
    (tmp_path / "f0" / "track.npy").write_bytes(b"x" * 2000)
    monkeypatch.setenv("ANYVOICE_CACHE", str(tmp_path))
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert "[ok] whisper-tiny-en" in out and "select" in out and "piper" in out
    assert re.search(r"ru  Russian +festival:msu_ru_nsh_clunits", out) and re.search(r"en  English +piper", out)
    assert re.search(r"fr  French +pico:fr-FR", out)
    assert f"cache (pitch tracks, exported graphs): {tmp_path} (1 file, 0.0 MB;" in out
    monkeypatch.setenv("ANYVOICE_CACHE", "off")
    assert main(["info"]) == 0
    assert "off (ANYVOICE_CACHE=off): no pitch track or graph is kept on disk" in capsys.readouterr().out


def test_help_reads_well(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    for word in ("voice", "tts", "convert", "info", "demo", "examples:"):
        assert word in out


def test_cleanup_commands_write_audio(tmp_path, piper_speech, voice_file, capsys):
    wav, sr = piper_speech
    noisy = tmp_path / "noisy.wav"
    stereo = np.stack([wav, wav], 1) + 0.03 * np.random.default_rng(0).standard_normal((len(wav), 2))
    save_audio(noisy, stereo.astype(np.float32), sr)
    assert main(["enhance", str(noisy), "-o", str(tmp_path / "clean.flac")]) == 0
    import soundfile as sf

    info = sf.info(str(tmp_path / "clean.flac"))
    assert info.channels == 2 and info.samplerate == sr
    assert main(["remove-speech", str(noisy), "-o", str(tmp_path / "bg.wav")]) == 0
    assert main(["edit", str(noisy), "--text", "The committee will publish its first report on Thursday afternoon.",
                 "-o", str(tmp_path / "edited.wav")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["edits"][0]["new"] == "first"
    capsys.readouterr()
    assert main(["extract", str(noisy), "--voice", str(voice_file), "-o", str(tmp_path / "x.wav")]) == 0
    assert (tmp_path / "x.wav").exists()
    capsys.readouterr()
    # (whether the woman is found in the man's speech is the presence rule's call, a close one with this extractor;
    # in a recording of noise she is not there at all)
    noise = tmp_path / "noise.wav"
    save_audio(noise, (0.05 * np.random.default_rng(1).standard_normal(10 * sr)).astype(np.float32), sr)
    assert main(["extract", str(noise), "--voice", str(voice_file), "-o", str(tmp_path / "n.wav")]) == 0
    assert capsys.readouterr().err.count("warning:") == 1  # said once, not once for each of its two chunks


def test_transcribe_prints_text_and_writes_subtitles(tmp_path, piper_speech, capsys):
    from anyvoice.evaluation.metrics import wer
    from tests.conftest import SOURCE_TEXT

    src = tmp_path / "src.wav"
    save_audio(src, *piper_speech)
    assert main(["transcribe", str(src)]) == 0
    assert wer(SOURCE_TEXT, capsys.readouterr().out) < 0.15
    assert main(["transcribe", str(src), "-o", str(tmp_path / "src.srt")]) == 0
    srt = (tmp_path / "src.srt").read_text()
    assert srt.startswith("1\n00:00:0") and " --> " in srt and "committee" in srt.lower()
    assert main(["transcribe", str(src), "-o", str(tmp_path / "src.doc")]) == 2
    assert "unknown transcript format" in capsys.readouterr().err


FRENCH = "Demain nous allons acheter du pain et des pommes au marché. Le train part à huit heures."


def test_transcribe_hears_the_recordings_own_language_or_the_one_asked(tmp_path, capsys):
    from anyvoice.evaluation.metrics import wer
    from anyvoice.synth import create_synthesizer

    synth = create_synthesizer("pico", "fr")
    src = tmp_path / "fr.wav"
    save_audio(src, synth.synthesize(FRENCH), synth.sample_rate)
    assert main(["transcribe", str(src), "-o", str(tmp_path / "fr.json")]) == 0
    assert "heard as French (fr, probability" in capsys.readouterr().err
    heard = json.loads((tmp_path / "fr.json").read_text())
    assert heard["language"] == "fr" and wer(FRENCH, heard["text"], "fr") < 0.25
    assert main(["transcribe", str(src), "--lang", "fr-FR"]) == 0
    assert wer(FRENCH, capsys.readouterr().out, "fr") < 0.25
    assert main(["transcribe", str(src), "--lang", "xx", "-o", str(tmp_path / "xx.txt")]) == 2
    assert "'xx' is not one the recognizer knows" in capsys.readouterr().err
    assert not (tmp_path / "xx.txt").exists()


def test_train_config_files_fill_options_and_the_command_line_wins(tmp_path, capsys):
    from anyvoice.interfaces.cli import build_parser

    parser = build_parser()
    config = str(Path(__file__).resolve().parents[1] / "configs" / "cfm" / "shipped.yaml")
    shipped = parser.parse_args(["train", "cfm", "--out", "run", "--config", config])
    assert (shipped.steps, shipped.batch, shipped.synthetic_speakers) == (6666, 64, 120)
    mine = parser.parse_args(["train", "cfm", "--out", "run", "--steps", "10", "--config", config])
    assert (mine.steps, mine.batch) == (10, 64)
    bad = tmp_path / "bad.yaml"
    bad.write_text("stepz: 10\n")
    with pytest.raises(SystemExit) as exit_:
        parser.parse_args(["train", "cfm", "--out", "run", "--config", str(bad)])
    assert exit_.value.code == 2 and "unknown option 'stepz'" in capsys.readouterr().err
    bad.write_text("steps: many\n")
    with pytest.raises(SystemExit) as exit_:
        parser.parse_args(["train", "cfm", "--out", "run", "--config", str(bad)])
    assert exit_.value.code == 2 and "'many' is not a int" in capsys.readouterr().err
    bad.write_text("content_encoder: whisper-large\n")  # refused before hours of features are made
    with pytest.raises(SystemExit) as exit_:
        parser.parse_args(["train", "cfm", "--out", "run", "--config", str(bad)])
    assert exit_.value.code == 2 and "'whisper-large' is not one of whisper-tiny-en, whisper-base" in \
        capsys.readouterr().err
    multilingual = parser.parse_args(["train", "cfm", "--out", "run", "--config", config.replace("shipped",
                                                                                                  "multilingual")])
    assert (multilingual.content_encoder, multilingual.steps) == ("whisper-base", 6666)


def test_train_cfm_offers_what_the_recipe_can_train_and_refuses_the_rest(capsys):
    from anyvoice.interfaces.cli import build_parser
    from anyvoice.training.cfm import TRAINABLE

    parser = build_parser()
    assert parser.parse_args(["train", "cfm", "--out", "run", "--train", "content"]).train == "content"
    with pytest.raises(SystemExit) as exit_:
        parser.parse_args(["train", "cfm", "--out", "run", "--train", "decoder"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "invalid choice: 'decoder'" in err
    offered = re.search(r"choose from (.*)\)", err).group(1)  # the choices as the CLI states them
    assert tuple(c.strip(" '") for c in offered.split(",")) == TRAINABLE


def test_serve_refuses_preloading_an_unknown_engine_or_one_it_would_not_serve(capsys):
    assert main(["serve", "--preload", "fast"]) == 2
    assert "unknown model 'fast'" in capsys.readouterr().err
    assert main(["serve", "--wyoming", "tcp://127.0.0.1:10200", "--no-http", "--preload", "cfm"]) == 2
    assert "--preload" in capsys.readouterr().err
