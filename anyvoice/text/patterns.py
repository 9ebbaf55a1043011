"""Pieces the text front ends build their rules from: an alternation of written words, rules applied in turn, and
the written forms front ends share (thousands grouped by commas, a money sign before its amount, a unit after its
number, a date written in numbers and a run of Latin letters in Japanese and Chinese; the half of a twelve-hour clock
in English and Spanish). Pure.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

#: (pattern, its replacement), as re.sub takes them
Rule = tuple[re.Pattern, "str | Callable[[re.Match], str]"]
#: a run of Latin letters inside Japanese or Chinese text ("iPhone", "NHK", "Mr Li"), which their readers pass on
#: as letters Kokoro cannot read
LATIN_RUN = r"[A-Za-z][A-Za-z' -]*[A-Za-z]|[A-Za-z]"
#: the half of a twelve-hour clock after a time ("3pm", "10:15 a.m.", "8 p. m."): "a" or "p" in the group "ap"
AM_PM = r"(?:\s?(?P<ap>[aApP])\.?\s?[mM]\b\.?)"


def any_of(words: Iterable[str]) -> str:
    """A pattern matching any of `words` as written, the longest first ("km²" is tried before "km"); one that never
    matches when there are none."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


def rewritten(text: str, rules: Iterable[Rule]) -> str:
    """`text` with each rule applied in turn."""
    for pattern, said in rules:
        text = pattern.sub(said, text)
    return text


#: thousands grouped by commas ("3,000") joined into one number, which the Japanese and Chinese readers say
#: ("3,000円" was read "san, zero en", "3,000元" "三,零")
COMMA_THOUSANDS: Rule = (re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?!\d)"), lambda m: m.group(0).replace(",", ""))


def sign_after_amount(names: dict[str, str]) -> Rule:
    """A rule writing a money sign before its amount ("¥1500") as the amount and then the sign's word (`names`:
    sign -> word, "¥" -> "円"), as Japanese and Chinese say it."""
    return (re.compile(f"(?P<sign>{any_of(names)})\\s?(?P<amount>\\d+(?:\\.\\d+)?)"),
            lambda m: m["amount"] + names[m["sign"]])


def unit_after_number(said: dict[str, str]) -> Rule:
    """A rule writing a unit after its number ("65kg", "65 KG") as it is said (`said`: unit -> its words around the
    number, "{n}キロ"), as Japanese and Chinese say them; a unit is matched as written, one of two letters or more in
    capitals too ("KG", not "5G"), and not before another Latin letter ("5kgs" stays)."""
    units = {u: words for unit, words in said.items() for u in (unit, unit.upper() if len(unit) > 1 else unit)}
    return (re.compile(f"(?P<n>\\d+(?:\\.\\d+)?)\\s?(?P<unit>{any_of(units)})(?![A-Za-z])"),
            lambda m: units[m["unit"]].format(n=m["n"]))


#: a date written in numbers, year first ("2024-03-15", "2024/3/15", "2024.3.15"), as Japanese and Chinese write it
#: in characters ("2024年3月15日"), which their readers say as a date: they had read "2024-03-15" as a subtraction
#: ("二千零二十四负三负十五") or left its marks unsaid
NUMERIC_DATE: Rule = (
    re.compile(r"(?<![\d./-])(?P<y>1[5-9]\d\d|20\d\d)(?P<mark>[-/.])(?P<m>0?[1-9]|1[0-2])(?P=mark)"
               r"(?P<d>0?[1-9]|[12]\d|3[01])(?![\d./-])"),
    lambda m: f"{m['y']}年{int(m['m'])}月{int(m['d'])}日")


def ratio(word: str, cues: str) -> Rule:
    """A rule writing a score or ratio ("2:1", "16:9") as its two numbers with `word` between them ("2対1"): every
    colon between numbers that is no time of day (a minute of one digit, an hour past 24 or a minute past 59), and
    any after one of `cues` (a pattern of the words before a score: "比分是21:19"). Run before the times of day."""
    def said(m: re.Match) -> str:
        a, b = m["a"], m["b"]
        time = len(b) == 2 and int(a) <= 24 and int(b) <= 59
        return m.group(0) if time and not m["cue"] else f"{m['cue'] or ''}{a}{word}{b}"
    return (re.compile(f"(?P<cue>(?:{cues})\\s?)?(?<![\\d:.])(?P<a>\\d+):(?P<b>\\d+)(?![\\d:])"), said)


def tag_words(tag: str) -> str:
    """The words of a hashtag or a user name, as they are said: apart where a small letter meets a capital or an
    underscore joins them ("FelizNavidad" -> "Feliz Navidad", "ana_lopez" -> "ana lopez")."""
    spaced = "".join(" " + c if i and c.isupper() and tag[i - 1].islower() else c for i, c in enumerate(tag))
    return re.sub(r"_+", " ", spaced).strip()
