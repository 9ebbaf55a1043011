"""A pronunciation lexicon: words the synthesizer says wrong, each with how to say it: a respelling
("Nguyen" -> "win") or IPA between slashes ("Nguyen" -> "/wɪn/"). Pure: text in, text out. Matching is by whole
word, ignoring case; the longest entry wins where entries overlap ("New York City" before "New York")."""
from __future__ import annotations

import os
import re
from pathlib import Path

from anyvoice.errors import InputError
from anyvoice.text.patterns import any_of
from anyvoice.text.phonemes import check_ipa, protect

#: entries in one lexicon, and characters in one entry: a lexicon is a word list, not a document
MAX_ENTRIES = 10_000
MAX_ENTRY_CHARS = 200


def check_lexicon(entries: dict[str, str]) -> dict[str, str]:
    """The lexicon, checked: words and what they are said as are non-empty, short texts; IPA between slashes
    holds only phoneme symbols."""
    if not isinstance(entries, dict) or len(entries) > MAX_ENTRIES:
        raise InputError(f"a lexicon is an object of at most {MAX_ENTRIES} word: respelling entries")
    for word, say in entries.items():
        if not (isinstance(word, str) and isinstance(say, str) and word.strip() and say.strip()
                and len(word) <= MAX_ENTRY_CHARS and len(say) <= MAX_ENTRY_CHARS):
            raise InputError(f"lexicon entry {str(word)[:40]!r}: give a word and how to say it, each up to "
                             f"{MAX_ENTRY_CHARS} characters")
        if _is_ipa(say.strip()):
            check_ipa(say.strip()[1:-1], f"lexicon entry {word.strip()[:40]!r}")
    return {w.strip(): s.strip() for w, s in entries.items()}


def _is_ipa(say: str) -> bool:
    return len(say) > 2 and say.startswith("/") and say.endswith("/")


def read_lexicon(path: str | os.PathLike) -> dict[str, str]:
    """A lexicon file: one entry per line, `word = respelling` or `word = /IPA/` (a tab may stand for '='); '#'
    starts a comment."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such lexicon file")
    entries = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        word, sep, say = line.partition("\t") if "\t" in line else line.partition("=")
        if not sep or not word.strip() or not say.strip():
            raise InputError(f"{path}, line {n}: write 'word = how to say it'")
        entries[word.strip()] = say.strip()
    return check_lexicon(entries)


def merge_lexicons(*lexicons: dict[str, str]) -> dict[str, str]:
    """One lexicon from several; for a word in more than one (case ignored), the last one's entry wins."""
    merged: dict[str, tuple[str, str]] = {}
    for lexicon in lexicons:
        merged.update({word.lower(): (word, say) for word, say in lexicon.items()})
    return dict(merged.values())


def apply_lexicon(text: str, entries: dict[str, str]) -> str:
    """`text` with every lexicon word replaced by its respelling, or by its IPA (kept as written for subtitles)."""
    if not entries:
        return text
    pattern = re.compile(r"(?<!\w)(" + any_of(entries) + r")(?!\w)", re.IGNORECASE)
    by_lower = {w.lower(): entries[w] for w in sorted(entries, key=len, reverse=True)}

    def say(m: re.Match) -> str:
        how = by_lower[m.group(0).lower()]
        return protect(how[1:-1], m.group(0)) if _is_ipa(how) else how

    return pattern.sub(say, text)
