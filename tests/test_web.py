"""The web page in headless Chromium (Debian's), driven by Playwright: design a voice (also from the microphone),
hear it, compare two, and work on recordings. The microphone is Chromium's fake one, playing real speech."""
from __future__ import annotations

import base64
import glob
import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from anyvoice.audio.io import load_audio
from anyvoice.audio.signal import join_with_pauses, resample
from anyvoice.evaluation.server_process import running_server
from anyvoice.voice import Voice

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow,  # a headless browser driving the web page
              pytest.mark.skipif(CHROMIUM is None, reason="Debian package chromium not installed "
                                 "(scripts/install.sh installs it)")]


def _alsa_speech() -> tuple[np.ndarray, int]:
    """Real speech (Debian's alsa-utils: a woman reading channel names), about 6 s with pauses."""
    files = sorted(f for f in glob.glob("/usr/share/sounds/alsa/*.wav") if "Noise" not in f)[:4]
    if not files:
        pytest.skip("Debian package alsa-utils not installed (scripts/install.sh installs it)")
    clips = [sf.read(f, dtype="float32")[0] for f in files]
    return join_with_pauses(clips, 48000, 0.3), 48000


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    d = tmp_path_factory.mktemp("web")
    wav, sr = _alsa_speech()
    sf.write(d / "microphone.wav", wav, sr, subtype="PCM_16")
    microphone = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                  f"--use-file-for-fake-audio-capture={d / 'microphone.wav'}"]
    with running_server(d / "voices.sqlite3", d / "server.log", "--workers", "2") as server, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--mute-audio", *microphone])
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server.url + "/")
        page.wait_for_selector("body[data-ready=true]", timeout=60_000)
        yield page, errors
        browser.close()


def test_design_a_voice_and_play_it(page):
    page, errors = page
    page.fill("#description", "a deep voice of an older man")
    page.click("#sliders-box summary")
    page.locator('#sliders input[name="pace"]').fill("1.3")  # a moved slider is sent with the words
    page.fill("#voice-name", "elder")
    page.click("#create")
    page.wait_for_selector("#made:not([hidden])", timeout=120_000)
    made = page.inner_text("#made")
    assert "elder" in made and "man" in made and "pace = 1.3 from attributes" in made
    # the list and the map are refreshed from the server after the voice is shown: wait for that, not for a guess
    page.wait_for_function("document.querySelectorAll('#voice-list li[data-id]').length > 0", timeout=30_000)
    page.wait_for_function("document.querySelector('#space-map').dataset.voices === '1'", timeout=30_000)
    assert page.locator("#voice-list li[data-id]").count() == 1
    assert page.eval_on_selector("#voice-a", "s => s.options[s.selectedIndex].text").startswith("elder")
    page.fill("#text", "Good evening. The *night* is young.")
    page.click("#speak-a")
    page.wait_for_selector("#player-a[data-state=playing]", timeout=120_000)
    duration = page.eval_on_selector("#player-a audio", "a => a.duration")
    assert duration > 1.0
    page.wait_for_selector("#player-a canvas[data-drawn=true]", timeout=30_000)
    assert page.get_attribute("#player-a .download", "href").startswith("blob:")
    assert page.get_attribute("#voice-list li[data-id] a.file", "href").endswith("/file")
    assert errors == [] and page.inner_text("#status") == ""


def test_compare_two_voices(page):
    page, errors = page
    page.select_option("#voice-b", "alloy")
    page.select_option("#engine", "dsp")  # the engines come from /v1/models
    page.fill("#text", "Two voices, one sentence.")
    page.click("#compare")
    page.wait_for_selector("#player-b:not([hidden]) canvas[data-drawn=true]", timeout=120_000)
    page.wait_for_selector("#player-a[data-state=playing]", timeout=60_000)
    assert "alloy" in page.inner_text("#player-b figcaption") and "dsp" in page.inner_text("#player-b figcaption")
    assert "English" in page.inner_text("#player-b figcaption")  # detected from the text
    assert errors == []


