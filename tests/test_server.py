"""The real server on loopback, driven over HTTP: OpenAI's client library, every task route, the voice library,
limits and error answers."""
from __future__ import annotations

import concurrent.futures as cf
import io
import json
import time
from urllib.parse import unquote

import av
import numpy as np
import openai
import pytest
import soundfile as sf

from anyvoice.audio.encode import encode_audio
from anyvoice.audio.noise import make_noise, scale_to_snr
from anyvoice.audio.signal import resample
from anyvoice.evaluation.metrics import si_sdr, transcribe, wer
from anyvoice.evaluation.server_process import Client, running_server, start, stop
from anyvoice.inputs.attributes import measure_attributes
from anyvoice.text.languages import LANGUAGES
from anyvoice.voice import Voice

LIMITS = ("--workers", "2", "--queue", "8", "--max-text-chars", "600", "--max-upload-mb", "2",
          "--max-audio-seconds", "30")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    d = tmp_path_factory.mktemp("server")
    with running_server(d / "voices.sqlite3", d / "server.log", *LIMITS) as s:
        yield s


@pytest.fixture(scope="module")
def client(server):
    with Client(server.url) as c:
        yield c


@pytest.fixture(scope="module")
def female_wav(kokoro_female) -> bytes:
    return encode_audio(kokoro_female["reference"], kokoro_female["sr"], "wav")


@pytest.fixture(scope="module")
def saved_voice(client, female_wav) -> dict:
    r = client.post("/v1/voices", files={"recording": ("alpha.wav", female_wav, "audio/wav")},
                    data={"name": "alpha"})
    assert r.status_code == 201, r.text
    return r.json()


def _decode(data: bytes) -> tuple[np.ndarray, int]:
    with av.open(io.BytesIO(data)) as c:
        frames = [f.to_ndarray().reshape(-1) for f in c.decode(audio=0)]
        return np.concatenate(frames).astype(np.float32), c.streams.audio[0].rate


def _error(r) -> str:
    body = r.json()
    assert set(body) == {"error"} and body["error"]["message"], body
    return body["error"]["message"]


def test_openai_client_gets_speech(server):
    api = openai.OpenAI(base_url=server.url + "/v1", api_key="unused")
    reply = api.audio.speech.create(model="tts-1", voice="alloy", input="Hello there. The server speaks.",
                                    response_format="wav")
    wav, sr = sf.read(io.BytesIO(reply.content), dtype="float32")
    assert sr == 24000 and len(wav) / sr > 1.0 and np.abs(wav).max() > 0.05
    with api.audio.speech.with_streaming_response.create(model="tts-1", voice="alloy", response_format="mp3",
                                                          input="Streaming works too.") as streamed:
        data = b"".join(streamed.iter_bytes())
    y, sr = _decode(data)
    assert len(y) / sr > 0.5


def test_languages_are_listed_and_the_spoken_one_is_named(client, saved_voice):
    listed = {lang["code"]: lang for lang in client.get("/v1/languages").json()["data"]}
    assert set(listed) == set(LANGUAGES) and listed["en"]["base"] == "piper" and listed["es"]["name"] == "Spanish"
    assert all(lang["base"] for lang in listed.values())
    detected = client.post("/v1/audio/speech", json={"input": "Mañana vamos al mercado.", "voice": "alpha",
                                                     "response_format": "wav"})
    assert detected.status_code == 200 and detected.headers["X-Anyvoice-Language"] == "es"
    told = client.post("/v1/audio/speech", json={"input": "Hello there.", "voice": "alloy", "language": "en"})
    assert told.headers["X-Anyvoice-Language"] == "en"
    # a word in letters no voice reads is left out and named in the (percent-encoded) warning
    hebrew = client.post("/v1/audio/speech", json={"input": "He said שלום and walked in.", "voice": "alloy"})
    assert hebrew.status_code == 200 and "'שלום': written in Hebrew" in unquote(hebrew.headers["X-Anyvoice-Warning"])


