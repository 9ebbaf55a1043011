"""Chinese (Mandarin) text read aloud: into the phonemes Kokoro learned Chinese with, and into one written form.

The reader is the one Kokoro-82M v1.0's Chinese was made with (misaki's first Chinese reader): jieba cuts the
text into words, pypinyin gives each word its pinyin (so a character with two readings is read as the word it is
in), and the pinyin becomes IPA with each tone as an arrow. Numbers are said in Chinese first (cn2an, after
`chinese_forms`: it reads "3,000" as "三,零", "3:30" as "三:三十" and leaves "°C" as it is), traditional
characters are read as their simplified forms (the dictionaries' own), and a run of Latin letters ("iPhone") is
left to a reader for it.

Simplified characters with numbers written as characters are how Chinese speech is compared with what a listener
heard: Whisper writes traditional characters and digits as often as simplified ones, and a score over the writing
would count a right word as wrong.
"""
from __future__ import annotations

import functools
import logging
import re
import warnings
from typing import Callable

from anyvoice.text.languages import HANZI
from anyvoice.text.patterns import (
    COMMA_THOUSANDS,
    LATIN_RUN,
    NUMERIC_DATE,
    any_of,
    ratio,
    rewritten,
    sign_after_amount,
    unit_after_number,
)

#: a run of hanzi, a run of Latin words, or anything else (punctuation, spaces, other letters)
_RUNS = re.compile(f"([{HANZI}]+)|({LATIN_RUN})|([^{HANZI}A-Za-z]+)")


@functools.cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@functools.cache
def _reader():
    """misaki's Chinese reader and jieba, loaded once."""
    with warnings.catch_warnings():  # (jieba imports setuptools' deprecated pkg_resources)
        warnings.simplefilter("ignore", UserWarning)
        import jieba
        from misaki.zh import ZHG2P

    jieba.setLogLevel(logging.WARNING)  # (it logs its dictionary's loading on every first use)
    jieba.initialize()
    return ZHG2P, jieba


def chinese_phonemes(text: str, latin: Callable[[str], str] | None = None) -> str:
    """Kokoro's phonemes for Chinese `text` (IPA letters, tones as arrows, with its punctuation); Latin words in it
    are read by `latin` (None: dropped, as Kokoro cannot read letters as written)."""
    reader, jieba = _reader()
    parts = []
    for hanzi, word, other in _RUNS.findall(reader.map_punctuation(simplified_chinese(text))):
        if hanzi:
            words = jieba.lcut(hanzi, cut_all=False)
            # (without the non-syllabic mark on diphthongs' glides, as Kokoro learned them)
            parts.append(" ".join(reader.word2ipa(w) for w in words).replace("\u032f", ""))
        elif word:
            parts.append(latin(word) if latin else "")
        else:
            parts.append(other)
    return re.sub(r"\s+([,.!?:;])", r"\1", re.sub(r"\s+", " ", " ".join(parts))).strip()


def _clock(match: re.Match) -> str:
    """"3:30" as "3点30分", "15:05" as "15点零5分", "12:00" as "12点"; what is no time of day ("25:70") as it is."""
    hours, minutes = int(match[1]), int(match[2])
    if hours > 24 or minutes > 59:
        return match[0]
    return f"{hours}点" + (f"{'零' if minutes < 10 else ''}{minutes}分" if minutes else "")


_CURRENCIES = {"¥": "元", "￥": "元", "$": "美元", "€": "欧元", "£": "英镑"}
#: units after a number as they are said (the reader spells them: "5km" was heard "OKM", "2L" "了")
_UNITS = {"km/h": "{n}公里每小时", "km": "{n}公里", "kg": "{n}公斤", "cm": "{n}厘米", "mm": "{n}毫米", "m": "{n}米",
          "m²": "{n}平方米", "m2": "{n}平方米", "㎡": "{n}平方米", "km²": "{n}平方公里", "km2": "{n}平方公里",
          "g": "{n}克", "mL": "{n}毫升", "ml": "{n}毫升", "L": "{n}升"}
#: a phone number's digits, one by one (one as "yao", as phone numbers are read)
_PHONE_DIGITS = "零幺二三四五六七八九"


def _digits(number: str) -> str:
    """A number said digit by digit ("12306" -> "幺二三零六"), a dash or space between its groups as a pause."""
    return "".join(_PHONE_DIGITS[int(d)] if d.isdigit() else "," for d in number)


