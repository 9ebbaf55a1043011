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


def test_clone_summary_without_a_baseline_run_has_no_gain_but_still_its_means():
    rows = [JobResult(0, "tts", "select", "a", False, 0.6, 0.1, 3.1, 0.2, 5, 0.9),
            JobResult(0, "tts", "cfm", "a", False, 0.7, 0.0, 3.2, 0.4, 6, 0.9)]
    summary = {r["system"]: r for r in summarize(rows)}
    assert np.isnan(summary["cfm"]["gain"]) and np.isnan(summary["cfm"]["gap_closed"])
    assert np.isclose(summary["cfm"]["similarity"], 0.7)
    assert "| cfm | 1 | 0.700 | - |" in markdown_table(list(summary.values()))


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


def test_a_bootstrap_interval_holds_the_mean_and_narrows_with_more_sentences():
    from anyvoice.evaluation.intervals import bootstrap_interval

    rng = np.random.default_rng(1)
    few, many = rng.uniform(0, 0.3, 8), rng.uniform(0, 0.3, 800)
    small, large = bootstrap_interval(few), bootstrap_interval(many)
    assert small.low < small.mean < small.high and large.low < large.mean < large.high
    assert large.high - large.low < (small.high - small.low) / 4
    assert bootstrap_interval(few) == small  # the same seed draws the same resamples
    flat = bootstrap_interval([0.1] * 5)  # no spread, no range
    assert flat.low == pytest.approx(0.1) and flat.high == pytest.approx(0.1)


def test_a_sentence_spoken_into_two_voices_is_resampled_as_one_unit():
    from anyvoice.evaluation.intervals import bootstrap_interval

    per_sentence = np.random.default_rng(2).uniform(0, 0.3, 8)
    twice = np.repeat(per_sentence, 2)  # each sentence's error in two voices, the same here
    counted_twice = bootstrap_interval(twice)
    clustered = bootstrap_interval(twice, clusters=np.repeat(np.arange(8), 2))
    assert clustered == bootstrap_interval(per_sentence)
    assert counted_twice.high - counted_twice.low < clustered.high - clustered.low  # too sure without clusters


def test_a_bootstrap_interval_refuses_what_it_cannot_resample():
    from anyvoice.evaluation.intervals import Interval, bootstrap_interval

    with pytest.raises(ValueError, match="non-empty"):
        bootstrap_interval([])
    with pytest.raises(ValueError, match="one label per value"):
        bootstrap_interval([0.1, 0.2], clusters=[0])
    with pytest.raises(ValueError, match="between 0 and 1"):
        bootstrap_interval([0.1, 0.2], level=95)
    assert Interval(0.048, -0.02, 0.115, 0.95).percent(sign=True) == "+4.8 (-2.0 to +11.5)"


def test_engines_are_set_against_select_job_by_job():
    from anyvoice.evaluation.clone_bench import paired_table

    rows = [JobResult(j, "tts", system, f"t{j % 2}", True, sim, err, 3.0, 0.1, 1)
            for j in range(4) for system, sim, err in (("raw base TTS", 0.4, 0.0), ("select", 0.6 + 0.01 * j, 0.02),
                                                       ("cfm", 0.62 + 0.01 * j, 0.03))]
    table = paired_table(rows)
    assert "| cfm - select | 4 | +0.020 (+0.020 to +0.020) | +1.0 (+1.0 to +1.0) |" in table
    assert "raw base TTS" not in table and paired_table(rows, against="dsp") == ""


def test_every_spoken_language_has_as_many_evaluation_sentences_as_english_written_in_it():
    from anyvoice.evaluation.evalset import LANGUAGE_TEXTS
    from anyvoice.text.languages import LANGUAGES, text_language

    # the gap to English compares a voice saying the same things, one sentence per index in each language
    assert set(LANGUAGE_TEXTS) == set(LANGUAGES)
    for code, texts in LANGUAGE_TEXTS.items():
        assert len(texts) == len(LANGUAGE_TEXTS["en"])
        assert text_language(" ".join(texts)).code == code