def test_long_input_streams_before_it_is_finished(client):
    text = " ".join(f"This is sentence number {n}, spoken in turn." for n in range(1, 9))
    t0 = time.monotonic()
    with client.post("/v1/audio/speech", json={"input": text, "voice": "alloy", "response_format": "pcm"},
                     stream=True) as r:
        assert r.status_code == 200 and "content-length" not in r.headers
        chunks = r.iter_content(chunk_size=None)
        first = next(chunks)
        t_first = time.monotonic() - t0
        rest = b"".join(chunks)
    total = time.monotonic() - t0
    pcm = np.frombuffer(first + rest, "<i2")
    assert len(pcm) / 24000 > 15  # eight sentences
    assert t_first < total / 2, (t_first, total)


@pytest.mark.parametrize("fmt", ["mp3", "opus", "aac", "flac", "wav", "pcm"])
def test_every_response_format_decodes(client, fmt):
    r = client.post("/v1/audio/speech", json={"input": "One format after another.", "voice": "alloy",
                                              "response_format": fmt})
    assert r.status_code == 200, r.text
    if fmt == "pcm":
        y, sr = np.frombuffer(r.content, "<i2").astype(np.float32) / 32768, 24000
    else:
        y, sr = _decode(r.content)
    assert r.headers["x-sample-rate"] == "24000"
    assert 1.0 < len(y) / sr < 4.0 and np.abs(y).max() > 0.05


def test_instructions_set_the_style(client):
    def speak(**extra):
        r = client.post("/v1/audio/speech", json={"input": "I will tell you a secret tonight.", "voice": "alloy",
                                                  "response_format": "wav", **extra})
        assert r.status_code == 200, r.text
        return sf.read(io.BytesIO(r.content), dtype="float32")[0], r.headers["x-anyvoice-style"]

    neutral, style = speak()
    whisper, used = speak(instructions="Please speak in a whispering voice.")
    assert style == "neutral" and "whispering" in used
    rms = lambda x: float(np.sqrt(np.mean(x ** 2)))  # noqa: E731
    assert rms(whisper) < 0.7 * rms(neutral)
    r = client.post("/v1/audio/speech", json={"input": "Hello.", "voice": "alloy", "instructions": "qwzx"})
    assert r.status_code == 400 and "no style recognised" in _error(r)


@pytest.mark.parametrize("body,status,words", [
    ({"input": "Hi.", "voice": "nobody"}, 400, "unknown voice"),
    ({"input": "Hi.", "model": "tts-9"}, 400, "unknown model"),
    ({"input": "x" * 601}, 400, "limit is 600"),
    ({"input": "!!!"}, 400, "nothing to speak"),
    ({"input": "Hi.", "speed": 9}, 422, "speed"),
    ({"input": "Hi.", "response_format": "au"}, 422, "response_format"),
    ({"input": 5}, 422, "input"),
    ({"voice": "alloy"}, 422, "input"),
    ({"input": "Hi.", "stream_format": "events"}, 422, "stream_format"),
    ({"input": "Hola.", "language": "xx"}, 400, "spoken languages: en (English), es (Spanish)"),
    ({"input": "내일 아침 일곱 시에 출발합니다."}, 400, "reads as Korean, which is not spoken yet"),
    ({"input": "Hola, amigos.", "language": "es", "voice": "piper"}, 400, "speaks English only"),
    ({"input": "Hi.", "voice": "piper:/etc/hostname"}, 400, "names a file"),
])
def test_bad_speech_requests_get_clear_4xx(client, body, status, words):
    r = client.post("/v1/audio/speech", json=body)
    assert r.status_code == status and words in _error(r)