#: the measure words and units after which a two is "两" (the ones after which it is an ordinal, 号, 月, 楼, 层, are
#: not among them)
_COUNTED_BY_TWO = ("个", "只", "本", "位", "件", "张", "条", "次", "天", "年", "岁", "杯", "瓶", "斤", "公斤", "公里",
                   "千米", "米", "厘米", "升", "克", "小时", "分钟", "秒钟", "周", "星期", "种", "家", "辆", "台", "部",
                   "双", "对", "块", "元", "点", "片", "份", "碗", "口", "头", "匹", "座", "间", "倍", "名", "遍", "趟",
                   "回", "顿", "句", "篇", "首", "节", "场", "根", "支", "把", "套", "所", "栋", "幅", "颗", "粒", "朵",
                   "盒", "袋", "箱", "包", "串", "桌", "千", "万", "亿")
#: (pattern, what cn2an reads right instead), in the order they run
_FORMS = (
    NUMERIC_DATE,
    # mobile numbers (11 digits from 1, whole or in groups of 3, 4 and 4) and numbers with an area code, digit by
    # digit: cn2an read them as one number
    (re.compile(r"(?<![\d.-])(?:1\d{2}([- ]?)\d{4}\1\d{4}|0\d{2,3}-\d{7,8})(?![\d.-])"),
     lambda m: _digits(m.group(0))),
    # numbers that are names, digit by digit as they are said: a number to call ("拨打12306", "打110"), a code after
    # capitals (flights, trains, number plates: "CA123", "京A12345"), a room or a bus ("302房间", "302路车")
    (re.compile(r"(?P<cue>(?:拨打|致电|热线|电话|号码)[是为:]?\s?)\d{3,8}(?:-\d{3,4}){0,2}(?![\d.])"
                r"|(?<=[拨打])1\d{2,4}(?![\d.])|(?<=[A-Z])\d{3,}(?![\d.])"
                r"|(?<![\d.])\d{3,4}(?=房间|号房|室|路公交|路车|路汽车)"),
     lambda m: (m["cue"] or "") + _digits(m.group(0)[len(m["cue"] or ""):])),
    COMMA_THOUSANDS,
    sign_after_amount(_CURRENCIES),
    unit_after_number(_UNITS),
    # a range of two numbers ("10-15分钟", "9:00-17:00"), not "3 - 2" nor a number in dashed groups
    (re.compile(r"(?<![\d.:-])(\d+(?::\d{2})?)(?:[-–]|\s?[〜~～]\s?)(\d+(?::\d{2})?)(?![\d:-])"), r"\1到\2"),
    (re.compile(r"(?<!\d)[-−](?=\d+(?:\.\d+)?\s?[°℃])"), lambda m: "零下"),  # below zero, as temperatures are said
    ratio("比", "比分[是为]?|比例[是为]?|比率[是为]?"),
    (re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])"), _clock),
    (re.compile(r"(?<![\d.])([1-9])0(?=年代)"), r"\1十"),  # a decade ("80年代" is "八十年代", not "八零年代")
    (re.compile(r"(?<=\d)\s?°\s?C"), lambda m: "℃"),  # (NFKC writes ℃ as °C; cn2an says only ℃)
    (re.compile(r"(?<=\d)\s?°"), lambda m: "度"),
    (re.compile(r"(?<=\d)\s?[×x]\s?(?=\d)"), lambda m: "乘"),  # "30×40厘米" (the reader leaves "×" unsaid)
    # two things counted are "两", not "二" ("2个" is "两个", "2点" "两点"); a second one by its number stays "二"
    # ("2号", "2月", "2楼", "2年级", "第2个")
    (re.compile(f"(?<![\\d.第])2(?![\\d.])(?=\\s?(?:{any_of(_COUNTED_BY_TWO)}))(?!年级)"), "两"),
)
#: the start of a number of thousands or more said with "两" ("二千" -> "两千", "二万" -> "两万")
_TWO_THOUSANDS = re.compile("(?<![零〇一二两三四五六七八九十百千万亿点])二(?=[千万亿])")


def chinese_forms(text: str) -> str:
    """Chinese `text` with phone numbers, numbers that are names, thousands, money, units, dates, scores, times of
    day, decades and degrees written the way cn2an says them ("13812345678" and "拨打12306" digit by digit, "3,000"
    -> "3000", "¥5" -> "5元", "5km" -> "5公里", "2024-03-15" -> "2024年3月15日", "2:1" -> "2比1", "3:30" ->
    "3点30分", "80年代" -> "8十年代", "-5°C" -> "零下5℃"). Pure: text in, text out."""
    return rewritten(text, _FORMS)


def simplified_chinese(text: str) -> str:
    """`text` in one written form: simplified characters, numbers written as characters ("8點" -> "八点", "3:30" ->
    "三点三十分", "2000" -> "两千")."""
    import cn2an

    return _converter().convert(_TWO_THOUSANDS.sub("两", cn2an.transform(chinese_forms(text), "an2cn")))
