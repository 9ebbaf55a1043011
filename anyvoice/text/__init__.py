"""Text front end: normalisation (numbers, abbreviations, symbols) and sentence splitting."""
from anyvoice.text.frontend import normalize, prepare, split_sentences

__all__ = ["normalize", "split_sentences", "prepare"]