def test_not_json_and_unknown_route(client):
    r = client.post("/v1/audio/speech", data=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and _error(r)
    assert client.get("/v1/nothing").status_code == 404
    r = client.put("/v1/voices")
    assert r.status_code == 405 and set(r.headers["allow"].split(", ")) == {"GET", "POST"}


def test_voice_library_lifecycle(client, saved_voice, female_wav):
    assert saved_voice["name"] == "alpha" and saved_voice["source"] == "recording"
    assert "woman" in saved_voice["description"] and saved_voice["summary"]["pitch_median_hz"] > 150
    vid = saved_voice["id"]
    listed = client.get("/v1/voices").json()["data"]
    assert any(v["id"] == vid for v in listed) and any(v["name"] == "nova" for v in listed)
    assert client.get("/v1/voices/alpha").json()["id"] == vid  # by name, too
    # speak with it by name, as the OpenAI `voice` field
    r = client.post("/v1/audio/speech", json={"input": "A saved voice speaks.", "voice": "alpha",
                                              "response_format": "wav", "model": "dsp"})
    assert r.status_code == 200
    # a second voice of the same name is refused; a built-in name too
    r = client.post("/v1/voices", files={"recording": ("a.wav", female_wav)}, data={"name": "ALPHA"})
    assert r.status_code == 409 and "exists" in _error(r)
    r = client.post("/v1/voices", files={"recording": ("a.wav", female_wav)}, data={"name": "nova"})
    assert r.status_code == 400 and "built-in" in _error(r)
    r = client.post("/v1/voices", files={"recording": ("a.wav", female_wav)}, data={"lexicon": "{Grumbo: x}"})
    assert r.status_code == 400 and "'lexicon' is not JSON" in _error(r)
    # download the file, upload it again under a new name, edit that copy in words, rename it, delete it
    data = client.get(f"/v1/voices/{vid}/file").content
    downloaded = Voice.from_bytes(data)
    assert downloaded.name == "alpha"
    assert round(downloaded.summary()["pitch_median_hz"], 1) == saved_voice["summary"]["pitch_median_hz"]
    copy = client.post("/v1/voices/import", files={"file": ("alpha.voice", data)}, data={"name": "beta"})
    assert copy.status_code == 201 and copy.json()["source"] == "upload"
    edited = client.patch("/v1/voices/beta", json={"edit": "+3 semitones"})
    assert edited.status_code == 200, edited.text
    assert edited.json()["summary"]["pitch_median_hz"] > saved_voice["summary"]["pitch_median_hz"] * 1.1
    assert "edit: +3 semitones" in edited.json()["source"]
    said = client.patch("/v1/voices/beta", json={"lexicon": {"Grumbo": "/ˈdʒʌmboʊ/"}})
    assert said.json()["lexicon"] == {"Grumbo": "/ˈdʒʌmboʊ/"}
    r = client.post("/v1/audio/speech", json={"input": "I met Grumbo today.", "voice": "beta", "model": "dsp",
                                              "response_format": "wav"})
    assert "jumbo" in transcribe(*sf.read(io.BytesIO(r.content), dtype="float32")).lower()  # every request uses it
    r = client.patch("/v1/voices/beta", json={"lexicon": {"Grumbo": "/gr5/"}})
    assert r.status_code == 400 and "not an IPA symbol" in _error(r)
    renamed = client.patch("/v1/voices/beta", json={"name": "gamma"})
    assert renamed.json()["name"] == "gamma" and client.get("/v1/voices/beta").status_code == 404
    assert renamed.json()["summary"]["name"] == "gamma"  # the voice inside is renamed too
    assert Voice.from_bytes(client.get("/v1/voices/gamma/file").content).name == "gamma"
    assert client.delete("/v1/voices/gamma").json()["deleted"] is True
    r = client.get("/v1/voices/gamma")
    assert r.status_code == 404 and "no saved voice" in _error(r)
    r = client.post("/v1/voices/import", files={"file": ("x.voice", b"not a zip")})
    assert r.status_code == 400 and "not an anyvoice voice file" in _error(r)


def test_transcriptions_in_openai_shape(server, client, piper_speech):
    wav = encode_audio(*piper_speech, "wav")
    api = openai.OpenAI(base_url=server.url + "/v1", api_key="unused")
    text = api.audio.transcriptions.create(model="whisper-1", file=("s.wav", wav)).text
    assert "committee" in text.lower() and "thursday" in text.lower()
    srt = client.post("/v1/audio/transcriptions", files={"file": ("s.wav", wav)}, data={"response_format": "srt"})
    assert srt.status_code == 200 and " --> " in srt.text
    verbose = client.post("/v1/audio/transcriptions", files={"file": ("s.wav", wav)},
                          data={"response_format": "verbose_json"}).json()
    assert verbose["segments"] and abs(verbose["duration"] - len(piper_speech[0]) / piper_speech[1]) < 0.01
    r = client.post("/v1/audio/transcriptions", files={"file": ("s.wav", wav)}, data={"language": "xx"})
    assert r.status_code == 400 and "'xx' is not one the recognizer knows" in _error(r)


def test_transcriptions_hear_other_languages(client):
    from anyvoice.synth import create_synthesizer

    text = "Mañana vamos a comprar pan y fruta en el mercado."
    synth = create_synthesizer("pico", "es")
    wav = encode_audio(synth.synthesize(text), synth.sample_rate, "wav")
    found = client.post("/v1/audio/transcriptions", files={"file": ("es.wav", wav)},
                        data={"response_format": "verbose_json"}).json()
    assert found["language"] == "spanish" and wer(text, found["text"], "es") < 0.25
    told = client.post("/v1/audio/transcriptions", files={"file": ("es.wav", wav)}, data={"language": "es"})
    assert told.status_code == 200 and wer(text, told.json()["text"], "es") < 0.25


def test_built_in_voices_are_shown_like_saved_ones(client):
    nova = client.get("/v1/voices/nova")
    assert nova.status_code == 200, nova.text
    assert nova.json()["kind"] == "builtin" and nova.json()["summary"]["pitch_median_hz"] > 150
    alloy = client.get("/v1/voices/Alloy").json()
    assert alloy["kind"] == "builtin" and alloy["base"] == "piper"


def test_voice_designed_from_description_face_and_sliders(client):
    from skimage import data as skdata

    png = io.BytesIO()
    from PIL import Image

    Image.fromarray(skdata.astronaut()).save(png, format="PNG")
    r = client.post("/v1/voices", data={"description": "a calm, slow voice", "attributes": json.dumps(
        {"age": 60})}, files={"face": ("astronaut.png", png.getvalue(), "image/png")})
    assert r.status_code == 201, r.text
    v = r.json()
    assert v["source"] == "design (text, face, attributes)" and v["base"]
    assert any("from attributes" in line and line.startswith("age") for line in v["explanation"])
    assert any("from face" in line for line in v["explanation"])
    for bad, words in [({"attributes": "{\"age\": 400}"}, "out of range"), ({"attributes": "[1"}, "not JSON"),
                       ({"description": "a deep, high-pitched voice"}, "contradict"), ({}, "nothing to make")]:
        r = client.post("/v1/voices", data=bad)
        assert r.status_code == 400 and words in _error(r), (bad, r.text)
    r = client.post("/v1/voices", files={"face": ("noise.png", b"\x89PNG garbage")})
    assert r.status_code == 400 and "not a readable image" in _error(r)


def test_convert_and_describe(client, saved_voice, piper_speech):
    src = encode_audio(*piper_speech, "wav")
    r = client.post("/v1/audio/convert", files={"file": ("src.wav", src)},
                    data={"voice": saved_voice["id"], "model": "dsp", "response_format": "flac", "language": "en-US"})
    assert r.status_code == 200, r.text
    y, sr = sf.read(io.BytesIO(r.content), dtype="float32")
    assert sr == piper_speech[1] and abs(len(y) - len(piper_speech[0])) < sr * 0.05
    described = client.post("/v1/audio/describe", files={"file": ("out.flac", r.content)}).json()
    assert "woman" in described["description"], described  # the male source now sounds like the female voice
    r = client.post("/v1/audio/convert", files={"file": ("src.wav", src)}, data={"voice": "alloy"})
    assert r.status_code == 400 and "base synthesizer" in _error(r) and "conversion" in _error(r)
    r = client.post("/v1/audio/convert", files={"file": ("src.wav", src)},
                    data={"voice": saved_voice["id"], "language": "castellano"})
    assert r.status_code == 400 and "'castellano' is not a language code" in _error(r)


def test_a_telephone_recording_is_described_with_its_band_and_no_fourth_formant(client, kokoro_female):
    phone = encode_audio(resample(kokoro_female["reference"], kokoro_female["sr"], 8000), 8000, "wav")
    r = client.post("/v1/audio/describe", files={"file": ("phone.wav", phone)})
    assert r.status_code == 200, r.text
    summary = r.json()["summary"]
    assert summary["formants_hz"][3] is None and summary["recorded_band_hz"] <= 4000
    assert "woman" in r.json()["description"] and "dark" not in r.json()["description"]


def test_a_voice_from_a_noisy_recording_comes_with_a_warning_unless_cleaned(client, kokoro_female):
    ref, sr = kokoro_female["reference"], kokoro_female["sr"]
    hiss = scale_to_snr(ref, make_noise("white", len(ref), sr, np.random.default_rng(1)), 10.0)
    noisy = encode_audio(ref + hiss, sr, "flac")
    for clean in ("false", "true"):
        r = client.post("/v1/voices", files={"recording": ("hiss.flac", noisy)}, data={"clean": clean})
        assert r.status_code == 201, r.text
        assert any("noisy" in w for w in r.json()["warnings"]) == (clean == "false")
        assert client.delete(f"/v1/voices/{r.json()['id']}").status_code == 200


def test_respeak_says_the_uploaded_words_in_the_voice(client, saved_voice, alsa_files):
    src = open([f for f in alsa_files if "Front_Left" in f][0], "rb").read()  # a real woman's "front left"
    r = client.post("/v1/audio/respeak", files={"file": ("src.wav", src)},
                    data={"voice": saved_voice["id"], "language": "en"})
    assert r.status_code == 200, r.text
    assert wer("front left", r.headers["X-Anyvoice-Text"]) == 0.0
    y, sr = sf.read(io.BytesIO(r.content), dtype="float32")
    assert wer("front left", transcribe(y, sr)) == 0.0
    said = "Завтра мы купим хлеб, 100% свежий."
    r = client.post("/v1/audio/respeak", files={"file": ("src.wav", src)},
                    data={"voice": saved_voice["id"], "text": said, "language": "ru"})
    assert r.status_code == 200 and unquote(r.headers["X-Anyvoice-Text"]) == said  # percent-encoded UTF-8
    r = client.post("/v1/audio/respeak", files={"file": ("src.wav", src)},
                    data={"voice": saved_voice["id"], "language": "ko"})
    assert r.status_code == 400 and "Korean is not spoken yet" in _error(r)


def test_enhance_and_remove_speech(client, piper_speech):
    clean, sr = piper_speech
    noise = scale_to_snr(clean, make_noise("pink", len(clean), sr, np.random.default_rng(0)), 5.0)
    noisy = clean + noise
    r = client.post("/v1/audio/enhance", files={"file": ("noisy.wav", encode_audio(noisy, sr, "wav"))})
    assert r.status_code == 200, r.text
    out, sr2 = sf.read(io.BytesIO(r.content), dtype="float32")
    assert sr2 == sr and si_sdr(out, clean) > si_sdr(noisy, clean) + 3
    r = client.post("/v1/audio/remove-speech", files={"file": ("noisy.wav", encode_audio(noisy, sr, "wav"))})
    background, _ = sf.read(io.BytesIO(r.content), dtype="float32")
    assert si_sdr(background, noise) > si_sdr(noisy, noise) + 3
    stereo = np.stack([noisy, 0.5 * noisy[::-1]], axis=1)  # two different channels come back as two
    for fmt in ("wav", "mp3"):
        r = client.post("/v1/audio/enhance", files={"file": ("stereo.wav", encode_audio(stereo, sr, "wav"))},
                        data={"response_format": fmt})
        assert r.status_code == 200, r.text
        both, _ = sf.read(io.BytesIO(r.content), dtype="float32")
        assert both.ndim == 2 and both.shape[1] == 2
        assert si_sdr(both[: len(clean), 0], clean) > si_sdr(noisy, clean) + 3


def test_extract_the_saved_voice(client, saved_voice, kokoro_female, piper_speech):
    target = resample(kokoro_female["held_out"], kokoro_female["sr"], 16000)
    other = resample(piper_speech[0], piper_speech[1], 16000)
    n = min(len(target), len(other))
    mixture = target[:n] + other[:n]
    r = client.post("/v1/audio/extract", files={"file": ("mix.wav", encode_audio(mixture, 16000, "wav"))},
                    data={"voice": "alpha"})
    assert r.status_code == 200 and r.headers["x-anyvoice-present"] == "true"
    out, _ = sf.read(io.BytesIO(r.content), dtype="float32")
    assert si_sdr(out, target[:n]) > si_sdr(mixture, target[:n]) + 3
    r = client.post("/v1/audio/extract", files={"file": ("piper.wav", encode_audio(other, 16000, "wav"))},
                    data={"voice": "alpha", "strict": "true"})
    assert r.status_code == 422 and "not" in _error(r)


@pytest.mark.slow
def test_speech_edit_route(client, piper_speech):
    r = client.post("/v1/audio/edit", files={"file": ("take.wav", encode_audio(*piper_speech, "wav"))},
                    data={"text": "The committee will publish its final report on Friday afternoon."})
    assert r.status_code == 200, r.text
    assert "thursday" in r.headers["x-anyvoice-heard"].lower() and r.headers["x-anyvoice-edits"] == "1"
    r = client.post("/v1/audio/edit", files={"file": ("take.wav", encode_audio(*piper_speech, "wav"))},
                    data={"text": "The committee will publish its final report.", "language": "klingon"})
    assert r.status_code == 400 and "unsupported language 'klingon'" in _error(r)


@pytest.mark.parametrize("payload,words", [
    (b"RIFF\x00\x00\x00\x00WAVEfmt garbage", "not a readable audio file"),
    (b"", "empty"),
])
def test_bad_uploads_get_clear_4xx(client, payload, words):
    r = client.post("/v1/audio/enhance", files={"file": ("x.wav", payload)})
    assert r.status_code == 400 and words in _error(r)


def test_limits_on_size_and_duration(client):
    r = client.post("/v1/audio/enhance", files={"file": ("big.wav", b"\0" * (3 * 2**20))})
    assert r.status_code == 413 and "limit of 2 MB" in _error(r)
    long = encode_audio(np.zeros(16000 * 40, np.float32) + 0.01, 8000, "flac")  # 80 s of quiet tone, small file
    r = client.post("/v1/audio/enhance", files={"file": ("long.flac", long)})
    assert r.status_code == 400 and "longer than the limit" in _error(r)


def test_server_keeps_answering_after_all_that(client):
    assert client.get("/health").json()["status"] == "ok"


@pytest.mark.slow
def test_busy_server_answers_429_and_library_survives_a_crash(tmp_path, female_wav):
    library, log = tmp_path / "voices.sqlite3", tmp_path / "server.log"
    s = start(library, log, "--workers", "1", "--queue", "0")
    try:
        with Client(s.url) as c:
            made = c.post("/v1/voices", files={"recording": ("me.wav", female_wav)}, data={"name": "keeper"})
            assert made.status_code == 201
            text = " ".join(["A long sentence that keeps the only worker busy for a while."] * 2)
            with cf.ThreadPoolExecutor(4) as pool:
                codes = list(pool.map(lambda _: c.post("/v1/audio/speech", json={
                    "input": text, "voice": "keeper", "response_format": "wav"}).status_code, range(4)))
            assert codes.count(200) >= 1 and codes.count(429) >= 1 and set(codes) <= {200, 429}, codes
            assert c.get("/health").json()["admitted"] == 0  # every place given back
    finally:
        stop(s, kill=True)  # as a crash would
    s = start(library, log)
    try:
        got = Client(s.url).get("/v1/voices/keeper")
        assert got.status_code == 200 and got.json()["id"] == made.json()["id"]
    finally:
        stop(s)


@pytest.mark.slow
def test_work_over_the_time_limit_is_a_503_and_the_server_goes_on(tmp_path):
    long_speech = encode_audio(np.tile(np.sin(np.arange(16000) / 3.0).astype(np.float32) * 0.2, 25), 16000, "wav")
    with running_server(tmp_path / "voices.sqlite3", tmp_path / "server.log", "--timeout", "0.05") as s:
        c = Client(s.url)
        r = c.post("/v1/audio/describe", files={"file": ("long.wav", long_speech)})  # 25 s to analyse
        assert r.status_code == 503 and "limit of 0.05 s" in _error(r) and r.headers["retry-after"]
        assert c.get("/health").json()["status"] == "ok"


def test_ssml_input_speaks_its_breaks_and_bad_markup_is_a_400(client):
    plain = client.post("/v1/audio/speech", json={"input": "<speak>One.<break time='100ms'/>Two.</speak>",
                                                  "voice": "alloy", "response_format": "wav", "input_format": "ssml"})
    paused = client.post("/v1/audio/speech", json={"input": "<speak>One.<break time='1500ms'/>Two.</speak>",
                                                   "voice": "alloy", "response_format": "wav", "input_format": "ssml"})
    assert plain.status_code == paused.status_code == 200, plain.text
    a, sr = sf.read(io.BytesIO(plain.content), dtype="float32")
    b, _ = sf.read(io.BytesIO(paused.content), dtype="float32")
    assert abs((len(b) - len(a)) / sr - 1.4) < 0.1
    # a base named in <voice> speaks in its own voice (Kokoro's woman), not the request's (Piper's man)
    mixed = client.post("/v1/audio/speech", json={
        "input": "<speak>The kettle is on.<break time='1s'/><voice name='kokoro:jf_alpha'>The kettle is on."
                 "</voice></speak>", "voice": "alloy", "response_format": "wav", "input_format": "ssml"})
    wav, sr = sf.read(io.BytesIO(mixed.content), dtype="float32")
    pitch = [measure_attributes(half, sr).f0_median_hz for half in (wav[:len(wav) // 2], wav[len(wav) // 2:])]
    assert pitch[1] > 1.4 * pitch[0]
    bad = client.post("/v1/audio/speech", json={"input": "<speak>One.<break time='1s'></speak>", "voice": "alloy",
                                                "input_format": "ssml"})
    assert bad.status_code == 400 and "line 1, column" in bad.json()["error"]["message"]


@pytest.mark.slow
def test_captioned_speech_gives_the_audio_and_each_word_s_time(client):
    import base64

    text = "The kettle is on. Dinner is at seven."
    r = client.post("/v1/audio/captioned_speech", json={"input": text, "voice": "alloy", "response_format": "wav"})
    assert r.status_code == 200, r.text
    body = r.json()
    wav, sr = sf.read(io.BytesIO(base64.b64decode(body["audio"])), dtype="float32")
    assert sr == body["sample_rate"] and len(wav) / sr > 1.5
    words = body["timestamps"]
    assert [w["word"] for w in words] == text.split()
    starts = [w["start_time"] for w in words]
    assert starts == sorted(starts) and words[-1]["end_time"] <= len(wav) / sr + 0.05
    assert words[4]["start_time"] > words[3]["end_time"]  # the pause between the sentences
    # the same words, streamed as server-sent events beside the audio
    r = client.post("/v1/audio/speech", json={"input": text, "voice": "alloy", "response_format": "wav",
                                              "stream_format": "sse"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    events = [json.loads(line[len("data: "):]) for line in r.text.split("\n\n") if line.startswith("data: ")]
    kinds = [e["type"] for e in events]
    assert kinds[-1] == "speech.audio.done" and kinds.count("speech.words") == 2  # one per sentence
    assert kinds.index("speech.words") > kinds.index("speech.audio.delta")  # a sentence's words follow its audio
    audio = b"".join(base64.b64decode(e["audio"]) for e in events if e["type"] == "speech.audio.delta")
    streamed, sr = sf.read(io.BytesIO(audio), dtype="float32")
    assert abs(len(streamed) / sr - len(wav) / body["sample_rate"]) < 0.05
    timed = [w for e in events if e["type"] == "speech.words" for w in e["words"]]
    assert [(w["word"], w["start_time"]) for w in timed] == [(w["word"], w["start_time"]) for w in words]
    assert events[-1]["usage"]["input_tokens"] == len(text.split())
