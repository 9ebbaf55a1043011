"""Words as compared and weighed: the words of a text for WER and alignment, and the words that scale another."""
from __future__ import annotations

import re

from anyvoice.text.frontend import normalize

#: degree words and the factor they scale the next word by ("very sad", "a bit faster", "slightly older")
INTENSIFIERS = {"very": 1.5, "really": 1.4, "extremely": 1.8, "super": 1.6, "quite": 1.2, "slightly": 0.5,
                "somewhat": 0.6, "bit": 0.5, "little": 0.5, "mildly": 0.5}


def normalize_words(text: str, language: str = "en") -> list[str]:
    """Lower-case words with punctuation removed, for WER; English also has its numbers spelled out. Other
    languages keep every letter of their script (accents, Cyrillic) and their digits."""
    if language == "en":
        text = normalize(text).lower().replace("-", " ")
        return re.sub(r"[^a-z' ]+", " ", text).replace("'", "").split()
    return re.sub(r"[^\w]+|_", " ", text.lower()).split()