def test_speak_another_language_chosen_from_the_list(page):
    page, errors = page
    page.select_option("#engine", "cfm-filter")  # reads words in English: the answer says so
    page.select_option("#language", "es")  # the languages come from /v1/languages
    page.fill("#text", "Mañana vamos al mercado.")
    page.click("#speak-a")
    page.wait_for_selector("#player-a figcaption:has-text('Spanish')", timeout=120_000)
    assert "English model" in page.inner_text("#player-a figcaption")
    page.select_option("#language", "")
    page.select_option("#engine", "tts-1")
    assert errors == []


def test_bad_description_shows_the_servers_message(page):
    page, _ = page
    page.fill("#description", "a deep, high-pitched voice")
    page.click("#create")
    page.wait_for_selector("#status.error", timeout=60_000)
    assert "contradict" in page.inner_text("#status")


def _audio_of(page, selector: str) -> tuple[np.ndarray, int]:
    """The audio a player on the page holds, decoded here."""
    data = page.eval_on_selector(selector, """async a => {
        const bytes = new Uint8Array(await (await fetch(a.src)).arrayBuffer());
        let text = "";
        for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(text);
    }""")
    return load_audio(base64.b64decode(data))


def _record(page, recorder: str, seconds: float) -> None:
    page.click(f"{recorder} button.record")
    page.wait_for_selector(f"{recorder}[data-state=recording]", timeout=10_000)
    page.wait_for_timeout(seconds * 1000)
    page.click(f"{recorder} button.record")
    page.wait_for_selector(f"{recorder}[data-state=recorded]", timeout=10_000)


def test_record_a_reference_hear_it_back_and_make_a_voice(page):
    page, errors = page
    _record(page, "#reference-recorder", 3.0)
    wav, sr = _audio_of(page, "#reference-recorder audio")  # the take can be heard before it is used
    assert 2.5 < len(wav) / sr < 4.5 and np.abs(wav).max() > 0.05
    page.fill("#description", "")
    page.fill("#voice-name", "from-the-mic")
    page.click("#create")
    page.wait_for_selector("#voice-list li[data-id] >> text=from-the-mic", timeout=120_000)
    assert "recording" in page.inner_text("#voice-list")
    assert errors == [] and page.inner_text("#status") == ""


def test_convert_a_recorded_clip_into_a_male_voice(page):
    page, errors = page
    _record(page, "#work-recorder", 4.0)
    page.wait_for_selector("#before:not([hidden]) canvas[data-drawn=true]", timeout=30_000)
    page.select_option("#task", "convert")
    page.select_option("#task-voice", "onyx")
    page.select_option("#task-language", "auto")  # the recording's language, heard in it
    page.click("#run-task")
    page.wait_for_selector("#after:not([hidden]) canvas[data-drawn=true]", timeout=120_000)
    before, sr_b = _audio_of(page, "#before audio")
    after, sr_a = _audio_of(page, "#after audio")
    assert abs(len(after) / sr_a - len(before) / sr_b) < 0.1  # conversion keeps the timing
    pitch = [Voice.from_audio(w, sr).attributes.f0_median_hz for w, sr in ((before, sr_b), (after, sr_a))]
    assert pitch[1] < 0.75 * pitch[0]  # a woman's speech, now at a man's pitch
    assert "onyx (heard in it)" in page.inner_text("#after figcaption")
    assert errors == []


def test_suppress_noise_in_an_uploaded_file(page, tmp_path):
    page, errors = page
    wav, sr = _alsa_speech()
    wav = resample(wav, sr, 16000)
    rng = np.random.default_rng(0)
    lead = np.zeros(16000, np.float32)  # a second of noise alone before the speech, to measure its level
    noisy = np.concatenate([lead, wav]) + 0.03 * rng.standard_normal(len(lead) + len(wav)).astype(np.float32)
    sf.write(tmp_path / "noisy.wav", noisy, 16000)
    page.set_input_files("#work-file", str(tmp_path / "noisy.wav"))
    page.select_option("#task", "enhance")
    assert page.is_hidden("#task-voice") and page.is_hidden("#task-language") and page.is_visible("#attenuation")
    page.click("#run-task")
    page.wait_for_selector("#after:not([hidden]) canvas[data-drawn=true]", timeout=120_000)
    after, sr_a = _audio_of(page, "#after audio")
    before_db = 20 * np.log10(np.std(noisy[2000:14000]))
    after_db = 20 * np.log10(np.std(after[int(0.125 * sr_a):int(0.875 * sr_a)]) + 1e-9)
    assert after_db < before_db - 15
    assert errors == []


