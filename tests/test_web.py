"""The web page in headless Chromium (Debian's), driven by Playwright: design a voice, hear it, compare two."""
from __future__ import annotations

import shutil

import pytest

from anyvoice.evaluation.server_process import running_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow,  # a headless browser driving the web page
              pytest.mark.skipif(CHROMIUM is None, reason="Debian package chromium not installed "
                                 "(scripts/install.sh installs it)")]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    d = tmp_path_factory.mktemp("web")
    with running_server(d / "voices.sqlite3", d / "server.log", "--workers", "2") as server, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--mute-audio"])
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
    assert page.locator("#voice-list li[data-id]").count() == 1
    assert page.eval_on_selector("#space-map", "c => c.dataset.voices") == "1"
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
    assert errors == []


def test_bad_description_shows_the_servers_message(page):
    page, _ = page
    page.fill("#description", "a deep, high-pitched voice")
    page.click("#create")
    page.wait_for_selector("#status.error", timeout=60_000)
    assert "contradict" in page.inner_text("#status")
