"""Japanese text read aloud: into the phonemes Kokoro learned Japanese with, and into kana.

The reader is misaki's cutlet (the reader Kokoro's Japanese was made with): fugashi with the unidic-lite
dictionary finds each word and its reading, so kanji are read as the word they are part of. Numbers are written in
kanji first (`japanese_forms`): the dictionary reads "三千円" as "sanzen en" and "五日" as "itsuka", but "3,000円"
as "san, zero en" and "3000円" as "sanzen tsubura"; it drops "%" and "°C", and reads "三十分" as "sanjuu fun". Kana
are how Japanese speech is compared with what a listener heard: a word has one reading but many spellings (明日 and
あす), and a score over spellings would count a right word as wrong.
"""
from __future__ import annotations

import functools
import re
from typing import Callable

from anyvoice.text.patterns import (
    COMMA_THOUSANDS,
    LATIN_RUN,
    NUMERIC_DATE,
    ratio,
    rewritten,
    sign_after_amount,
    unit_after_number,
)

_DIGITS = "〇一二三四五六七八九"
#: the powers of ten a group of four digits is counted in
_MYRIADS = ("", "万", "億", "兆")
#: the readings the dictionary gets wrong after a number ("四つ" as "yontsu", "十分" as "juubun", "九時" as "kyuuji",
#: "四月" as "yongatsu"), in kana: counted things, people, minutes, hours, days and months
_HOURS = ("れいじ", "いちじ", "にじ", "さんじ", "よじ", "ごじ", "ろくじ", "しちじ", "はちじ", "くじ", "じゅうじ")
_MINUTE_ONES = ("", "いっぷん", "にふん", "さんぷん", "よんぷん", "ごふん", "ろっぷん", "ななふん", "はっぷん",
                "きゅうふん")
_TENS = ("", "じゅう", "にじゅう", "さんじゅう", "よんじゅう", "ごじゅう")
_THINGS = ("", "ひとつ", "ふたつ", "みっつ", "よっつ", "いつつ", "むっつ", "ななつ", "やっつ", "ここのつ", "とお")
_PEOPLE = {1: "ひとり", 2: "ふたり", 4: "よにん"}
_MONTHS = {4: "しがつ", 7: "しちがつ", 9: "くがつ"}
_DAYS = {1: "ついたち", 2: "ふつか", 3: "みっか", 4: "よっか", 5: "いつか", 6: "むいか", 7: "なのか", 8: "ようか",
         9: "ここのか", 10: "とおか", 14: "じゅうよっか", 20: "はつか", 24: "にじゅうよっか"}
#: a digit read on its own, as in a phone number
_SPELLED = ("ゼロ", "いち", "に", "さん", "よん", "ご", "ろく", "なな", "はち", "きゅう")
_CURRENCIES = {"¥": "円", "￥": "円", "$": "ドル", "€": "ユーロ", "£": "ポンド"}
#: units after a number as they are said (the reader reads them as Latin letters, or not at all: "65kg" was heard
#: "65億", "30cm" "30分"); kilometres and kilograms both "キロ", as they are said
_UNITS = {"km/h": "時速{n}キロ", "km": "{n}キロ", "kg": "{n}キロ", "cm": "{n}センチ", "mm": "{n}ミリ",
          "m": "{n}メートル", "m²": "{n}平方メートル", "m2": "{n}平方メートル", "㎡": "{n}平方メートル",
          "km²": "{n}平方キロメートル", "km2": "{n}平方キロメートル", "g": "{n}グラム", "mL": "{n}ミリリットル",
          "ml": "{n}ミリリットル", "L": "{n}リットル"}


def kanji_number(n: int) -> str:
    """A whole number below 10**16 in kanji as it is read ("3000" -> "三千", "12000" -> "一万二千")."""
    if n == 0:
        return "零"
    words = []
    for power, myriad in reversed(list(enumerate(_MYRIADS))):
        group = n // 10 ** (4 * power) % 10000
        if group:
            words.append(_below_myriad(group, keep_one=bool(myriad)) + myriad)
    return "".join(words)


