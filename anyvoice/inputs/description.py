"""Text description encoder: the words a description uses (explicit cues) and its sentence embedding."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from anyvoice.errors import InputError
from anyvoice.inputs.vocabulary import WordCue, contradictions, parse_accent, parse_words
from anyvoice.models import load

MAX_DESCRIPTION_CHARS = 1000


@dataclass
class DescriptionFeatures:
    """What a description says: its cues (word -> attribute) and its 384-d sentence embedding."""

    text: str
    cues: list[WordCue]
    embedding: np.ndarray
    accent: tuple[str, str] | None = None  # (espeak accent, the word that asked for it)


def embed_texts(texts: list[str]) -> np.ndarray:
    """Unit-norm 384-d sentence embeddings (all-MiniLM-L6-v2)."""
    model = load("minilm")
    return np.asarray(model.encode(list(texts), normalize_embeddings=True, batch_size=64), np.float32)


def encode_description(text: str) -> DescriptionFeatures:
    """Read a voice description. Raises InputError when it has no voice words or contradicts itself."""
    text = (text or "").strip()
    if not text:
        raise InputError("the voice description is empty; describe a voice, e.g. 'a calm, deep voice of an "
                         "older man'")
    if len(text) > MAX_DESCRIPTION_CHARS:
        raise InputError(f"the description has {len(text)} characters; keep it under {MAX_DESCRIPTION_CHARS}")
    cues = parse_words(text)
    accent = parse_accent(text)
    if not cues and accent is None:
        raise InputError(f"no words about a voice in {text!r}; say who speaks and how, e.g. 'a young woman with "
                         "a bright, fast voice' (gender, age, pitch, pace, loudness, timbre such as deep, warm, "
                         "husky, breathy, nasal; accents: British, Scottish, Caribbean)")
    clash = contradictions(cues)
    if clash:
        raise InputError(f"the description {text!r} contradicts itself: {'; '.join(clash)}; keep one of each")
    return DescriptionFeatures(text, cues, embed_texts([text])[0], accent)