def _upload_speech(page, tmp_path: Path) -> None:
    """Give the work card the alsa-utils woman reading channel names, as an uploaded file."""
    wav, sr = _alsa_speech()
    sf.write(tmp_path / "channels.wav", wav, sr)
    page.set_input_files("#work-file", str(tmp_path / "channels.wav"))


def test_edit_starts_from_what_was_heard_describe_names_the_speaker_and_transcribe_its_language(page, tmp_path):
    page, errors = page
    _upload_speech(page, tmp_path)
    page.select_option("#task", "edit")
    page.wait_for_function("document.querySelector('#edit-text').value.length > 0", timeout=60_000)
    heard = page.input_value("#edit-text")
    assert "front" in heard.lower()
    page.fill("#edit-text", heard.lower().replace("front", "back", 1))
    page.click("#run-task")
    page.wait_for_selector("#after:not([hidden]) canvas[data-drawn=true]", timeout=180_000)
    assert "1 change" in page.inner_text("#task-result")
    page.select_option("#task", "describe")
    page.click("#run-task")
    page.wait_for_function("document.querySelector('#task-result').innerText.includes('woman')", timeout=60_000)
    page.select_option("#task", "transcribe")
    page.click("#run-task")
    page.wait_for_function("document.querySelector('#task-result').innerText.includes('Heard in')", timeout=60_000)
    assert "Heard in english:" in page.inner_text("#task-result") and "front" in page.inner_text("#task-result").lower()
    assert errors == []


def test_respeak_an_uploaded_file_in_another_voice_and_see_what_was_said(page, tmp_path):
    page, errors = page
    _upload_speech(page, tmp_path)
    page.select_option("#task", "respeak")
    page.select_option("#task-voice", "onyx")
    page.click("#run-task")
    page.wait_for_selector("#after:not([hidden]) canvas[data-drawn=true]", timeout=180_000)
    assert "front" in page.inner_text("#task-result").lower() and "Said:" in page.inner_text("#task-result")
    after, sr_a = _audio_of(page, "#after audio")
    assert Voice.from_audio(after, sr_a).attributes.f0_median_hz < 150  # a woman's words, said by a man
    assert "Respoken" in page.inner_text("#after figcaption") and errors == []


def test_a_saved_voice_keeps_a_lexicon_and_ssml_can_be_spoken(page):
    page, errors = page
    item = "#voice-list li[data-id]:has-text('elder')"
    page.click(f"{item} button.words")
    page.wait_for_selector(f"{item} .lexicon textarea", timeout=30_000)
    page.fill(f"{item} .lexicon textarea", "Grumbo = /ˈdʒʌmboʊ/")
    page.click(f"{item} .lexicon button.save")
    page.wait_for_selector(f"{item} .lexicon[data-saved='1']", timeout=30_000)
    page.click(f"{item} button.words")  # opened again: read back from the server
    page.wait_for_selector(f"{item} .lexicon textarea", timeout=30_000)
    assert page.input_value(f"{item} .lexicon textarea") == "Grumbo = /ˈdʒʌmboʊ/"
    page.fill(f"{item} .lexicon textarea", "Grumbo")
    page.click(f"{item} .lexicon button.save")
    page.wait_for_selector("#status.error", timeout=30_000)
    assert "word = how to say it" in page.inner_text("#status")
    page.check("#ssml")
    page.select_option("#voice-a", "alloy")
    page.select_option("#engine", "tts-1")
    page.fill("#text", "<speak>One.<break time='2s'/>Two.</speak>")
    page.click("#speak-a")
    page.wait_for_function("document.querySelector('#status').textContent === ''", timeout=60_000)
    wav, sr = _audio_of(page, "#player-a audio")
    assert len(wav) / sr > 2.5  # the break is there
    page.fill("#text", "<speak>One.<break time='2s'></speak>")
    page.click("#speak-a")
    page.wait_for_selector("#status.error", timeout=60_000)
    assert "line 1, column" in page.inner_text("#status")
    page.uncheck("#ssml")
    assert errors == []
