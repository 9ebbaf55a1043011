"""Piper VITS (bundled voice: joe, US English male; a user's own Piper voice of any language from its file)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from anyvoice.errors import InputError
from anyvoice.models import load
from anyvoice.synth.base import SYNTHESIZERS, BaseSynthesizer
from anyvoice.text.languages import LANGUAGES, language_key, language_name
from anyvoice.text.phonemes import Phonemes, split_phonemes
from anyvoice.text.verbalize_languages import say_forms

#: speeds at which Piper's response is measured (once per voice), and the sentence it is measured on
_CALIBRATION_SPEEDS = (0.25, 0.4, 0.55, 0.7, 0.85, 1.0, 1.2, 1.5, 2.0, 3.0)
_CALIBRATION_TEXT = "The quick brown fox jumps over the lazy dog, and then it runs back home again."


@SYNTHESIZERS.register("piper", "Piper VITS, bundled US English male voice 'joe' (22.05 kHz, very fast); "
                                "piper:<voice.onnx> a Piper voice of your own, in its language")
class PiperSynthesizer(BaseSynthesizer):
    """Piper VITS; `model_path` selects a user's own Piper voice (.onnx with its .onnx.json beside it), which reads
    the language its file names (espeak-ng's voice in the .onnx.json); `language` (a code of text/languages.py) must
    be that language. Outside English the language's written forms are said as words first (say_forms).

    `variation` scales VITS's sampling noise (1 = Piper's own defaults). The default 0 makes synthesis
    deterministic, so the same text always gives the same audio; it measured no worse (DNSMOS 3.28 against
    3.25, WER 0 for both on the clone bench's sentences) while Piper's defaults moved the median pitch of one
    sentence between 126 and 178 Hz from run to run.
    """

    def __init__(self, model_path: str | None = None, variation: float = 0.0, language: str = "en"):
        self.voice = load("piper-joe", model_path)
        reads = self.voice.config.espeak_voice
        if language_key(reads) != language_key(LANGUAGES[language].espeak):
            said = next((lang.name for lang in LANGUAGES.values()
                         if language_key(lang.espeak) == language_key(reads)), reads)
            which = f"'{Path(model_path).name}'" if model_path else "'joe' (bundled)"
            raise InputError(f"the Piper voice {which} speaks {said} only; for {language_name(language)} give a "
                             f"kokoro base (e.g. kokoro:jm_kumo), none, or a Piper voice of that language: "
                             f"piper:/path/to/voice.onnx")
        self.variation = variation
        self.language = language
        self.sample_rate = int(self.voice.config.sample_rate)
        self.name = f"piper:{model_path}" if model_path else "piper"

    @classmethod
    def installed(cls, variant: str = "") -> bool:
        """Whether the voice file `variant` is here (the bundled voice: always)."""
        return not variant or Path(variant).is_file()

    def synthesize(self, sentence: str, speed: float = 1.0) -> np.ndarray:
        """Piper's length scale moves its durations only in part, and by how much depends on the sentence: at a
        speed other than 1 the sentence is also spoken at 1 (to know its length), and what Piper left of the
        change is made by PSOLA, so the speech lasts 1/`speed` as long."""
        wav = self._speak(sentence, speed)
        if speed == 1.0 or not wav.size:
            return wav
        wanted = len(self._speak(sentence, 1.0)) / speed
        return self._retimed(wav, wanted / len(wav))

    def _speak(self, sentence: str, speed: float) -> np.ndarray:
        from piper import SynthesisConfig

        cfg = SynthesisConfig(length_scale=1.0 / speed, noise_scale=0.667 * self.variation,
                              noise_w_scale=0.8 * self.variation)
        # Piper reads IPA given between double brackets as is, and the rest through espeak-ng
        text = "".join(f" [[ {p.ipa} ]] " if isinstance(p, Phonemes) else self._words(p)
                       for p in split_phonemes(sentence))
        chunks = [c.audio_float_array for c in self.voice.synthesize(text, syn_config=cfg)]
        return np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)

    def _words(self, text: str) -> str:
        """English arrives said by the English front end; another language's forms are said here."""
        return text if self.language == "en" else say_forms(text, self.language)
