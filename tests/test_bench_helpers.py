import numpy as np
import pytest

from anyvoice.evaluation.clone_bench import JobResult, markdown_table, summarize
from anyvoice.evaluation.style_bench import spectral_tilt_db


def test_spectral_tilt_orders_bright_and_dark_noise():
    rng = np.random.default_rng(0)
    sr = 16000
    white = rng.normal(0, 0.1, sr).astype(np.float32)
    dark = np.convolve(white, np.ones(8) / 8, mode="same")  # moving average: a low-pass
    assert spectral_tilt_db(white, sr) > spectral_tilt_db(dark, sr) + 10
    assert abs(spectral_tilt_db(white, sr) - 10 * np.log10(4000 / 900)) < 1.0  # flat: ratio of band widths


def test_clone_summary_gains_are_against_each_jobs_own_baseline():
    rows = [JobResult(0, "tts", "raw base TTS", "a", False, 0.4, 0.0, 3.0, 0.1, 1),
            JobResult(0, "tts", "dsp", "a", False, 0.6, 0.1, 3.1, 0.2, 5),
            JobResult(1, "vc", "source unchanged", "b", True, 0.5, 0.0, 3.0, 0.0, 1),
            JobResult(1, "vc", "dsp", "b", True, 0.6, 0.0, 2.9, 0.3, 7)]
    summary = {r["system"]: r for r in summarize(rows)}
    assert np.isclose(summary["dsp"]["gain"], (0.2 + 0.1) / 2)
    assert np.isclose(summary["dsp"]["human_similarity"], 0.6) and summary["dsp"]["peak_mb"] == 7
    assert "| dsp | 2 | 0.600 | +0.150 |" in markdown_table(list(summary.values()))


def test_a_benchmark_rewrites_only_its_own_section_of_the_document(tmp_path):
    from anyvoice.errors import InputError
    from anyvoice.evaluation.tables import write_doc_section

    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\ncurated text\n\n<!-- clone_bench: begin -->\nold run\n<!-- clone_bench: end -->\n"
                   "\nmore curated text\n")
    write_doc_section(doc, "clone_bench", "| a | b |\n|---|---|\n| 1 | 2 |\n")
    write_doc_section(doc, "clone_bench", "| a | b |\n|---|---|\n| 3 | 4 |\n")  # a second run replaces the first
    text = doc.read_text()
    assert "old run" not in text and "| 1 | 2 |" not in text and "| 3 | 4 |" in text
    assert text.startswith("# Benchmarks\n\ncurated text\n") and text.endswith("\nmore curated text\n")
    with pytest.raises(InputError, match="no section"):
        write_doc_section(doc, "real_voices", "x")


def test_a_repeated_speed_measurement_reports_medians_and_the_largest_peak(tmp_path):
    from anyvoice.evaluation.speed import repeated
    from anyvoice.interfaces.cli import main

    calls = iter([(2.0, 0.5, 100.0, 0.2), (2.0, 0.1, 300.0, 0.4), (2.0, 0.3, 200.0, 0.3)])
    assert repeated(lambda: next(calls), 3) == (2.0, 0.3, 300.0, 0.3)
    assert main(["bench", "speed", "--repeats", "0", "--out", str(tmp_path)]) != 0  # before any work


def test_a_first_run_measures_the_same_cached_audio_as_the_runs_after_it(tmp_path):
    from anyvoice.evaluation.evalset import SR, cached_audio

    made = np.random.default_rng(0).uniform(-0.5, 0.5, SR).astype(np.float32)  # not on the 16-bit grid
    first = cached_audio(tmp_path, "clip", lambda: made)
    again = cached_audio(tmp_path, "clip", lambda: pytest.fail("the kept file should be read, not made again"))
    np.testing.assert_array_equal(first, again)
    assert np.abs(first - made).max() < 1e-4  # the same audio, rounded to 16 bits
