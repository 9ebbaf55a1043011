"""The written words behind spoken ones: subtitles show "$5" and "Dr. Nguyen" where the synthesizer said "five
dollars" and "doctor win". Pure: text in, text out.

A text's written words are followed through its sentences as they are spoken: each spoken sentence is matched, word
by word after normalisation, against the written words that come next, and every spoken word is given the written
word it reads. Words with no match between two matches are paired in order when their counts agree (a lexicon's
respelling, a name said as given phonemes), and otherwise read as part of the written word before them.
"""
from __future__ import annotations

from difflib import SequenceMatcher

from anyvoice.text.phonemes import written
from anyvoice.text.words import normalize_words

#: the written words looked at for one spoken sentence: this many per spoken word, and this many more
_WINDOW_PER_WORD, _WINDOW_EXTRA = 3, 20


def said_words(sentence: str) -> list[str]:
    """The words of a spoken sentence that are said: a lone '!' or dash is not."""
    return [w for w in sentence.split() if any(ch.isalnum() for ch in w)]


def _word_pieces(word: str, language: str) -> list[str]:
    """A word's normalised pieces; a word of letters the language's normalisation keeps none of ("北京" in English)
    stands for itself."""
    pieces = normalize_words(word, language)
    return pieces if pieces or not any(c.isalpha() for c in word) else [word.lower()]


def _pieces(words: list[str], language: str) -> list[tuple[str, int]]:
    """Each word's normalised pieces ("$5" -> five, dollars), with the index of the word they come from."""
    return [(piece, k) for k, word in enumerate(words) for piece in _word_pieces(word, language)]


def _distinct(owners: list[int]) -> list[int]:
    return list(dict.fromkeys(owners))


class WrittenForm:
    """Follows a text's written words (in `language`, an ISO 639-1 code) through its spoken sentences, in order."""

    def __init__(self, text: str, language: str = "en"):
        # emphasis stars are markup, not words; a phrase given as phonemes is shown as written
        self.tokens = [t for t in (token.replace("*", "") for token in written(text).split()) if t]
        self.cursor = 0
        self.language = language

    def sentence(self, spoken: list[str]) -> list[tuple[str, int]]:
        """The written words the next spoken sentence reads, each with how many of `spoken` it covers (together,
        all of them, in order). When nothing matches, the spoken words stand for themselves."""
        window = self.tokens[self.cursor:self.cursor + _WINDOW_PER_WORD * len(spoken) + _WINDOW_EXTRA]
        owner = self._owners(window, spoken, self.language)
        if not spoken or all(o is None for o in owner):
            return [(word, 1) for word in spoken]
        last = next(o for o in owner if o is not None)
        for j, o in enumerate(owner):  # an unmatched word belongs to the written word before it; never backwards
            last = max(last, o) if o is not None else last
            owner[j] = last
        groups: list[tuple[str, int]] = []
        start = 0  # window tokens not yet shown: those no word was said for join the group before them
        for j, o in enumerate(owner):
            if j and o == owner[j - 1]:
                groups[-1] = (groups[-1][0], groups[-1][1] + 1)
                continue
            if groups:
                groups[-1] = (" ".join([groups[-1][0], *window[start:o]]), groups[-1][1])
                groups.append((window[o], 1))
            else:
                groups.append((" ".join(window[start:o + 1]), 1))
            start = o + 1
        self.cursor += start
        return groups

    @staticmethod
    def _owners(window: list[str], spoken: list[str], language: str) -> list[int | None]:
        """For each spoken word, the index in `window` of the written word it reads (None: no match)."""
        want, got = _pieces(window, language), _pieces(spoken, language)
        owner: list[int | None] = [None] * len(spoken)
        matcher = SequenceMatcher(a=[p for p, _ in want], b=[p for p, _ in got], autojunk=False)
        opcodes = matcher.get_opcodes()
        if not any(tag == "equal" for tag, *_ in opcodes):  # no word in common: nothing to pair the rest by
            return owner
        for tag, i1, i2, j1, j2 in opcodes:
            if tag == "equal":
                pairs = [(want[i][1], got[j][1]) for i, j in zip(range(i1, i2), range(j1, j2))]
            elif tag == "replace":
                mine, theirs = _distinct([k for _, k in want[i1:i2]]), _distinct([k for _, k in got[j1:j2]])
                pairs = list(zip(mine, theirs)) if len(mine) == len(theirs) else [(mine[0], k) for k in theirs]
            else:
                continue
            for written_k, spoken_k in pairs:
                if owner[spoken_k] is None:
                    owner[spoken_k] = written_k
        return owner
