"""Speech editing in other languages, on real people's recordings: one word of each recording replaced.

    .venv/bin/python bench/edit_languages_bench.py --corpus CORPUS [--languages es,fr,it,ru]
        [--out out/bench-edit-languages]

CORPUS is a folder made by `anyvoice corpus build`. Each edit of EDITS below goes to the first recording of its
language (3-9 s, with its package's text) whose text holds the word to replace: the word is replaced by another
that the sentence could say (the edit is told the real transcript, so only that word changes). Whisper base, told
the language, hears the output: whether the new word is heard, and the WER of the output against the new text
beside the WER of the recording against its own text (what the listener loses on this speaker anyway). The new
word's GE2E similarity to the rest of the output (over at least 0.6 s about it) is set beside the same measure on
the recording's own word at that place. RTF is the edit's time over the recording's length.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from anyvoice.audio.io import load_audio, save_audio
from anyvoice.corpus.manifest import read_manifest
from anyvoice.evaluation.metrics import wer
from anyvoice.evaluation.tables import markdown_table
from anyvoice.inputs.asr import transcribe_language
from anyvoice.inputs.speech import speaker_embedding
from anyvoice.tasks.speech_edit import speech_edit
from anyvoice.text.words import normalize_words

#: (word replaced, new word) per language: words the telephone prompts and the Russian reading could say instead
EDITS = {"es": [("autenticado.", "registrado."), ("agente", "cliente"), ("extension", "contraseña"),
                ("nueva", "antigua"), ("canal", "grupo"), ("expulsado", "invitado"), ("vacias.", "abiertas."),
                ("extendida.", "cancelada.")],
         "fr": [("d'agent", "de client"), ("nouveau", "premier"), ("ligne.", "pause."), ("mot", "code"),
                ("canal", "groupe"), ("complété", "transféré"), ("seul", "premier"), ("valide.", "disponible.")],
         "it": [("nuovo", "vecchio"), ("interno", "numero"), ("errato.", "sbagliato."), ("password", "chiave"),
                ("canale", "gruppo"), ("valido.", "disponibile."), ("glorioso", "nuovo"), ("volume", "livello")],
         "ru": [("безумном", "большом"), ("улицу.", "дорогу."), ("мужеством,", "терпением,"),
                ("оператора", "телефона"), ("Петербурга,", "Москвы,"), ("трава,", "еда,"), ("медные", "свои"),
                ("машиной,", "ракетой,")]}


def _edited(entries: list, code: str, old: str, new: str) -> tuple | None:
    """The first recording of `code` (3-9 s, with its text) whose text has the word `old`, and that text with the
    word replaced by `new`; None when no recording has it."""
    for entry in entries:
        if entry.language == code and entry.transcript and 3.0 <= entry.duration <= 9.0:
            words = entry.transcript.split()
            if old in words:
                words[words.index(old)] = new
                return entry, " ".join(words)
    return None


def _similarity(wav: np.ndarray, sr: int, start: float, end: float, least_s: float = 0.6) -> float:
    """GE2E similarity of [start, end) seconds of `wav` (widened about its middle to `least_s`, enough speech to
    measure) to the rest of it."""
    middle, half = (start + end) / 2, max(end - start, least_s) / 2
    start, end = max(0.0, middle - half), middle + half
    inside = np.zeros(len(wav), bool)
    inside[int(start * sr):int(end * sr)] = True
    return float(speaker_embedding(wav[inside], sr) @ speaker_embedding(wav[~inside], sr))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", required=True)
    p.add_argument("--languages", default="es,fr,it,ru")
    p.add_argument("--out", default="out/bench-edit-languages")
    args = p.parse_args()
    corpus, out = Path(args.corpus), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    entries = read_manifest(corpus / "manifest.jsonl")
    rows = []
    for code in args.languages.split(","):
        scores = []
        for k, (old, new) in enumerate(EDITS[code]):
            found = _edited(entries, code, old, new)
            if found is None:
                print(f"{code}: no recording says {old!r}; left out", flush=True)
                continue
            entry, new_text = found
            wav, sr = load_audio(corpus / entry.path)
            t0 = time.time()
            result = speech_edit(wav, sr, new_text, transcript=entry.transcript, language=code)
            seconds = time.time() - t0
            save_audio(out / f"{code}-{k}.wav", result.audio, sr)
            heard = transcribe_language(result.audio, sr, code)[0]
            heard_source = transcribe_language(wav, sr, code)[0]
            said = normalize_words(new, code)
            edit = next((e for e in result.edits if said[-1] in normalize_words(e.new, code)), None)
            if edit is None:
                print(f"{code} {entry.speaker}: no edit planned for {old!r}; left out", flush=True)
                continue
            got = normalize_words(heard, code)
            scores.append((all(w in got for w in said), wer(new_text, heard, code),
                           wer(entry.transcript, heard_source, code),
                           _similarity(result.audio, sr, edit.new_start, edit.new_end),
                           _similarity(wav, sr, edit.start, edit.end), seconds / (len(wav) / sr)))
            print(f"{code} {entry.speaker}: {old!r} -> {new!r}: heard {heard!r}", flush=True)
        if scores:
            s = np.array(scores, dtype=float)
            rows.append([code, len(s), f"{int(s[:, 0].sum())}/{len(s)}", f"{100 * s[:, 1].mean():.1f}",
                         f"{100 * s[:, 2].mean():.1f}", f"{s[:, 3].mean():.3f}", f"{s[:, 4].mean():.3f}",
                         f"{s[:, 5].mean():.2f}"])
    print()
    print(markdown_table(["language", "edits", "new word heard", "WER, output vs new text %",
                          "WER, recording vs its text %", "similarity, new word to the rest",
                          "same, the recording's own word", "RTF"], rows))


if __name__ == "__main__":
    main()