def _below_myriad(n: int, keep_one: bool) -> str:
    """1-9999 in kanji; the one before 千 is written only in a larger number's group ("一千万", but "千")."""
    words = []
    for value, name in ((1000, "千"), (100, "百"), (10, "十")):
        digit = n // value % 10
        if digit:
            words.append(("" if digit == 1 and not (keep_one and value == 1000) else _DIGITS[digit]) + name)
    return "".join(words) + (_DIGITS[n % 10] if n % 10 else "")


def _hour(h: int) -> str | None:
    if h > 24:
        return None
    return _HOURS[h] if h <= 10 else _TENS[h // 10] + (_HOURS[h % 10] if h % 10 else "じ")


def _minutes(m: int) -> str | None:
    if m > 59:
        return None
    return _TENS[m // 10] + _MINUTE_ONES[m % 10] if m % 10 else _TENS[m // 10][:-1] + "っぷん"  # "じゅっぷん"


#: a counter after a number -> the reading of both, or None where the dictionary reads the kanji right
_COUNTED = {
    "つ": lambda n: _THINGS[n] if n <= 10 else None,
    "人": _PEOPLE.get,
    "分": _minutes,
    "時間": lambda n: _hour(n) and _hour(n) + "かん",
    "時": _hour,
    "日間": lambda n: (_DAYS[n] if n in _DAYS and n != 1 else kanji_number(n) + "にち") + "かん",
    "日": lambda n: _DAYS.get(n) if n != 1 else None,  # (one day is "ichinichi"; the first of a month, below)
    "月": _MONTHS.get,
}


def _counted(match: re.Match) -> str:
    n, counter = int(match["n"]), match["counter"]
    return _COUNTED[counter](n) or kanji_number(n) + counter


def _time(match: re.Match) -> str:
    h, m = _hour(int(match["h"])), _minutes(int(match["m"]))
    return match.group(0) if h is None or m is None else h + (m if int(match["m"]) else "")


def _fraction(match: re.Match) -> str:
    """"3/4" as "4分の3" (the denominator first, as Japanese says it); one of a whole or more as written."""
    num, den = match["num"] or match["n"], match["den"] or match["d"]
    return match.group(0) if int(num) >= int(den) else f"{den}分の{num}"


def _date(match: re.Match) -> str:
    month, day = int(match["month"]), int(match["day"])
    return (_MONTHS.get(month) or kanji_number(month) + "月") + (_DAYS.get(day) or kanji_number(day) + "日")


#: (pattern, its reading), in the order they run: phone numbers digit by digit, thousands joined, the forms, and what
#: is left as kanji
_RULES = (
    NUMERIC_DATE,
    # a month and day before a weekday in brackets ("3/15(金)"), as a date
    (re.compile(r"(?<![\d/])(1[0-2]|0?[1-9])/([12]\d|3[01]|0?[1-9])(?=\s?[(（][月火水木金土日][)）])"),
     lambda m: f"{int(m[1])}月{int(m[2])}日"),
    (re.compile(r"(?<![\d.-])\d{2,4}-\d{2,4}-\d{3,4}(?![\d-])"), lambda m: _digit_groups(m.group(0))),
    # a postal code ("〒100-0001"), digit by digit, its mark unsaid
    (re.compile(r"(?:〒\s?)?(?<![\d.-])\d{3}-\d{4}(?![\d-])"), lambda m: _digit_groups(m.group(0).lstrip("〒 "))),
    # a weekday written in brackets after a date ("3日(月)"): its whole name
    (re.compile(r"(?<=日)\s?[(（]([月火水木金土日])[)）]"), r"、\1曜日"),
    COMMA_THOUSANDS,
    # a range's dash or wave dash is said "から" ("10〜15分", "9時〜17時", "4-6人"); not the dashes of an address's
    # numbers ("1-2-3")
    (re.compile(r"(?<=[\d時分日月年人円歳回階%])\s?[〜~～]\s?(?=\d)"), "から"),
    (re.compile(r"(?<![\d-])(\d+)[-–](0|[1-9]\d*)(?![\d-])"), r"\1から\2"),  # (no end written with a leading zero)
    (re.compile(r"(?<!\d)[-−](?=\d)"), lambda m: "マイナス"),
    sign_after_amount(_CURRENCIES),
    (re.compile("時速(?=" + r"\d+(?:\.\d+)?\s?km/h)", re.IGNORECASE), ""),  # said once, by the unit's words
    unit_after_number(_UNITS),
    ratio("対", "スコア[はが]?|比率[はが]?"),
    (re.compile(r"(?<![\d:])(?P<h>\d{1,2}):(?P<m>\d{2})(?![\d:])"), _time),
    (re.compile(r"(?<!\d)(?P<month>\d{1,2})月(?P<day>\d{1,2})日"), _date),
    (re.compile(r"(?<![\d.])(?P<n>\d{1,3})(?P<counter>" + "|".join(_COUNTED) + ")"), _counted),
    (re.compile(r"\s?%"), lambda m: "パーセント"),
    # a fraction before "の" or after "約" ("3/4の人", "約1/3"), denominator first: the reader left the slash unsaid
    (re.compile(r"(?<![\d/])(?P<num>\d{1,2})/(?P<den>\d{1,2})(?![\d/])(?=の)|(?<=約)(?P<n>\d{1,2})/(?P<d>\d{1,2})(?![\d/])"),
     _fraction),
    (re.compile(r"(?<=\d)\s?[×x]\s?(?=\d)"), lambda m: "かける"),  # "30×40" (the reader leaves "×" unsaid)
    (re.compile(r"(?<=\d)\s?(?:°\s?C|℃|°)"), lambda m: "度"),
    (re.compile(r"(?<![\d.])(?P<whole>\d+)\.(?P<frac>\d+)(?![.\d])"),
     lambda m: kanji_number(int(m["whole"])) + "点" + "".join(_DIGITS[int(d)] for d in m["frac"])),
    (re.compile(r"\d{1,16}"), lambda m: kanji_number(int(m.group(0)))),
)


def _digit_groups(number: str) -> str:
    """A number written in groups ("090-1234-5678") said digit by digit, "の" between the groups."""
    return "の".join("".join(_SPELLED[int(d)] for d in group) for group in number.split("-"))


def japanese_forms(text: str) -> str:
    """Japanese `text` with its numbers, times of day, dates, counters, money, phone numbers, negative numbers,
    units, percentages, degrees, scores and fractions written as they are read: numbers in kanji, the readings the
    dictionary gets wrong in kana ("3:30" -> "さんじさんじゅっぷん", "4月" -> "しがつ", "8つ" -> "やっつ",
    "090-1234-5678" digit by digit, "65kg" -> "六十五キロ", "2024-03-15" -> "二千二十四年三月十五日", "2:1" ->
    "二対一", "3/4の" -> "四分の三の"). Pure: text in, text out."""
    return rewritten(text, _RULES)


@functools.cache
def _reader():
    from misaki.cutlet import Cutlet

    return Cutlet()


_LATIN = re.compile(f"({LATIN_RUN})")


def japanese_phonemes(text: str, latin: Callable[[str], str] | None = None) -> str:
    """Kokoro's phonemes for Japanese `text` (IPA letters, with its punctuation); Latin words in it are read by
    `latin` (None: dropped, as Kokoro cannot read letters as written)."""
    parts = []
    # (split with its group: the Japanese runs and the Latin ones alternate, Japanese first)
    for i, piece in enumerate(_LATIN.split(japanese_forms(text))):
        if i % 2:
            parts.append(latin(piece) if latin else "")
        elif piece.strip():
            parts.append(_reader()(piece)[0])
    return re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip()


def japanese_kana(text: str) -> str:
    """The reading of `text` in katakana, word by word as the dictionary reads it (what it cannot read is kept)."""
    return "".join(w.feature.pron or w.feature.kana or w.surface for w in _reader().tagger(japanese_forms(text)))
