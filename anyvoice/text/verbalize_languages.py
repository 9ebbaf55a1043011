"""Addresses, dates, ranges, times of day, ordinals, Roman numerals, fractions, symbols, negative numbers, decimals,
money, percentages, degrees, units and common abbreviations in Spanish, French, German, Italian, Portuguese and
Russian, said as words (num2words for the numbers), for the readers that say plain whole numbers but not these:
Festival's Russian voice stops at a digit beside punctuation ("18:30", "12,50", "15.03.2024"), drops "%", "°C" and a
minus, says "на 3-м этаже" so that it is heard "внутри мотажа" and spells "т.е." letter by letter, and espeak-ng
(Kokoro's reader) reads a Portuguese date as one long number and "1º" as "um". Pico reads dates, money and decimals
itself, better than it reads them spelled out, but not every time of day (French "20h" as "vingt hache", Italian
"20:00" as "venti e"), ordinal (Spanish "1.er", heard "un punto de"), fraction ("1/2" as "una barra 2"), Roman
numeral ("siglo XIX"), unit ("km/h" as "kilómetros barra hache"), range ("4-6" as "quatre trait d'union six"),
Spanish or Italian symbol ("&" heard "Persán"), abbreviation ("EE. UU.", "Hr.", "Dott.ssa", French "p. 12" heard
"pédouse") nor German thousands ("2.000" as "zwei"), so it is given those alone (`kinds`). Whatever digit and
punctuation is left ("2.0.1") is split into whole numbers, which every reader says. Also used to score transcripts
(text/words.py), so that "18h30" and "dix-huit heures trente" are one thing. Pure: text in, text out.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Callable

from num2words import num2words

from anyvoice.text.patterns import AM_PM, any_of, tag_words
from anyvoice.text.roman import ROMAN, roman_value


@dataclass(frozen=True)
class _Language:
    """How one language says these forms."""

    num2words: str  # the language's name in num2words
    months: tuple[str, ...]
    decimal: str  # the word for the decimal comma
    date: str  # "{day} {month} {year}"
    time: str  # "{h} {m}"
    full_hour: str  # "{h}": a time on the hour
    money: dict[str, tuple[str, str, str]]  # sign -> forms for one, a few (Russian's 2-4), many
    cents: tuple[str, str, str]
    and_cents: str  # the word between the whole amount and the cents
    thousands_dot: bool  # "1.000" is a thousand, not one
    own_cents: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # sign -> its coin's own name's forms
    #: (day, the word before) -> the day's word when it is not the cardinal ("на 15 марта": "пятнадцатое")
    day: Callable[[int, str], str] | None = None
    year: Callable[[int], str] | None = None  # the year's words when they are not the cardinal
    #: the endings of a day and month written with a stop between that make it a date ("24.12." with "." after;
    #: "24.12" with none); none: a stop between two numbers is a decimal's
    day_month_stops: tuple[str, ...] = ()
    #: a pattern of the words before a day and month that make it a date: "el 3/10", not a fraction; "am 5.6.", with
    #: a month of one digit
    day_month_before: str = "(?!)"
    decimal_digits: int = 3  # the longest decimal part said as one number ("coma ciento veinte"); longer: by digit
    one: str = ""  # "one" before a noun, where it is not the number's own word (Spanish "un", not "uno")
    abbreviations: dict[str, str] = field(default_factory=dict)  # as written -> as said
    word_endings: dict[str, str] = field(default_factory=dict)  # abbreviated ends of words ("Hauptstr.") -> as said
    #: abbreviations said only before a number ("S. 12": "Seite"; elsewhere "S." may be an initial, "Art." a noun)
    numbered: dict[str, str] = field(default_factory=dict)
    closing: tuple[str, ...] = ()  # abbreviations closing a list ("usw.", "etc."): before a capital, a sentence's end
    #: (an abbreviation's word, the text before) -> the word in the case the words before ask ("в гл. 3": "главе")
    declined: Callable[[str, str], str] | None = None
    #: weekdays' abbreviations (without their stop) -> names, said where two make a range ("Mo.–Fr.", "lun. a vie.")
    weekdays: dict[str, str] = field(default_factory=dict)
    day_range_words: str = "(?!)"  # a pattern of the words between a range's weekdays ("a|al"), besides a dash
    #: (first weekday's name, last's) -> the range of them in words, where the language declines them ("с
    #: понедельника по пятницу"); none: the names with the range's word between
    weekday_range: Callable[[str, str], str] | None = None
    units: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # sign after a number -> one, a few, many
    clock: Callable[[str], str] | None = None  # a time's words mended where the grammar asks ("une heure")
    clock_units: tuple[tuple[str, str, str], ...] = (("",) * 3,) * 2  # hour's, minute's words: {hours}, {minutes}
    ordinal: Callable[[int, str, str, str], str | None] | None = None  # (number, mark, the words around) -> words
    ordinal_marks: str = "(?!)"  # a pattern of the marks written after an ordinal's digits ("º", "er", "-го")
    minus: str = ""  # the word for a negative number's sign
    clock_h: bool = False  # times of day written with h ("18h30", "9 h") as well as a colon
    #: (hour of a twelve-hour clock, whether after noon) -> the part of the day said after a time written with "a. m."
    #: or "p. m." ("de la tarde"); none: such a time stays written
    day_part: Callable[[int, bool], str] | None = None
    time_words: str = "(?!)"  # a pattern of the words before a time of day written with a stop ("alle 14.30")
    roman: Callable[[int, str, str], str | None] | None = None  # (value, mark, the century's word or "") -> words
    century_words: str = "(?!)"  # a pattern of the words for a century ("siglo")
    #: (the word before a Roman numeral) -> its century's word, where "XIX в." abbreviates it
    century_word: Callable[[str], str] | None = None
    roman_marks: str = "(?!)"  # a pattern of the marks written after a Roman ordinal ("XIXe")
    #: (numerator, denominator, the word after) -> words ("tres cuartos", "media taza")
    fraction: Callable[[int, int, str], str | None] | None = None
    #: a whole number and a half said as the language says them ("eineinhalb", "полтора"); none: "1 y medio"
    and_a_half: Callable[[int], str] | None = None
    range_word: str = ""  # the word between a range's ends ("10-15" -> "10 a 15"); none: the range stays written
    score_word: str = ""  # the word between a score's or ratio's numbers ("2:1" -> "2 zu 1"); none: a pause
    #: a pattern of the words that make "2x1" in a sentence a match's score ("dois a um"), not "2 by 1"
    scores_with_x: str = "(?!)"
    #: "&", "+", "×" (or "x") and "=" between numbers; "±", "~" (or "≈"), "≤" and "≥" before a number -> words
    symbols: dict[str, str] = field(default_factory=dict)
    per: tuple[str, str] = ("", "(?!)")  # a rate's slash ("5 €/Monat"): its word, and a pattern of the words after it
    address: tuple[str, str, str, str] = ("",) * 4  # a web or e-mail address's "www", ".", "@" and "/" in words
    hashtag: str = "hashtag"  # the word for "#" before a tag ("#FelizNavidad")
    #: a scale's abbreviation in an amount of money ("R$ 2,5 bi", "5 M€") -> its words for one, a few (Russian's 2-4)
    #: and many, and whether "of" comes between it and the currency ("millones de euros"; "mil reais", "Millionen Euro")
    scales: dict[str, tuple[tuple[str, str, str], bool]] = field(default_factory=dict)
    scale_of: tuple[str, str] = ("", "")  # "of" before a currency's word starting with a consonant, with a vowel
    #: the longest group of a phone number said as one number ("912": "novecientos doce"); longer groups, and those
    #: that start with a zero, are said digit by digit, as everywhere when this is 1
    phone_group: int = 1
    #: a whole number after a preposition (its match) -> the number in the case the preposition asks ("около трёх")
    count_in_case: Callable[[re.Match], str | None] | None = None


#: a Russian ordinal's written ending ("3-го", "3-м") -> its case ending after a hard stem ("первого") and after
#: третий's soft one ("третьего"); "м" after "в", "на", "о", "при" is the prepositional ("на 3-м этаже"), else the
#: instrumental ("пришёл 1-м")
_RU_CASES = {"го": ("ого", "его"), "му": ("ому", "ему"), "м": ("ым", "им"), "м в": ("ом", "ем"), "ми": ("ыми", "ими"),
             "х": ("ых", "их"), "я": ("ая", "я"), "е": ("ое", "е"), "ю": ("ую", "ю"), "е годы": ("ые", "и")}
_RU_LOCATIVE = ("в", "во", "на", "о", "об", "при")


def _ru_case(words: str, ending: str) -> str:
    """A Russian ordinal ("пятнадцатый", "двадцать третий") in the case its written `ending` (a key of _RU_CASES)
    asks for; its last word is declined, and an ending not listed leaves the nominative."""
    if ending not in _RU_CASES:
        return words
    hard, soft = _RU_CASES[ending]
    return re.sub(r"(ий|ый|ой)$", lambda m: "ь" + soft if m.group(1) == "ий" else hard, words)


def _ru_ordinal_in(n: int, ending: str) -> str:
    """The Russian ordinal of `n` in the case its written `ending` asks for (`_ru_case`: "го" -> "третьего")."""
    return _ru_case(num2words(n, lang="ru", to="ordinal"), ending)


#: the Russian nouns abbreviations stand for, in the genitive, dative, accusative, instrumental and prepositional
_RU_NOUN_CASES = {
    "страница": ("страницы", "странице", "страницу", "страницей", "странице"),
    "глава": ("главы", "главе", "главу", "главой", "главе"),
    "таблица": ("таблицы", "таблице", "таблицу", "таблицей", "таблице"),
    "квартира": ("квартиры", "квартире", "квартиру", "квартирой", "квартире"),
    "улица": ("улицы", "улице", "улицу", "улицей", "улице"),
    "статья": ("статьи", "статье", "статью", "статьёй", "статье"),
    "область": ("области", "области", "область", "областью", "области"),
    "рисунок": ("рисунка", "рисунку", "рисунок", "рисунком", "рисунке"),
    "дом": ("дома", "дому", "дом", "домом", "доме"),
    "пункт": ("пункта", "пункту", "пункт", "пунктом", "пункте"),
    "город": ("города", "городу", "город", "городом", "городе"),
    "район": ("района", "району", "район", "районом", "районе"),
    "проспект": ("проспекта", "проспекту", "проспект", "проспектом", "проспекте"),
    "переулок": ("переулка", "переулку", "переулок", "переулком", "переулке"),
    "понедельник": ("понедельника", "понедельнику", "понедельник", "понедельником", "понедельнике"),
    "вторник": ("вторника", "вторнику", "вторник", "вторником", "вторнике"),
    "среда": ("среды", "среде", "среду", "средой", "среде"),
    "четверг": ("четверга", "четвергу", "четверг", "четвергом", "четверге"),
    "пятница": ("пятницы", "пятнице", "пятницу", "пятницей", "пятнице"),
    "суббота": ("субботы", "субботе", "субботу", "субботой", "субботе"),
    "воскресенье": ("воскресенья", "воскресенью", "воскресенье", "воскресеньем", "воскресенье"),
}
#: Russian weekdays' abbreviations, small or capitalised ("пн–пт", "Пн-Пт")
_RU_WEEKDAYS = {abbr: day for short, day in zip(("пн", "вт", "ср", "чт", "пт", "сб", "вс"), list(_RU_NOUN_CASES)[-7:])
                for abbr in (short, short.capitalize())}
#: the words before a noun that ask for each of those cases (the index into _RU_NOUN_CASES' forms); "см." is "смотри"
_RU_CASE_AFTER = {**dict.fromkeys(("из", "до", "от", "у", "без", "для", "около", "возле", "после", "с", "со"), 0),
                  **dict.fromkeys(("к", "ко", "по"), 1), **dict.fromkeys(("см", "смотри", "про", "через"), 2),
                  **dict.fromkeys(("за", "под", "над", "перед", "между"), 3), **dict.fromkeys(_RU_LOCATIVE, 4)}


#: verbs of looking and going (and "внимание на"), after which "на" and "в" ask for the accusative ("посмотрите на
#: рисунок")
_RU_TOWARD = re.compile(r"смотр|гляд|гляни|перейд|переход|пойд|ссыла|обрат|внимани")


def _ru_case_asked(before: str) -> int | None:
    """The case (an index into _RU_NOUN_CASES' forms) the words `before` a noun ask for; in a list of numbered
    abbreviations, the case of its first ("см. с. 12, гл. 3": "главу"); None for the nominative."""
    words = re.findall(r"\w+", before.lower())[-2:]
    case = _RU_CASE_AFTER.get(words[-1]) if words else None
    if case == 4 and words[-1] in ("на", "в", "во") and len(words) == 2 and _RU_TOWARD.search(words[0]):
        return 2
    listed = re.search(r"(?:^|\s)\S+\.\s?\d+\s*(?:,|\bи)\s*$", before)
    return _ru_case_asked(before[:listed.start()]) if case is None and listed else case


def _ru_declined(word: str, before: str) -> str:
    """An abbreviation's noun in the case the words `before` it ask ("на ул." -> "на улице", "см. с." -> "смотри
    страницу", "посмотрите на рис." -> "на рисунок"); as it is after any other word."""
    case = _ru_case_asked(before)
    return word if case is None or word not in _RU_NOUN_CASES else _RU_NOUN_CASES[word][case]


#: the prepositions before a day of the month that ask for a case other than the genitive ("на 15 марта":
#: "на пятнадцатое марта", "к 1 мая": "к первому мая"), as the ending of `_RU_CASES`
_RU_DAY_AFTER = {"на": "е", "по": "е", "к": "му", "ко": "му"}


def _ru_day(day: int, before: str) -> str:
    """A day of the month as Russian says it: an ordinal, in the genitive but where the word `before` asks for
    another case."""
    return _ru_ordinal_in(day, _RU_DAY_AFTER.get(before.lower(), "го"))


#: _RU_CASE_AFTER's cases by num2words' names
_RU_CASE_NAMES = ("genitive", "dative", "accusative", "instrumental", "prepositional")
#: the words before a count that ask for one of its cases (num2words' names for them): the prepositions of the
#: nouns' cases, but those a count takes another case after ("по 2 яблока", "за 3 часа") or that ask for one only
#: before some nouns (`_ru_count_case`: "с", "в", "на"), and the accusative's, which is the nominative for things;
#: and the comparatives and nouns that ask for the genitive ("больше 40 минут", "в течение 5 минут")
_RU_COUNT_CASES = {**{w: _RU_CASE_NAMES[case] for w, case in _RU_CASE_AFTER.items()
                      if case != 2 and w not in ("с", "со", "по", "за", "в", "во", "на")},
                   **dict.fromkeys(("более", "менее", "больше", "меньше", "свыше", "кроме", "среди", "против",
                                    "вокруг", "нет", "старше", "младше", "дороже", "дешевле", "выше", "ниже",
                                    "раньше", "позже", "течение", "возрасте", "размере"), "genitive"),
                   "обо": "prepositional"}
#: the endings of the noun after a count ending in one ("до 21 часа", "к 1 минуте") that show a feminine noun, and
#: those that show a masculine or neuter one, by case; the prepositional's are the same for both
_RU_GENDER_ENDINGS = {"genitive": (("ы", "и"), ("а", "я")), "dative": (("е",), ("у", "ю")),
                      "instrumental": (("ой", "ей", "ью"), ("ом", "ем", "ём"))}
#: the endings of a noun after a count that show the case it is in, for a preposition of more than one case: the
#: plural's (of a noun or an adjective), and the singular's after one ("с 1 другом")
_RU_SHOWN = {"instrumental": ("ами", "ями", "ьми", "ыми", "ими", *_RU_GENDER_ENDINGS["instrumental"][0],
                              *_RU_GENDER_ENDINGS["instrumental"][1]),
             "prepositional": ("ах", "ях")}


def _ru_one(n: int) -> bool:
    """Whether Russian counts `n` as one (1, 21, 101; not 11): its noun is singular."""
    return n % 10 == 1 and n % 100 != 11


def _ru_count_case(before: str, rest: str) -> str | None:
    """The case a count takes after the word `before` it, given the text after it (`rest`); None: the nominative
    (or a case it does not change in). An adjective may come before the noun that shows the case ("с 2 старыми
    друзьями")."""
    before, nouns = before.lower(), [w.lower() for w in re.findall(r"\w+", rest)[:2]]
    if before in ("с", "со"):
        if re.match(_RU_RANGE_END, rest):
            return "genitive"
        return "instrumental" if any(w.endswith(_RU_SHOWN["instrumental"]) for w in nouns) else None
    if before in ("в", "во", "на"):
        return "prepositional" if any(w.endswith(_RU_SHOWN["prepositional"]) for w in nouns) else None
    return _RU_COUNT_CASES.get(before)


#: the end of a range a count starts ("с 9 до 18"), before its noun; "с 5 по 7 класс" counts no classes
_RU_RANGE_END = r"\s*до\s+(?:минус\s+)?\d+"
#: a range of years whose end the ordinals' rule has said ("с 2020 по две тысячи двадцать третий год")
_RU_YEARS_END = r"\s*(?:до|по)\s+(?:[а-яё]+\s+){1,5}(?:год|года|году)\b"


#: a Russian preposition before a number's word that starts with sounds it takes a vowel or "б" before ("во
#: втором", "ко второму", "со второго", "со ста", "об одном", "об одиннадцати")
_RU_EUPHONY = re.compile(r"(?<![\w-])([ВвКкСс](?= втор)|[Сс](?= ста?\b)|[Оо](?= одн| одиннадцат))")
_RU_EUPHONY_VOWEL = {"в": "о", "к": "о", "с": "о", "о": "б"}


#: a Russian noun's endings in the dative, instrumental and prepositional, in the plural (after a hard stem, after a
#: soft one) and in the singular after a count ending in one (a masculine hard stem, "ь", "а", "я"); an adjective's
#: before it ("квадратных метрах"): the plural's, the singular's (after a velar, "ий" is "им")
_RU_OBLIQUE = {"dative": (("ам", "ям"), ("у", "ю", "е", "е"), ("ым", "ому")),
               "instrumental": (("ами", "ями"), ("ом", "ём", "ой", "ей"), ("ыми", "ым")),
               "prepositional": (("ах", "ях"), ("е", "е", "е", "е"), ("ых", "ом"))}


_RU_ADJECTIVE = ("ый", "ий", "ой")  # the endings of an adjective in a unit's name ("квадратный метр")


def _ru_noun_in(word: str, case: str, one: bool) -> str:
    """A Russian noun or adjective of a unit's name (nominative singular) in `case`, plural or (`one`) singular; a
    compound's last part ("киловатт-час"), and a word ending in "о" ("евро") not at all."""
    head, _, word = word.rpartition("-")
    head = head + "-" if head else ""
    plural, singular, adjective = _RU_OBLIQUE[case]
    if word.endswith(_RU_ADJECTIVE):
        ending = adjective[one]
        if word[-3] in "кгхжшчщ" or word.endswith("ий"):
            ending = ending.replace("ы", "и")
        return head + word[:-2] + ending
    if word.endswith("о"):
        return head + word
    soft, stem = word.endswith(("ь", "я")), word[:-1] if word.endswith(("ь", "а", "я")) else word
    if not one:
        return head + stem + plural[soft]
    kind = {"ь": 1, "а": 2, "я": 3}.get(word[-1], 0)
    ending = singular[kind]
    if case == "instrumental" and kind == 2 and stem[-1] in "жшчщц":
        ending = "ей"  # "тысячей"
    return head + stem + ending


def _ru_head(words: list[str]) -> int:
    """The index of the first noun of a unit's name, after its adjectives (the last word if all are)."""
    return next((i for i, w in enumerate(words) if not w.endswith(_RU_ADJECTIVE)), len(words) - 1)


def _ru_feminine(name: str) -> bool:
    """Whether a unit's or coin's name is feminine: its first noun ("минута", "квадратный метр", "градус Цельсия")."""
    words = name.split(" ")
    return words[_ru_head(words)].endswith(("а", "я"))


def _ru_unit_in_case(name: str, case: str, one: bool) -> str:
    """A unit's name ("градус Цельсия", "квадратный метр", "километр в час") in `case`: its adjectives and first
    noun declined, the words after it as they are."""
    words = name.split(" ")
    count = _ru_head(words) + 1
    return " ".join([_ru_noun_in(w, case, one) for w in words[:count]] + words[count:])


def _ru_cardinal(n: int, case: str, gender: str = "m") -> str:
    """`n` in Russian words in `case` (num2words' name); a thousand and more without "one" before it ("до 1500":
    "до тысячи пятисот")."""
    return re.sub(r"^одн\w+ (тысяч)", r"\1", num2words(n, lang="ru", case=case, gender=gender))


def _ru_and_a_half(whole: int, case: str = "nominative", feminine: bool = False) -> str:
    """A whole number and a half in Russian words: "полтора" ("полторы" before a feminine noun, "полутора" in the
    other cases), "две с половиной"."""
    if whole == 1:
        return ("полторы" if feminine else "полтора") if case == "nominative" else "полутора"
    return f"{_ru_cardinal(whole, case, 'f' if feminine else 'm')} с половиной"


#: the nouns a bare number before them is an ordinal of ("на 5 этаже": "на пятом этаже", "5 класс": "пятый
#: класс"), in the forms that show it (a count of them is "5 этажей", "2 класса"), with the ending of _RU_CASES each
#: asks for
_RU_ORDINAL_NOUNS = {**dict.fromkeys(("этаж", "класс", "курс", "ряд"), "й"), "место": "е",
                     **dict.fromkeys(("этаже", "классе", "курсе", "ряду", "месте"), "м в"),
                     **dict.fromkeys(("этажу", "классу", "курсу"), "му")}


def _ru_bare_ordinal(n: int, before: str, word: str, rest: str) -> str | None:
    """A number written bare before a noun it is the ordinal of (`_RU_ORDINAL_NOUNS`), as that ordinal, or as the
    genitive one where it starts a range of them ("с 5 по 7 класс": "с пятого по седьмой класс"); None elsewhere."""
    if ending := _RU_ORDINAL_NOUNS.get(word.strip().lower()):
        return _ru_ordinal_in(n, ending) + word
    end = re.match(r"\s*по\s+\d+\s+(\w+)", rest)
    if before.lower() in ("с", "со") and end and end.group(1).lower() in _RU_ORDINAL_NOUNS:
        return _ru_ordinal_in(n, "го") + word
    return None


def _ru_count(match: re.Match) -> str | None:
    """A whole number after a preposition, in the case the preposition asks for ("около 3 километров": "около трёх
    километров", "к 10 часам": "к десяти часам", "с 9 до 21 часа": "с девяти до двадцати одного часа", "между 2 и 3
    часами"), where Festival says the nominative whatever comes before. A count ending in one takes the gender of
    the noun after it and stays as written where the noun's ending does not show it; the start of a range is
    masculine unless its noun shows otherwise. Years are ordinals: one starting a range of years is said so ("с
    2020 по 2023 год"), others are left to the ordinals' rule; so are floors and school years written bare ("на 5
    этаже": `_ru_bare_ordinal`), after a preposition or not."""
    n, before, word = int(match["n"]), _words_around(match)[0], match["word"] or ""
    rest = word + match.string[match.end():]
    if before.lower() in ("с", "со") and 1000 <= n <= 2100 and re.match(_RU_YEARS_END, rest):
        return _ru_ordinal_in(n, "го") + word
    minus = f"{match['minus']} " if match["minus"] else ""
    if not (match["half"] or match["n2"]) and (ordinal := _ru_bare_ordinal(n, before, word, rest)):
        return minus + ordinal
    case = _ru_count_case(before, rest)
    if match["half"]:  # "1,5 литра": "полтора литра", "до 1,5 литров": "до полутора литров"
        if not (n and word) or match["n2"] or case not in (None, "genitive"):
            return None
        return minus + _ru_and_a_half(n, case or "nominative", word.lower().endswith(("ы", "и"))) + word
    counts = [n] + ([int(match["n2"])] if match["n2"] else [])
    if case is None or (word.strip().lower().startswith("год") and max(counts) >= 1000):
        return None
    noun = re.match(r"(?:" + _RU_RANGE_END + r")?\W*(\w*)", rest).group(1).lower()
    feminine, masculine = _RU_GENDER_ENDINGS.get(case, ((), ()))
    if any(_ru_one(c) for c in counts) and not noun.endswith(feminine + masculine) and not (
            re.match(_RU_RANGE_END, rest)):
        return None
    gender = "f" if noun.endswith(feminine) else "m"
    said = _ru_cardinal(n, case, gender)
    if match["n2"]:
        said += f" {match['and']} {_ru_cardinal(counts[1], case, gender)}"
    return minus + said + word


#: the hours' and minutes' words of a time of day after a preposition of the genitive or the dative ("с 8:00":
#: "с восьми часов", "к 10:30": "к десяти часам тридцати минутам"): after one, after any other number
_RU_CLOCK_CASES = {"genitive": (("часа", "часов"), ("минуты", "минут")),
                   "dative": (("часу", "часам"), ("минуте", "минутам"))}


def _ru_time_in_case(h: int, m: int, before: str, rest: str) -> str | None:
    """A Russian time of day in the case the word `before` it asks for (with "с" always the genitive: "с 8:00",
    "from"); None where that is the accusative, which the time's own words are in ("в 7:45")."""
    case = "genitive" if before.lower() in ("с", "со") else _ru_count_case(before, rest)
    if case not in _RU_CLOCK_CASES:
        return None
    (hour, hours), (minute, minutes) = _RU_CLOCK_CASES[case]
    said = f"{_ru_cardinal(h, case)} {hour if _ru_one(h) else hours}"
    return said + (f" {_ru_cardinal(m, case, 'f')} {minute if _ru_one(m) else minutes}" if m else "")


#: the words before a year that "г" without its stop follows ("в 1990 г"; "добавьте 1500 г" is grams)
_RU_BEFORE_YEAR = ("в", "во", "с", "со", "до", "к", "от", "по", "после", "около")


def _ru_ordinal(n: int, mark: str, before: str, after: str) -> str | None:
    """"3-го" -> "третьего", "90-е годы" -> "девяностые годы", "в 1980-е" -> "в ... восьмидесятые"; a year of four
    digits before "году", "года", "год" or "г." is an ordinal too ("в 2024 году"), a count of years is not ("2
    года"); a shorter one before "г." after "в" ("в 44 г. до н. э."), and before "г" with no stop only after a
    preposition ("в 1990 г"; elsewhere "г" is grams). The endings of a count in the genitive are no ordinal's ("3-х
    лет": "трёх", "5-ти": "пяти")."""
    if mark.startswith(" "):  # a year
        word, before = mark.strip(), before.lower()
        if word == "г":
            year = 1000 <= n <= 2100 and before in _RU_BEFORE_YEAR
        else:
            year = n >= 1000 or (word == "г." and before in ("в", "во"))
        if not year:
            return None
        if word in ("г", "г."):  # "в 1990 г." is "в ... году", "с 1990 г." "с ... года"
            word = "году" if before in ("в", "во") else "года"
        dative = word == "году" and before in ("к", "ко")  # "к 2030 году": "к ... тридцатому году"
        return _ru_ordinal_in(n, "му" if dative else {"году": "м в", "года": "го"}.get(word, "й")) + " " + word
    ending = mark.lstrip("-")
    if (ending == "х" and 2 <= n <= 4) or ending == "ти" or (ending == "ми" and n in (7, 8)):
        return _ru_cardinal(n, "genitive")  # a count's ending, not an ordinal's: "до 3-х лет", "5-ти", "7-ми"
    ending += " в" if ending == "м" and before.lower() in _RU_LOCATIVE else ""
    # decades are plural, with their years' word or none ("в 1980-е и 90-е": "восьмидесятые", "девяностые")
    decade = n % 10 == 0 and (20 <= n <= 90 or 1000 <= n <= 2100) and after.lower() in ("", "и", "или", "гг")
    ending += " годы" if ending == "е" and (after.lower().startswith("год") or decade) else ""
    return _ru_ordinal_in(n, ending)


def _feminine(words: str) -> str:
    """A Spanish, Italian or Portuguese ordinal made feminine ("vigésimo primero" -> "vigésima primera")."""
    return re.sub(r"o\b", "a", words)


#: the Spanish words before which "primero" and "tercero" keep their whole form ("el 1.º de mayo"); before a
#: noun they are cut ("el 3.º piso" is "el tercer piso")
_ES_WHOLE_BEFORE = ("", "de", "del", "y", "e", "o", "u", "en", "a", "al", "que", "con", "por", "para")


#: articles before an ordinal written with the degree sign ("il 2° piano", "el 1° de mayo"), by num2words' name of
#: the language: the masculine ones, then the feminine ones
_DEGREE_ORDINAL_AFTER = {"es": (("el", "del", "al", "su"), ("la",)),
                         "it": (("il", "al", "del", "nel", "dal", "sul", "col", "suo"),
                                ("la", "alla", "della", "nella", "dalla", "sulla", "sua")),
                         "pt_BR": (("o", "do", "no", "ao", "pelo", "seu"), ("da", "na", "pela", "sua"))}


def _romance_ordinal(lang: str) -> Callable[[int, str, str, str], str | None]:
    """The ordinal of "1º", "1ª", Spanish "1.er" ("primer") and "2do", "3ra" (as Latin America writes them) in
    `lang` (num2words' name); of "2°" too after an article and before a small word ("il 2° piano"): elsewhere the
    sign is a degree's ("fino a 30° all'ombra")."""
    def said(n: int, mark: str, before: str, after: str) -> str | None:
        masculine, feminine = _DEGREE_ORDINAL_AFTER[lang]
        if mark == "°" and not (before.lower() in masculine + feminine and after[:1].islower()):
            return None
        words = num2words(n, lang=lang, to="ordinal")
        if lang == "es":  # (num2words writes "quadragésimo")
            words = words.replace("quadra", "cuadra")
        if mark.endswith(("ª", "a")) or (mark == "°" and before.lower() in feminine):
            return _feminine(words)
        # cut before a noun, not before a letter ("3º B", a flat: "tercero B")
        cut = mark.endswith("er") or (lang == "es" and len(after) > 1 and after.lower() not in _ES_WHOLE_BEFORE)
        return re.sub(r"(?<=prim|terc)ero$", "er", words) if cut else words
    return said


def _fr_ordinal(n: int, mark: str, before: str, after: str) -> str:
    """"1er" -> "premier", "1re" -> "première", "3e" -> "troisième", "2nd" -> "second"."""
    if n == 2 and mark.startswith("nd"):
        return "second" + mark[2:]
    if n == 1:
        return "première" if mark in ("re", "ère") else "premier"
    return num2words(n, lang="fr", to="ordinal")


_ES_DAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
_DE_WEEKDAYS = dict(zip(("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"),
                        ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")))


#: the words after which a German ordinal is said in the dative or with an article's weak ending ("am dritten")
_DE_WEAK = ("am", "im", "zum", "vom", "beim", "dem", "den", "zur", "einem", "einen", "des")
_DE_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
              "November", "Dezember")
#: endings of German feminine nouns ("Etage", "Sitzung", "Halbzeit", "Liga")
_DE_FEMININE_ENDINGS = ("e", "ung", "heit", "keit", "schaft", "ion", "tät", "ei", "ie", "ik", "enz", "anz", "zeit", "a")
#: common feminine nouns whose ending does not tell, alone or ending a compound ("in der 3. Nacht", "der 2. Altstadt")
_DE_FEMININE_WORDS = ("nacht", "stadt", "welt", "hand", "wand", "tür", "uhr", "frau", "zahl", "fahrt", "wahl",
                      "bahn", "spur", "tour", "schicht", "kraft", "macht", "bank", "arbeit", "saison", "stufe")
#: masculine nouns with such an ending ("der zweite Kunde")
_DE_MASCULINE_IN_E = ("Kunde", "Junge", "Kollege", "Name", "Vorname", "Nachname", "Gedanke", "Zeuge", "Experte",
                      "Erbe", "Buchstabe", "Wille", "Bote", "Neffe", "Käse", "Franzose", "Löwe")
#: the words before a number's stop, other than the weak ones, that make it a German ordinal ("der 2. Versuch")
_DE_BEFORE_ORDINAL = _DE_WEAK + ("der", "die", "das", "ein", "eine", "einer", "ab", "bis", "seit", "jeden", "jede",
                                 "jeder", "sein", "seine", "seinem", "seinen", "ihr", "ihre", "ihrem", "ihren")
#: the languages whose ordinals are written with a stop, and what tells such a stop from a sentence's end
_ORDINAL_STOP = {"de": (_DE_BEFORE_ORDINAL, _DE_MONTHS)}


def ordinal_at_stop(language: str, before: str, after: str) -> bool:
    """Whether a number's stop between the words `before` and `after` writes an ordinal in `language` ("am 3. Mai",
    "der 2. Versuch", "3. im Rennen") rather than ending a sentence ("Er ist 30. Seine Frau"); False in a language
    that writes no ordinal with a stop."""
    if language not in _ORDINAL_STOP:
        return False
    words, months = _ORDINAL_STOP[language]
    return before.lower() in words or after in months or after[:1].islower()


def _de_feminine(noun: str) -> bool:
    """Whether a German noun is feminine, as far as its ending, or a short list of the common ones it does not tell,
    can say."""
    return (noun.endswith(_DE_FEMININE_ENDINGS) and noun not in _DE_MASCULINE_IN_E
            or noun.lower().endswith(_DE_FEMININE_WORDS))


def _de_ordinal(n: int, mark: str, before: str, after: str) -> str | None:
    """"3." -> "dritte", "am 3." -> "am dritten", "Montag, 5. Mai" -> "Montag, fünften Mai" (as "am Montag, dem 5."
    and "Montag, den 5." say it), where the words around make the stop an ordinal's; a number of three digits or more
    before a stop ends a sentence more often ("im Jahr 2024. Danach"). A decade: "90er" -> "neunziger"."""
    if mark.startswith("er"):  # a decade: "die 90er", "in den 1980ern", "die 20er-Jahre"
        return (num2words(n, lang="de", to="year") if n >= 1000 else num2words(n, lang="de")) + mark
    if n >= 100 or not ordinal_at_stop("de", before, after):
        return None
    # (the end of a range of days is said as its start is: "vom 1. bis fünfzehnten August"); "der" before a feminine
    # noun is its dative or genitive ("in der dritten Etage"), before any other its nominative ("der dritte Platz")
    weak = (before.lower() in (*_DE_WEAK, "einer") or before in _DE_WEEKDAYS.values()
            or before == "bis" and after in _DE_MONTHS
            or before.lower() == "der" and after[:1].isupper() and _de_feminine(after))
    return num2words(n, lang="de", to="ordinal") + ("n" if weak else "")


def _romance_fraction(lang: str, one: str, half: str, names: dict[int, tuple[str, str]],
                     plural: Callable[[str], str]) -> Callable[[int, int, str], str | None]:
    """Halves to tenths in Spanish, French, Italian or Portuguese: `half` for one half ("medio litro", "un demi-litre";
    before a word ending in "a", as the feminine nouns of Spanish, Italian and Portuguese do, "media taza"), `names`
    for the denominators with a name of their own (one, many: "tercio", "tercios"), the ordinal for the others
    ("quinto", made plural by `plural`); the numerator one is `one` ("un")."""
    def said(numerator: int, denominator: int, after: str) -> str | None:
        if not 2 <= denominator <= 10:
            return None
        if (numerator, denominator) == (1, 2):
            return _feminine(half) if after.endswith("a") else half
        single, many = names.get(denominator) or (lambda o: (o, plural(o)))(num2words(denominator, lang=lang,
                                                                                          to="ordinal"))
        return f"{one} {single}" if numerator == 1 else f"{num2words(numerator, lang=lang)} {many}"
    return said


def _de_fraction(numerator: int, denominator: int, after: str) -> str | None:
    """"1/2" -> "ein halb" ("eine halbe" before a noun of a feminine ending: "eine halbe Tasse"), "3/4" -> "drei
    Viertel"."""
    if not 2 <= denominator <= 10:
        return None
    if (numerator, denominator) == (1, 2) and after[:1].isupper() and after.endswith(("e", "ung", "heit", "keit")):
        return "eine halbe"
    count = "ein" if numerator == 1 else num2words(numerator, lang="de")
    if denominator == 2:
        return f"{count} halb" if numerator == 1 else f"{count} halbe"
    return f"{count} {num2words(denominator, lang='de', to='ordinal')[:-1].capitalize()}el"


def _ru_fraction(numerator: int, denominator: int, after: str) -> str | None:
    """"1/2" -> "одна вторая", "3/4" -> "три четвёртых": the ordinal feminine after one, in the genitive plural
    after more."""
    if not 2 <= denominator <= 10:
        return None
    if numerator == 1:
        return "одна " + _ru_ordinal_in(denominator, "я")
    return ("две" if numerator == 2 else num2words(numerator, lang="ru")) + " " + _ru_ordinal_in(denominator, "х")


def _ordinal_then_cardinal(lang: str) -> Callable[[int, str, str], str]:
    """Spanish and Portuguese centuries and kings: ordinals to ten ("Carlos V", "quinto"), cardinals after ("siglo
    XIX", "diecinueve")."""
    return lambda n, mark, century: num2words(n, lang=lang, to="ordinal" if n <= 10 else "cardinal")


def _fr_roman(n: int, mark: str, century: str) -> str:
    """"XIXe siècle" -> "dix-neuvième siècle", "Louis XIV" -> "Louis quatorze", "François Ier" -> "premier"."""
    if n == 1:
        return "premier"
    return num2words(n, lang="fr", to="ordinal" if century or mark else "cardinal")


#: the case a Russian century's word asks of its ordinal ("в XIX веке": the prepositional)
_RU_CENTURY_CASES = {"века": "го", "веке": "м в", "веку": "му", "веком": "м"}


#: the words before a Russian century's numeral and the case they ask of its word ("в XIX в." -> "веке")
_RU_CENTURY_AFTER = {**dict.fromkeys(("в", "во", "о", "об", "при"), "веке"), "к": "веку",
                     **dict.fromkeys(("до", "с", "со", "от", "после", "около", "из", "для", "начала", "конца",
                                      "середины"), "века")}


def _ru_century_word(before: str) -> str:
    """"век" in the case the word before its numeral asks ("в XIX в." -> "в XIX веке")."""
    return _RU_CENTURY_AFTER.get(before.lower(), "век")


def _ru_roman(n: int, mark: str, century: str) -> str:
    """"XIX век" -> "девятнадцатый век", "в XIX веке" -> "в девятнадцатом веке", "Пётр I" -> "Пётр первый"."""
    return _ru_ordinal_in(n, _RU_CENTURY_CASES.get(century.lower(), "й"))


def _de_roman(n: int, mark: str, century: str) -> str | None:
    """"Karl V." -> "Karl der Fünfte": a ruler's number, which German writes with a stop; without one ("Kapitel IV",
    "Band II": every German noun is capitalised, so it may follow any) it is left to the reader."""
    return "der " + num2words(n, lang="de", to="ordinal").capitalize() if mark else None


def _fr_clock(said: str) -> str:
    """French hours and minutes are feminine ("vingt et une heures trente et une"), and fewer than two is singular."""
    said = re.sub(r"\bun\b", "une", said)
    return re.sub(r"^(zéro|une) heures\b", r"\1 heure", said)


def _es_clock(said: str) -> str:
    """Spanish hours are feminine ("la una", "las veintiuna")."""
    return re.sub(r"^(veinti)?uno\b", lambda m: (m.group(1) or "") + "una", said)


def _es_day_part(h: int, pm: bool) -> str:
    """The part of the day a Spanish twelve-hour time is said with ("las tres de la tarde")."""
    if pm:
        return "del mediodía" if h == 12 else "de la tarde" if h < 8 else "de la noche"
    return "de la noche" if h == 12 else "de la madrugada" if h < 6 else "de la mañana"


def _pt_clock(said: str) -> str:
    """Portuguese hours are feminine ("uma hora", "duas horas", "vinte e duas"), and one is singular."""
    said = re.sub(r"^((?:vinte e )?)(um|dois)\b", lambda m: m.group(1) + {"um": "uma", "dois": "duas"}[m.group(2)],
                  said)
    return re.sub(r"^uma horas\b", "uma hora", said)


def _ru_clock(said: str) -> str:
    """Russian minutes are feminine, and said in the accusative a time of day takes after "в" ("в семь часов одну
    минуту", "две минуты")."""
    return re.sub(r"\b(один|два)( минут)", lambda m: ("одну" if m.group(1) == "один" else "две") + m.group(2), said)


def _cardinal(n: int, lang: str) -> str:
    """`n` in words; Brazilian Portuguese's are written by num2words with commas ("mil, novecentos"), which a reader
    would pause at."""
    return num2words(n, lang=lang).replace(",", "")


_EUROPEAN = ("euro", "euros", "euros")


def _counted(one: str, many: str) -> tuple[str, str, str]:
    """A thing's forms where "a few" is "many", as in every language here but Russian."""
    return one, many, many


def _scale(one: str, many: str, of: bool = True) -> tuple[tuple[str, str, str], bool]:
    """A scale's entry in `_Language.scales`: its forms (`_counted`) and whether "of" comes before the currency."""
    return _counted(one, many), of


def _iberian_measures(gram: str) -> dict[str, tuple[str, str, str]]:
    """Lengths, weights, volumes and minutes in Spanish's and Portuguese's words (they differ only in the gram's)."""
    return {"m": _counted("metro", "metros"), "cm": _counted("centímetro", "centímetros"),
            "mm": _counted("milímetro", "milímetros"), "g": _counted(gram, gram + "s"),
            "l": _counted("litro", "litros"), "ml": _counted("mililitro", "mililitros"),
            "min": _counted("minuto", "minutos")}


def _technical(second: str, milli: str, byte: str, watt: str, kwh: str, volt: str, mah: str, hertz: str,
               per_second: str, decibel: str, milligram: str,
               spelled: dict[str, str]) -> dict[str, tuple[str, str, str]]:
    """Seconds, data, power, frequency and loudness as a language of Western Europe says them after a number: each
    argument is "one|many" ("segundo|segundos"), the data, power and frequency words without their prefixes ("byte",
    "vatio"); `spelled` gives a prefix its spelling where it is not the Latin one ("kilo": "quilo")."""
    def forms(words: str, prefix: str = "") -> tuple[str, str, str]:
        one, many = words.split("|")
        return _counted(spelled.get(prefix, prefix) + one, spelled.get(prefix, prefix) + many)
    data = {sign + "B": forms(byte, name) for sign, name in (("k", "kilo"), ("K", "kilo"), ("M", "mega"),
                                                             ("G", "giga"), ("T", "tera"))}
    rates = {f"{sign}{b}": forms(per_second, prefix) for sign, prefix in (("M", "mega"), ("G", "giga"))
             for b in ("bit/s", "bps", "b/s")}
    return {"s": forms(second), "ms": forms(milli), **data, "W": forms(watt), "kW": forms(watt, "kilo"),
            "kWh": forms(kwh), "V": forms(volt), "mAh": forms(mah), "Hz": forms(hertz),
            **{p + "Hz": forms(hertz, name) for p, name in (("k", "kilo"), ("M", "mega"), ("G", "giga"))},
            **rates, "dB": forms(decibel), "mg": forms(milligram)}


#: Russian's seconds, data, power, frequency and loudness after a number (Cyrillic signs, and the Latin ones of
#: data, battery and frequency, as shops write them): one, a few, many
_RU_TECHNICAL = {
    **dict.fromkeys(("с", "сек", "сек."), ("секунда", "секунды", "секунд")),
    "мс": ("миллисекунда", "миллисекунды", "миллисекунд"), "мг": ("миллиграмм", "миллиграмма", "миллиграммов"),
    **dict.fromkeys(("КБ", "Кб", "кБ", "KB", "kB"), ("килобайт", "килобайта", "килобайт")),
    **dict.fromkeys(("МБ", "Мб", "MB"), ("мегабайт", "мегабайта", "мегабайт")),
    **dict.fromkeys(("ГБ", "Гб", "GB"), ("гигабайт", "гигабайта", "гигабайт")),
    **dict.fromkeys(("ТБ", "Тб", "TB"), ("терабайт", "терабайта", "терабайт")),
    "Вт": ("ватт", "ватта", "ватт"), "кВт": ("киловатт", "киловатта", "киловатт"),
    **dict.fromkeys(("кВт·ч", "кВт*ч", "кВтч"), ("киловатт-час", "киловатт-часа", "киловатт-часов")),
    "В": ("вольт", "вольта", "вольт"),
    **dict.fromkeys(("мА·ч", "мАч", "mAh"), ("миллиампер-час", "миллиампер-часа", "миллиампер-часов")),
    **dict.fromkeys(("Гц", "Hz"), ("герц", "герца", "герц")), "кГц": ("килогерц", "килогерца", "килогерц"),
    **dict.fromkeys(("МГц", "MHz"), ("мегагерц", "мегагерца", "мегагерц")),
    **dict.fromkeys(("ГГц", "GHz"), ("гигагерц", "гигагерца", "гигагерц")),
    "Мбит/с": ("мегабит в секунду", "мегабита в секунду", "мегабит в секунду"),
    "Гбит/с": ("гигабит в секунду", "гигабита в секунду", "гигабит в секунду"),
    "дБ": ("децибел", "децибела", "децибел"), "м/с": ("метр в секунду", "метра в секунду", "метров в секунду")}


#: Russian's kilometres and kilograms, written in Cyrillic or Latin letters
_RU_KM, _RU_KG = ("километр", "километра", "километров"), ("килограмм", "килограмма", "килограммов")
#: Russian's thousands, millions and billions after a number, and in an amount of money
_RU_SCALES = {"тыс.": ("тысяча", "тысячи", "тысяч"), "млн": ("миллион", "миллиона", "миллионов"),
              "млрд": ("миллиард", "миллиарда", "миллиардов")}
_RU_M2 = ("квадратный метр", "квадратных метра", "квадратных метров")
_RU_KM2 = ("квадратный километр", "квадратных километра", "квадратных километров")
_RU_M3 = ("кубический метр", "кубических метра", "кубических метров")
_RU_KMH = ("километр в час", "километра в час", "километров в час")
LANGUAGES = {
    "es": _Language("es", ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
                           "octubre", "noviembre", "diciembre"), "coma", "{day} de {month} de {year}", "{h} y {m}",
                    "{h} en punto", {"€": _EUROPEAN, "$": ("dólar", "dólares", "dólares"),
                                     "£": ("libra", "libras", "libras"), "₽": ("rublo", "rublos", "rublos"),
                                     "R$": ("real", "reales", "reales")},
                    ("céntimo", "céntimos", "céntimos"), "con", True, one="un",
                    abbreviations={"Sr.": "señor", "Sra.": "señora", "Dr.": "doctor", "Dra.": "doctora",
                                   "Ud.": "usted", "Uds.": "ustedes", "etc.": "etcétera", "p. ej.": "por ejemplo",
                                   "núm.": "número", "Avda.": "avenida", "№": "número", "Prof.": "profesor",
                                   "Profa.": "profesora", "Srta.": "señorita", "Sres.": "señores",
                                   "EE. UU.": "Estados Unidos", "pág.": "página",
                                   "págs.": "páginas", "cap.": "capítulo", "aprox.": "aproximadamente",
                                   "tel.": "teléfono", "Dña.": "doña", "nº": "número", "n.º": "número",
                                   "a. C.": "antes de Cristo", "d. C.": "después de Cristo", "Sta.": "santa",
                                   "Sto.": "santo", "C/": "calle", "s/n": "sin número", "izda.": "izquierda",
                                   "dcha.": "derecha", "Pza.": "plaza", "Ctra.": "carretera", "mill.": "millones",
                                   "incl.": "incluido"},
                    numbered={"art.": "artículo", "Art.": "artículo", "p.": "página", "s.": "siglo", "km": "kilómetro"},
                    day_month_before="el|del|al|hasta|desde|día",
                    closing=("etc.",),
                    weekdays=dict(zip(("lun", "mar", "mié", "jue", "vie", "sáb", "dom"), _ES_DAYS)),
                    day_range_words="a|al",
                    units={"km": ("kilómetro", "kilómetros", "kilómetros"), **_iberian_measures("gramo"),
                           "km/h": _counted("kilómetro por hora", "kilómetros por hora"),
                           "kg": ("kilogramo", "kilogramos", "kilogramos"), "%": ("por ciento",) * 3,
                           "°C": ("grado Celsius", "grados Celsius", "grados Celsius"),
                           "°F": _counted("grado Fahrenheit", "grados Fahrenheit"), "h": _counted("hora", "horas"),
                           "m²": ("metro cuadrado", "metros cuadrados", "metros cuadrados"),
                           "km²": ("kilómetro cuadrado", "kilómetros cuadrados", "kilómetros cuadrados"),
                           "m³": ("metro cúbico", "metros cúbicos", "metros cúbicos"),
                           "seg": _counted("segundo", "segundos"),
                           "m/s": _counted("metro por segundo", "metros por segundo"),
                           "km/l": _counted("kilómetro por litro", "kilómetros por litro"),
                           "l/100 km": _counted("litro a los cien kilómetros", "litros a los cien kilómetros"),
                           **_technical("segundo|segundos", "milisegundo|milisegundos", "byte|bytes", "vatio|vatios",
                                        "kilovatio hora|kilovatios hora", "voltio|voltios",
                                        "miliamperio hora|miliamperios hora", "hercio|hercios",
                                        "bit por segundo|bits por segundo", "decibelio|decibelios",
                                        "miligramo|miligramos", {})},
                    ordinal=_romance_ordinal("es"),
                    ordinal_marks=r"\.?(?:º|ª|era|er)|°|ro|do|to|vo|no|mo|ra|da|ta|va|na|ma", minus="menos",
                    clock_h=True, clock=_es_clock, day_part=_es_day_part, time_words="las|la",
                    roman=_ordinal_then_cardinal("es"),
                    century_words="siglos?",
                    score_word="a", range_word="a",
                    symbols={"&": "y", "+": "más", "×": "por", "±": "más o menos", "~": "aproximadamente",
                             "≤": "menor o igual a", "≥": "mayor o igual a", "=": "igual a"},
                    per=("por", "mes|año|semana|día|hora|persona|noche|kilo|unidad"),
                    phone_group=3, address=("uve doble uve doble uve doble", "punto", "arroba", "barra"),
                    scales={"M": _scale("millón", "millones"), "mill.": _scale("millón", "millones")},
                    scale_of=("de ", "de "),
                    fraction=_romance_fraction("es", "un", "medio", {2: ("medio", "medios"), 3: ("tercio", "tercios"),
                                                            4: ("cuarto", "cuartos")}, lambda o: o + "s")),
    "fr": _Language("fr", ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                           "octobre", "novembre", "décembre"), "virgule", "{day} {month} {year}", "{h} heures {m}",
                    "{h} heures", {"€": _EUROPEAN, "$": ("dollar", "dollars", "dollars"),
                                   "£": ("livre", "livres", "livres"), "₽": ("rouble", "roubles", "roubles"),
                                   "R$": ("réal", "réaux", "réaux")},
                    ("centime", "centimes", "centimes"), "et", False, day=lambda d, _: "premier" if d == 1 else "",
                    abbreviations={"Mme": "Madame", "Mlle": "Mademoiselle", "Mmes": "Mesdames",
                                   "24h/24": "vingt-quatre heures sur vingt-quatre", "7j/7": "sept jours sur sept",
                                   "Mlles": "Mesdemoiselles", "Dr": "Docteur", "etc.": "etcetera",
                                   "p. ex.": "par exemple", "n°": "numéro", "№": "numéro", "M.": "Monsieur",
                                   "MM.": "Messieurs", "bd": "boulevard", "av.": "avenue", "Pr": "Professeur",
                                   "chap.": "chapitre", "env.": "environ", "tél.": "téléphone",
                                   "av. J.-C.": "avant Jésus-Christ", "apr. J.-C.": "après Jésus-Christ",
                                   "J.-C.": "Jésus-Christ", "c.-à-d.": "c'est-à-dire", "cf.": "confer", "Ste": "Sainte",
                                   "St": "Saint", "nº": "numéro"},
                    numbered={"art.": "article", "Art.": "article", "p.": "page", "km": "kilomètre"},
                    day_month_before="le|du|au", closing=("etc.",),
                    weekdays=dict(zip(("lun", "mar", "mer", "jeu", "ven", "sam", "dim"),
                                      ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"))),
                    day_range_words="au|à",
                    units={"km": ("kilomètre", "kilomètres", "kilomètres"),
                           "km/h": _counted("kilomètre-heure", "kilomètres-heure"),
                           "kmh": _counted("kilomètre-heure", "kilomètres-heure"), "m": _counted("mètre", "mètres"),
                           "cm": _counted("centimètre", "centimètres"), "mm": _counted("millimètre", "millimètres"),
                           "g": _counted("gramme", "grammes"), "l": _counted("litre", "litres"),
                           "ml": _counted("millilitre", "millilitres"), "min": _counted("minute", "minutes"),
                           "kg": ("kilogramme", "kilogrammes", "kilogrammes"), "%": ("pour cent",) * 3,
                           "°C": ("degré Celsius", "degrés Celsius", "degrés Celsius"),
                           "°F": _counted("degré Fahrenheit", "degrés Fahrenheit"),
                           "m²": ("mètre carré", "mètres carrés", "mètres carrés"),
                           "km²": ("kilomètre carré", "kilomètres carrés", "kilomètres carrés"),
                           "m³": ("mètre cube", "mètres cubes", "mètres cubes"),
                           "sec": _counted("seconde", "secondes"),
                           "m/s": _counted("mètre par seconde", "mètres par seconde"),
                           "l/100 km": _counted("litre aux cent kilomètres", "litres aux cent kilomètres"),
                           **{octets: _counted(f"{prefix}octet", f"{prefix}octets") for octets, prefix in
                              (("Ko", "kilo"), ("ko", "kilo"), ("Mo", "méga"), ("Go", "giga"), ("To", "téra"))},
                           **_technical("seconde|secondes", "milliseconde|millisecondes", "octet|octets", "watt|watts",
                                        "kilowattheure|kilowattheures", "volt|volts",
                                        "milliampère-heure|milliampères-heures", "hertz|hertz",
                                        "bit par seconde|bits par seconde", "décibel|décibels",
                                        "milligramme|milligrammes", {"mega": "méga", "tera": "téra"})},
                    clock=_fr_clock,
                    ordinal=_fr_ordinal, ordinal_marks="nde|nd|er|re|ère|ème|e", minus="moins", clock_h=True,
                    roman=_fr_roman, century_words="siècles?", roman_marks="er|e|ème", score_word="à", range_word="à",
                    symbols={"&": "et", "+": "plus", "×": "fois", "±": "plus ou moins", "~": "environ",
                             "≤": "inférieur ou égal à", "≥": "supérieur ou égal à", "=": "égale"},
                    per=("par", "mois|an|année|semaine|jour|heure|personne|nuit|kilo|pièce"),
                    phone_group=2, address=("double vé double vé double vé", "point", "arobase", "slash"),
                    scales={"M": _scale("million", "millions"), "Md": _scale("milliard", "milliards"),
                            "Mds": _scale("milliard", "milliards"), "Mrd": _scale("milliard", "milliards"),
                            "k": _scale("mille", "mille", of=False)},
                    scale_of=("de ", "d'"),
                    fraction=_romance_fraction("fr", "un", "un demi", {2: ("demi", "demis"), 3: ("tiers", "tiers"),
                                                            4: ("quart", "quarts")}, lambda o: o + "s")),
    "de": _Language("de", _DE_MONTHS, "Komma", "{day} {month} {year}", "{h} Uhr {m}",
                    "{h} Uhr", {"€": ("Euro",) * 3, "$": ("Dollar",) * 3, "£": ("Pfund",) * 3, "₽": ("Rubel",) * 3,
                                "R$": ("Real",) * 3}, ("Cent",) * 3, "und", True, one="ein",
                    # a date is said with the dative ordinal: "am fünfzehnten März"
                    day=lambda d, _: num2words(d, lang="de", to="ordinal") + "n",
                    year=lambda y: num2words(y, lang="de", to="year"), day_month_stops=(".",),
                    decimal_digits=2,  # "drei Komma eins vier eins", but "null Komma fünfundsiebzig"
                    day_month_before="am|vom|zum|bis|ab|seit|" + "|".join(_DE_WEEKDAYS) + "|"
                                     + "|".join(_DE_WEEKDAYS.values()),
                    abbreviations={"z. B.": "zum Beispiel", "usw.": "und so weiter", "etc.": "et cetera",
                                   "bzw.": "beziehungsweise", "d. h.": "das heißt",
                                   "Nr.": "Nummer", "Str.": "Straße", "Dr.": "Doktor", "ca.": "circa", "№": "Nummer",
                                   "Hr.": "Herr", "Fr.": "Frau", "Prof.": "Professor", "Kap.": "Kapitel",
                                   "inkl.": "inklusive", "exkl.": "exklusive", "Tel.": "Telefon", "Tsd.": "Tausend",
                                   "ggf.": "gegebenenfalls", "evtl.": "eventuell", "u. a.": "unter anderem",
                                   "vgl.": "vergleiche", "Mio.": "Millionen",
                                   "Mrd.": "Milliarden", "Jh.": "Jahrhundert", "v. Chr.": "vor Christus",
                                   "n. Chr.": "nach Christus", "o. Ä.": "oder Ähnliches", "z. T.": "zum Teil",
                                   "zzgl.": "zuzüglich", "mind.": "mindestens", "MwSt.": "Mehrwertsteuer",
                                   "bspw.": "beispielsweise", "i. d. R.": "in der Regel", "sog.": "sogenannte",
                                   "Co.": "Co"},
                    word_endings={"str.": "straße"},
                    # a weekday before a number too ("Sa. 10-14 Uhr"), where "Fr." is no "Frau"
                    numbered={"S.": "Seite", "Art.": "Artikel", "Abs.": "Absatz", "Bd.": "Band", "Abb.": "Abbildung",
                              "Tab.": "Tabelle", "Jg.": "Jahrgang", "km": "Kilometer",
                              **{a + ".": day for a, day in _DE_WEEKDAYS.items()}},
                    weekdays=_DE_WEEKDAYS, day_range_words="bis",
                    closing=("usw.", "etc.", "o. Ä."),
                    units={"km": ("Kilometer",) * 3, "kg": ("Kilogramm",) * 3, "%": ("Prozent",) * 3,
                           "km/h": ("Kilometer pro Stunde",) * 3, "m": ("Meter",) * 3, "cm": ("Zentimeter",) * 3,
                           "mm": ("Millimeter",) * 3, "g": ("Gramm",) * 3, "l": ("Liter",) * 3,
                           "ml": ("Milliliter",) * 3, "min": _counted("Minute", "Minuten"),
                           "°C": ("Grad Celsius",) * 3, "°F": ("Grad Fahrenheit",) * 3, "m²": ("Quadratmeter",) * 3,
                           "h": _counted("Stunde", "Stunden"), "Std.": _counted("Stunde", "Stunden"),
                           "Min.": _counted("Minute", "Minuten"), "Sek.": _counted("Sekunde", "Sekunden"),
                           "km²": ("Quadratkilometer",) * 3, "m³": ("Kubikmeter",) * 3,
                           "m/s": ("Meter pro Sekunde",) * 3, "sek": _counted("Sekunde", "Sekunden"),
                           "l/100 km": ("Liter auf hundert Kilometer",) * 3,
                           # (German writes its nouns with a capital: "Kilowatt", "Megabit pro Sekunde")
                           **{sign: tuple(w[:1].upper() + w[1:] for w in forms) for sign, forms in _technical(
                               "Sekunde|Sekunden", "Millisekunde|Millisekunden", "byte|byte", "watt|watt",
                               "Kilowattstunde|Kilowattstunden", "Volt|Volt", "Milliamperestunde|Milliamperestunden",
                               "hertz|hertz", "bit pro Sekunde|bit pro Sekunde", "Dezibel|Dezibel",
                               "Milligramm|Milligramm", {}).items()}},
                    clock=lambda said: re.sub(r"^eins Uhr", "ein Uhr", said),
                    # an ordinal's stop before the next word ("am 3. Mai"), not one that ends the text
                    ordinal=_de_ordinal, ordinal_marks=r"\.(?=\s+\w)|(?<=\d0)er[ns]?", minus="minus",
                    fraction=_de_fraction,
                    and_a_half=lambda whole: ("ein" if whole == 1 else num2words(whole, lang="de")) + "einhalb",
                    time_words="um|ab|bis|gegen",
                    score_word="zu", range_word="bis",
                    symbols={"&": "und", "+": "plus", "×": "mal", "±": "plus minus", "~": "etwa",
                             "≤": "kleiner gleich", "≥": "größer gleich", "=": "gleich"},
                    per=("pro", "Monat|Jahr|Woche|Tag|Stunde|Person|Nacht|Stück|Kilo|Kopf"),
                    # a ruler's stop before a small word ("Karl V. war"), not a sentence's ("Lies Kapitel IV.")
                    roman=_de_roman, roman_marks=r"\.(?=\s+[a-zäöüß])",
                    phone_group=2, address=("weh weh weh", "Punkt", "at", "Schrägstrich"), hashtag="Hashtag",
                    scales={"Mio.": _scale("Million", "Millionen"), "Mrd.": _scale("Milliarde", "Milliarden"),
                            "Tsd.": _scale("Tausend", "Tausend"), "Mio": _scale("Million", "Millionen"),
                            "Mrd": _scale("Milliarde", "Milliarden")}),
    "it": _Language("it", ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
                           "settembre", "ottobre", "novembre", "dicembre"), "virgola", "{day} {month} {year}",
                    "{h} e {m}", "{h}", {"€": ("euro",) * 3, "$": ("dollaro", "dollari", "dollari"),
                                          "£": ("sterlina", "sterline", "sterline"), "₽": ("rublo", "rubli", "rubli"),
                                          "R$": ("real",) * 3},
                    ("centesimo", "centesimi", "centesimi"), "e", True, day=lambda d, _: "primo" if d == 1 else "",
                    one="un", abbreviations={"Sig.": "signor", "Sig.ra": "signora", "Dott.": "dottor",
                                             "ecc.": "eccetera", "№": "numero", "Dott.ssa": "dottoressa",
                                             "Sig.na": "signorina", "Prof.": "professor", "Prof.ssa": "professoressa",
                                             "pag.": "pagina", "cap.": "capitolo", "tel.": "telefono",
                                             "mln": "milioni", "mld": "miliardi",
                                             "p. es.": "per esempio", "n.": "numero", "sig.": "signor",
                                             "sig.ra": "signora", "sig.na": "signorina", "sigg.": "signori",
                                             "dott.": "dottor", "dott.ssa": "dottoressa", "prof.": "professor",
                                             "prof.ssa": "professoressa", "avv.": "avvocato", "ing.": "ingegner",
                                             "a. C.": "avanti Cristo", "d. C.": "dopo Cristo", "sec.": "secolo",
                                             "ca.": "circa", "P.zza": "Piazza", "p.zza": "piazza", "C.so": "Corso",
                                             "V.le": "Viale", "L.go": "Largo"},
                    numbered={"art.": "articolo", "Art.": "articolo", "p.": "pagina", "int.": "interno",
                              "km": "chilometro"}, day_month_before="il|dal|al",
                    closing=("ecc.",),
                    weekdays=dict(zip(("lun", "mar", "mer", "gio", "ven", "sab", "dom"),
                                      ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"))),
                    day_range_words="a|al",
                    units={"km": ("chilometro", "chilometri", "chilometri"),
                           "km/h": _counted("chilometro l'ora", "chilometri l'ora"), "m": _counted("metro", "metri"),
                           "cm": _counted("centimetro", "centimetri"), "mm": _counted("millimetro", "millimetri"),
                           "g": _counted("grammo", "grammi"), "l": _counted("litro", "litri"),
                           "ml": _counted("millilitro", "millilitri"), "min": _counted("minuto", "minuti"),
                           "kg": ("chilogrammo", "chilogrammi", "chilogrammi"), "%": ("per cento",) * 3,
                           "°C": ("grado Celsius", "gradi Celsius", "gradi Celsius"),
                           "°F": _counted("grado Fahrenheit", "gradi Fahrenheit"), "h": _counted("ora", "ore"),
                           "m²": ("metro quadrato", "metri quadrati", "metri quadrati"),
                           "km²": ("chilometro quadrato", "chilometri quadrati", "chilometri quadrati"),
                           "m³": ("metro cubo", "metri cubi", "metri cubi"),
                           "sec": _counted("secondo", "secondi"),
                           "m/s": _counted("metro al secondo", "metri al secondo"),
                           "km/l": _counted("chilometro al litro", "chilometri al litro"),
                           "l/100 km": _counted("litro per cento chilometri", "litri per cento chilometri"),
                           **_technical("secondo|secondi", "millisecondo|millisecondi", "byte|byte", "watt|watt",
                                        "kilowattora|kilowattora", "volt|volt", "milliampere ora|milliampere ora",
                                        "hertz|hertz", "bit al secondo|bit al secondo", "decibel|decibel",
                                        "milligrammo|milligrammi", {})},
                    ordinal=_romance_ordinal("it"), ordinal_marks="º|ª|°", minus="meno",
                    time_words="alle|dalle|delle|ore|le|l'", roman=lambda n, mark, century: num2words(n, lang="it",
                                                                                                to="ordinal"),
                    century_words="secol[oi]",
                    score_word="a", range_word="a",
                    symbols={"&": "e", "+": "più", "×": "per", "±": "più o meno", "~": "circa",
                             "≤": "minore o uguale a", "≥": "maggiore o uguale a", "=": "uguale a"},
                    per=("per", "mese|anno|settimana|giorno|ora|persona|notte|chilo|pezzo"),
                    address=("vu vu vu", "punto", "chiocciola", "slash"),
                    scales={"mln": _scale("milione", "milioni"), "mld": _scale("miliardo", "miliardi")},
                    scale_of=("di ", "di "),
                    fraction=_romance_fraction("it", "un", "mezzo", {2: ("mezzo", "mezzi")}, lambda o: o[:-1] + "i")),
    "pt": _Language("pt_BR", ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
                              "setembro", "outubro", "novembro", "dezembro"), "vírgula", "{day} de {month} de {year}",
                    "{h} e {m}", "{h} horas", {"€": _EUROPEAN, "$": ("dólar", "dólares", "dólares"),
                                                "£": ("libra", "libras", "libras"), "₽": ("rublo", "rublos", "rublos"),
                                                "R$": ("real", "reais", "reais")},
                    ("centavo", "centavos", "centavos"), "e", True, day=lambda d, _: "primeiro" if d == 1 else "",
                    abbreviations={"Sr.": "Senhor", "Sra.": "Senhora", "Dr.": "Doutor", "Dra.": "Doutora",
                                   "etc.": "etcétera", "p.ex.": "por exemplo", "nº": "número", "n.º": "número",
                                   "Av.": "Avenida", "№": "número", "Prof.": "Professor", "Profa.": "Professora",
                                   "pág.": "página", "cap.": "capítulo", "tel.": "telefone",
                                   "aprox.": "aproximadamente", "a. C.": "antes de Cristo",
                                   "d. C.": "depois de Cristo",
                                   "séc.": "século", "obs.": "observação", "Ltda.": "limitada", "Pça.": "Praça",
                                   "Al.": "Alameda"},
                    numbered={"art.": "artigo", "Art.": "artigo", "p.": "página", "apto.": "apartamento",
                              "ap.": "apartamento", "km": "quilômetro"}, day_month_before="dia|em|até|desde",
                    closing=("etc.",),
                    weekdays=dict(zip(("seg", "ter", "qua", "qui", "sex", "sáb", "dom"),
                                      ("segunda", "terça", "quarta", "quinta", "sexta", "sábado", "domingo"))),
                    day_range_words="a|à",
                    units={"km": ("quilômetro", "quilômetros", "quilômetros"), **_iberian_measures("grama"),
                           "km/h": _counted("quilômetro por hora", "quilômetros por hora"),
                           "kg": ("quilograma", "quilogramas", "quilogramas"), "%": ("por cento",) * 3,
                           "°C": ("grau Celsius", "graus Celsius", "graus Celsius"),
                           "°F": _counted("grau Fahrenheit", "graus Fahrenheit"), "h": _counted("hora", "horas"),
                           "m²": ("metro quadrado", "metros quadrados", "metros quadrados"),
                           "km²": ("quilômetro quadrado", "quilômetros quadrados", "quilômetros quadrados"),
                           "m³": ("metro cúbico", "metros cúbicos", "metros cúbicos"),
                           "seg": _counted("segundo", "segundos"),
                           "m/s": _counted("metro por segundo", "metros por segundo"),
                           "km/l": _counted("quilômetro por litro", "quilômetros por litro"),
                           "l/100 km": _counted("litro por cem quilômetros", "litros por cem quilômetros"),
                           **_technical("segundo|segundos", "milissegundo|milissegundos", "byte|bytes", "watt|watts",
                                        "quilowatt-hora|quilowatts-hora", "volt|volts",
                                        "miliampere-hora|miliamperes-hora", "hertz|hertz",
                                        "bit por segundo|bits por segundo", "decibel|decibéis",
                                        "miligrama|miligramas", {"kilo": "quilo"})},
                    ordinal=_romance_ordinal("pt_BR"), ordinal_marks=r"\.?(?:º|ª)|°", minus="menos",
                    clock_h=True, clock=_pt_clock, time_words="às|as|à|das|da|até",
                    roman=_ordinal_then_cardinal("pt_BR"),
                    scores_with_x=r"\b(?:venc|ganh|perd|empat|derrot|vitória|placar|goleada|gols?\b|jogo|partida|"
                                  r"clássico|rodada|campeonato|final\b|semifinal)",
                    century_words="séculos?",
                    score_word="a", range_word="a",
                    symbols={"&": "e", "+": "mais", "×": "por", "±": "mais ou menos", "~": "aproximadamente",
                             "≤": "menor ou igual a", "≥": "maior ou igual a", "=": "igual a"},
                    per=("por", "mês|ano|semana|dia|hora|pessoa|noite|quilo|unidade"),
                    address=("dáblio dáblio dáblio", "ponto", "arroba", "barra"),
                    scales={"mi": _scale("milhão", "milhões"), "bi": _scale("bilhão", "bilhões"),
                            "tri": _scale("trilhão", "trilhões"), "mil": _scale("mil", "mil", of=False)},
                    scale_of=("de ", "de "),
                    fraction=_romance_fraction("pt_BR", "um", "meio", {2: ("meio", "meios"), 3: ("terço", "terços")},
                                               lambda o: o + "s")),
    "ru": _Language("ru", ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                           "октября", "ноября", "декабря"), "запятая", "{day} {month} {year}",
                    "{h} {hours} {m} {minutes}", "{h} {hours}",
                    {"€": ("евро",) * 3, "$": ("доллар", "доллара", "долларов"), "£": ("фунт", "фунта", "фунтов"),
                     "₽": ("рубль", "рубля", "рублей"), "R$": ("реал", "реала", "реалов")},
                    ("цент", "цента", "центов"), "и", False,
                    day=_ru_day, year=lambda y: _ru_ordinal_in(y, "го") + " года",
                    day_month_stops=("", "."),
                    abbreviations={"т. е.": "то есть", "т. к.": "так как", "и т. д.": "и так далее",
                                   "и т. п.": "и тому подобное", "ул.": "улица", "руб.": "рублей", "коп.": "копеек",
                                   "тыс.": "тысяч", "млн": "миллионов", "млрд": "миллиардов", "напр.": "например",
                                   "см.": "смотри", "стр.": "страница", "№": "номер", "и др.": "и другие",
                                   "т. н.": "так называемый", "в т. ч.": "в том числе", "г-н": "господин",
                                   "г-жа": "госпожа", "г.": "город", "обл.": "область", "р-н": "район",
                                   "просп.": "проспект", "пер.": "переулок", "до н. э.": "до нашей эры",
                                   "н. э.": "нашей эры", "мск": "по московскому времени",
                                   "по мск": "по московскому времени"},
                    numbered={"с.": "страница", "гл.": "глава", "рис.": "рисунок", "табл.": "таблица", "д.": "дом",
                              "кв.": "квартира", "ст.": "статья", "п.": "пункт"},
                    closing=("и т. д.", "и т. п.", "и др."), declined=_ru_declined, weekdays=_RU_WEEKDAYS,
                    weekday_range=lambda first, last: f"с {_RU_NOUN_CASES[first][0]} по {_RU_NOUN_CASES[last][2]}",
                    scales={scale: (forms, False) for scale, forms in _RU_SCALES.items()},
                    units={**_RU_SCALES, "км": _RU_KM, "km": _RU_KM, "кг": _RU_KG, "kg": _RU_KG,
                           "%": ("процент", "процента", "процентов"),
                           "°C": ("градус Цельсия", "градуса Цельсия", "градусов Цельсия"),
                           "°F": ("градус Фаренгейта", "градуса Фаренгейта", "градусов Фаренгейта"), "м²": _RU_M2,
                           "m²": _RU_M2,
                           "кв. м": _RU_M2, "км²": _RU_KM2, "м³": _RU_M3, "км/ч": _RU_KMH, "km/h": _RU_KMH,
                           "м": ("метр", "метра", "метров"), "см": ("сантиметр", "сантиметра", "сантиметров"),
                           "мм": ("миллиметр", "миллиметра", "миллиметров"), "г": ("грамм", "грамма", "граммов"),
                           "л": ("литр", "литра", "литров"), "мл": ("миллилитр", "миллилитра", "миллилитров"),
                           "мин": ("минута", "минуты", "минут"), "ч": ("час", "часа", "часов"),
                           "коп.": ("копейка", "копейки", "копеек"), **_RU_TECHNICAL},
                    own_cents={"₽": ("копейка", "копейки", "копеек")}, clock=_ru_clock,
                    ordinal=_ru_ordinal, ordinal_marks=r"-(?:го|му|ми|й|я|е|м|ю|х|ти)| (?:году|года|год|г\.?)",
                    minus="минус", fraction=_ru_fraction,
                    and_a_half=_ru_and_a_half,
                    time_words="в|с|до|к|после", roman=_ru_roman,
                    century_words="век[аеу]?|веком", century_word=_ru_century_word,
                    symbols={"&": "и", "+": "плюс", "×": "на", "±": "плюс-минус", "~": "примерно",
                             "≤": "не больше", "≥": "не меньше", "=": "равно"},
                    per=("в", "месяц|год|неделю|день|час|сутки|ночь"),
                    phone_group=3, address=("вэ вэ вэ", "точка", "собака", "слэш"), hashtag="хештег",
                    count_in_case=_ru_count,
                    # "в семь часов пять минут": Festival's "семь пять" and "двадцать ноль-ноль" were heard wrong
                    clock_units=(("час", "часа", "часов"), ("минуту", "минуты", "минут"))),
}


def _form(n: int, forms: tuple[str, str, str], russian: bool) -> str:
    """The word for `n` of a thing: one, a few (Russian's 2-4, not 12-14) or many."""
    if russian:
        if _ru_one(n):
            return forms[0]
        return forms[1] if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else forms[2]
    return forms[0] if n == 1 else forms[2]


def _whole(digits: str) -> int:
    """A whole number written with or without its thousands' dots."""
    return int(digits.replace(".", ""))


def _date(lang: _Language, day: int, month: int, year: str | None, before: str = "") -> str | None:
    """A date in words, in the case the word `before` it asks for where the language declines it; with no `year`,
    its day and month ("veinticuatro de diciembre")."""
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    said_day = (lang.day(day, before) if lang.day else "") or _cardinal(day, lang.num2words)
    if year is None:
        return re.sub(r"(?: de)? \{year\}", "", lang.date).format(day=said_day, month=lang.months[month - 1])
    y = int(year) + (2000 if len(year) == 2 else 0)
    said_year = lang.year(y) if lang.year else _cardinal(y, lang.num2words)
    return lang.date.format(day=said_day, month=lang.months[month - 1], year=said_year)


def _day_month(lang: _Language, match: re.Match) -> str | None:
    """A day and month with no year ("24/12", "24.12."), said as a date; None where it is more likely something
    else: a fraction below one ("1/3", but "01/05" is a date, and so is "el 3/10" where a fraction of something
    would go on with "de"), "24/7", a decimal ("12.50 кг") or a version after a name ("Python 3.10."), or a stop
    between numbers where the language writes no date so."""
    day, month = int(match["d"]), int(match["m"])
    if match["sep"] == "/":
        padded = match["d"].startswith("0") or match["m"].startswith("0")
        before, after = _words_around(match)
        dated = (re.fullmatch(lang.day_month_before, before, re.IGNORECASE)
                 and not re.fullmatch(r"d[aeiou]\w*|d", after, re.IGNORECASE))  # ("el 1/3 de los votos")
        if (day < month and not padded and not dated) or (day, month) == (24, 7):
            return None
    else:
        before, rest = match.string[:match.start()], match.string[match.end():]
        after = re.match(r"\s?([^\s,;:!?]*)", rest).group(1).rstrip(".")
        # after a word that asks for a date ("am 5.6.", "Vom 1.7."), a month of one digit and a capital before are
        # a date's too
        dated = re.fullmatch(lang.day_month_before, _words_around(match)[0], re.IGNORECASE)
        if ((match["stop"] or "") not in lang.day_month_stops or after in lang.units or after in lang.money
                or after in _CODES or not dated and (len(match["m"]) != 2
                                                     or re.search(r"(?<!\S)[A-Z]\w*\s+$", before))):
            return None
    said = _date(lang, day, month, None, _words_around(match)[0])
    # (the sentences were split at a stop before a capital: "bis zum 31.12. Dann")
    return said and said + (_stop_after(match, closing=True) if match["stop"] else "")


def _time(lang: _Language, h: int, m: str | None, before: str = "", rest: str = "") -> str | None:
    """A time of day in words, a Russian one in the case the word `before` it asks for (`_ru_time_in_case`)."""
    m = m or "00"
    if h > 24 or int(m) > 59:
        return None
    russian, (hours, minutes) = lang.num2words == "ru", lang.clock_units
    if russian and (in_case := _ru_time_in_case(h, int(m), before, rest)):
        return in_case
    words = {"h": _cardinal(h, lang.num2words), "hours": _form(h, hours, russian),
             "m": _cardinal(int(m), lang.num2words), "minutes": _form(int(m), minutes, russian)}
    said = (lang.full_hour if m == "00" else lang.time).format(**words)
    return lang.clock(said) if lang.clock else said


def _roman(lang: _Language, match: re.Match) -> str | None:
    """A Roman numeral said: as a century beside one of the language's words for it, as a king's or pope's number
    after a name; None elsewhere (a letter, "I" the pronoun)."""
    value = roman_value(match["r"])
    if lang.roman is None or value is None:
        return None
    before, after = _words_around(match)
    century = next((w for w in (after, before) if re.fullmatch(lang.century_words, w, re.IGNORECASE)), "")
    name = re.search(r"(?<!\S)[A-ZÀ-ÖØ-ÞА-ЯЁ][a-zß-öø-ÿа-яё]+\s+$", match.string[:match.start()])  # "Carlos V"
    if not (century or match["mark"] or name):
        return None
    said = lang.roman(value, match["mark"] or "", century)
    return said and said + _stop_after(match)


def _twelve_hour_time(lang: _Language, match: re.Match) -> str | None:
    """"3 p. m." -> "tres de la tarde", where the language has words for the parts of the day; None elsewhere."""
    h = int(match["h"])
    if lang.day_part is None or not 1 <= h <= 12:
        return None
    if (match["m"] or "00") == "00":  # on the hour, the part of the day says it: "las ocho de la mañana"
        hour = _cardinal(h, lang.num2words)
        said = lang.clock(hour) if lang.clock else hour
    else:
        said = _time(lang, h, match["m"])
    return said and f"{said} {lang.day_part(h, match['ap'].lower() == 'p')}" + _stop_after(match, closing=True)


def _time_after_word(lang: _Language, match: re.Match) -> str | None:
    """A time written with a stop ("alle 14.30"), the word before it kept; None where it is no time ("alle 25.70"),
    or where it starts a range of days and months ("с 01.06 по 31.08")."""
    end = re.match(r"\s*(?:по|до|[-–])\s*(\d{1,2})\.(\d{2})(?!\d)", match.string[match.end():])
    if end and all(1 <= int(d) <= 31 and 1 <= int(m) <= 12 for d, m in ((match["h"], match["m"]), end.groups())):
        return None
    before = (match["before"] or "").strip() or _words_around(match)[0]
    said = _time(lang, int(match["h"]), match["m"], before, match.string[match.end():])
    return (match["before"] or "") + said if said else None


def _decimal(lang: _Language, whole: str, frac: str) -> str:
    """A decimal in words: its decimal part as one number, or digit by digit where it starts with a zero or is longer
    than the language says as one (`_Language.decimal_digits`: "3,14159" is "trois virgule un quatre un cinq neuf")."""
    said_frac = (" ".join(_cardinal(int(d), lang.num2words) for d in frac)
                 if frac.startswith("0") or len(frac) > lang.decimal_digits else _cardinal(int(frac), lang.num2words))
    return f"{_cardinal(_whole(whole), lang.num2words)} {lang.decimal} {said_frac}"


def _ru_counting(n: int, forms: tuple[str, str, str]) -> str:
    """`n` in Russian words before a thing's forms, its one and two feminine before a feminine thing ("одна
    минута", "двадцать две копейки": readers say "1" and "2" as "один", "два")."""
    words = _cardinal(n, "ru")
    if _ru_feminine(forms[0]):
        words = re.sub(r"\bодин$", "одна", re.sub(r"\bдва$", "две", words))
    return words


def _unit(lang: _Language, whole: str, frac: str | None, sign: str, before: str = "") -> str:
    """A number and its unit's word (`_number_and_word`)."""
    return _number_and_word(lang, whole, frac, lang.units[sign.replace("º", "°")], before)


def _number_and_word(lang: _Language, whole: str, frac: str | None, forms: tuple[str, str, str],
                     before: str = "") -> str:
    """A number and the word for what it counts (`forms`: one, a few, many), the number still in digits (the rules
    after this one say it) but for a whole number before a Russian feminine word and a Russian one and a half
    ("полтора"), a Russian whole number or one and a half after a preposition of the genitive ("до 3 км": "до
    трёх километров"), and a Russian whole number after one of the other cases, its word declined too ("при 180
    °C": "при ста восьмидесяти градусах Цельсия"); the word for a fraction is Russian's "a few" form and the plural
    elsewhere."""
    russian, number = lang.num2words == "ru", whole + ("" if frac is None else "," + frac)
    n = 2 if frac is not None else _whole(whole)
    if not russian:
        return f"{number} {_form(n, forms, russian)}"
    case, feminine = _ru_count_case(before, ""), _ru_feminine(forms[0])
    if frac in (None, "5") and case == "genitive":
        said = _ru_and_a_half(_whole(whole), "genitive") if frac else _ru_cardinal(n, case, "mf"[feminine])
        return f"{said} {forms[1 if frac is None and _ru_one(n) else 2]}"
    if frac is None and case in _RU_OBLIQUE:  # "при 180 °C": "при ста восьмидесяти градусах Цельсия"
        return f"{_ru_cardinal(n, case, 'mf'[feminine])} {_ru_unit_in_case(forms[0], case, _ru_one(n))}"
    if frac is None and feminine and n % 10 in (1, 2) and n % 100 not in (11, 12):
        number = _ru_counting(n, forms)
    if frac == "5" and _whole(whole):  # "1,5 км": "полтора километра", "1,5 тыс.": "полторы тысячи"
        number = _ru_and_a_half(_whole(whole), feminine=feminine)
    return f"{number} {_form(n, forms, russian)}"


def _fraction(lang: _Language, numerator: int, denominator: int, after: str) -> str | None:
    """A fraction below one ("3/4") in words, given the word after it; "24/7" is no fraction."""
    return lang.fraction(numerator, denominator, after) if lang.fraction and 0 < numerator < denominator else None


def _mixed_number(lang: _Language, match: re.Match) -> str | None:
    """A whole number and a fraction ("1 1/2", "2 3/4"), as they are said: the whole, "and", the fraction ("1 y
    medio", "2 e tre quarti"); a half as the language says it after a whole, where it has its own way
    (`_Language.and_a_half`: "eineinhalb", "полтора")."""
    whole, numerator, denominator = int(match["whole"]), int(match["num"]), int(match["den"])
    # the noun after is plural ("tazas"); a half agrees with its singular ("y media")
    part = _fraction(lang, numerator, denominator, _words_around(match)[1].removesuffix("s"))
    if part is None:
        return None
    if (numerator, denominator) != (1, 2):
        return f"{whole} {lang.symbols['&']} {part}"
    if lang.and_a_half:
        return lang.and_a_half(whole)
    return f"{whole} {lang.symbols['&']} {part.split()[-1]}"  # a half after "and" has no article ("et demi")


def _address(lang: _Language, address: str) -> str | None:
    """A web or e-mail address with its "www", stops, "@" and slashes as words; None where the language has none."""
    www, dot, at, slash = lang.address
    if not dot:
        return None
    words = re.sub(r"^https?://", "", address).replace(".", f" {dot} ").replace("@", f" {at} ")
    return re.sub(r"^www\b", www, words.replace("/", f" {slash} "))


#: words just before a phone number that say it is one, in any of the languages ("Tel.", "llámame al", "Handy")
_PHONE_WORDS = re.compile(r"\b(?:(?:tel|telf|tél|fax|факс|тел)\.?|(?:telefon|téléphone|teléfono|telefono|телефон"
                          r"|móvil|movil|celular|cellulare|portable|mobile|handy|whatsapp|número|numéro|numero|nummer"
                          r"|номер|llám|llam|appel|chiam|ligue|ligar|me liga|ruf|anruf|позвон|звон)\w*)[^\d.!?]{0,12}$",
                          re.IGNORECASE)
#: groups of digits apart by spaces or dashes (an area code's in brackets), or by stops where there are four or more
_PHONE_NUMBER = (r"(?<![\w.,/+-])(?P<plus>\+\s?)?(?P<number>\(?\d{1,8}\)?(?:(?:[\s-]\(?\d{1,8}\)?){1,6}"
                 r"|(?:\.\d{2,4}){3,5}))(?![\w,/-]?\d|\.\d)")


def _phone(lang: _Language, match: re.Match) -> str | None:
    """A phone number written for a reader group by group, with a pause between: a country's code after "+" and an
    area code in brackets as one number, each other group as one number up to the language's `phone_group` digits,
    else (or where it starts with a zero) digit by digit. The numbers stay digits, which every reader says (Pico's
    French "67" is heard where its "soixante-sept" is not). None for what is no phone number: one without a "+", an
    area code in brackets, a first group starting with a zero or a word before that says it is one ("912 345 678"
    alone is a number grouped in thousands), or a date ("2024-05-01", "03.10.1990")."""
    groups = re.findall(r"\(?\d+\)?", match["number"])
    digits = sum(len(g.strip("()")) for g in groups)
    said_so = (match["plus"] or "(" in match["number"] or (groups[0].startswith("0") and digits >= 8)
               or _PHONE_WORDS.search(match.string[max(0, match.start() - 40):match.start()]))
    date = re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{1,2}([./])\d{1,2}\1\d{2,4}", match["number"])
    if not said_so or date or not 6 <= digits <= 15:
        return None

    def said(i: int, group: str) -> str:
        code = (i == 0 and match["plus"]) or group.startswith("(")
        group = group.strip("()")
        whole = not group.startswith("0") and (code or len(group) <= lang.phone_group)
        return group if whole else " ".join(group)
    plus = lang.symbols["+"] + " " if match["plus"] else ""
    return plus + ", ".join(said(i, g) for i, g in enumerate(groups))


def _symbol(lang: _Language, match: re.Match) -> str | None:
    """A symbol's word, spaced from the words around ("x" between numbers is "×", "≈" is "~"); None where the
    language has none."""
    sign = match.group(0).strip()
    if sign == "x" and re.search(lang.scores_with_x, match.string, re.IGNORECASE):
        return f" {lang.score_word} "
    word = lang.symbols.get({"x": "×", "≈": "~"}.get(sign, sign))
    return word and (" " if match.start() else "") + word + " "


def _scaled_money(lang: _Language, scales: dict[str, tuple[tuple[str, str, str], bool]], match: re.Match) -> str:
    """An amount with a scale's abbreviation (a key of `scales`) and a currency ("R$ 2,5 bi") as it is said ("2,5
    bilhões de reais", "два миллиона долларов"); the amount stays digits, for the decimals' rule or the reader."""
    forms, of = scales[match["scale"]]
    currency = lang.money[_CODES.get(match["sign"], match["sign"])][2]
    before = lang.scale_of[currency[0].lower() in "aeiouh"] if of else ""
    said = _number_and_word(lang, match["whole"], match["frac"], forms, _words_around(match)[0])
    return f"{said} {before}{currency}"


def _money(lang: _Language, sign: str, whole: str, cents: str | None, before: str = "") -> str:
    """An amount of money in words; a whole Russian amount after a preposition in the case it asks for, as a unit is
    (`_number_and_word`: "до 500 руб.": "до пятисот рублей", "о 5 $": "о пяти долларах")."""
    russian, sign = lang.num2words == "ru", _CODES.get(sign, sign)
    n = _whole(whole)
    if russian and not int(cents or "0") and _ru_count_case(before, "") in ("genitive", *_RU_OBLIQUE):
        return _number_and_word(lang, str(n), None, lang.money[sign], before)
    said = f"{lang.one if n == 1 and lang.one else _cardinal(n, lang.num2words)} {_form(n, lang.money[sign], russian)}"
    c, forms = int((cents or "0").ljust(2, "0")[:2]), lang.own_cents.get(sign, lang.cents)
    if c:
        number = _ru_counting(c, forms) if russian else _cardinal(c, lang.num2words)
        said += f" {lang.and_cents} {number} {_form(c, forms, russian)}"
    return said


_SIGN = r"(?P<sign>R\$|US\$|[€$£₽]|(?<![A-Za-z])(?:USD|EUR|GBP|RUB|BRL)(?![A-Za-z])|руб\.?(?!\w))"
#: currency codes and abbreviations, and the sign each is said as
_CODES = {"USD": "$", "US$": "$", "EUR": "€", "GBP": "£", "RUB": "₽", "BRL": "R$", "руб": "₽", "руб.": "₽"}
#: an end of a range: a number of up to four digits, with a decimal comma ("1,5"), or a time of day ("9:00", "9h",
#: "18h30")
_END = r"\d{1,4}(?:,\d{1,2}|:\d{2}|h\d{0,2})?"
_AMOUNT = r"(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:[,.](?P<cents>\d{1,2}))?(?![\d])"
#: a number counting something: thousands grouped by stops, a decimal part
_COUNT = r"(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:[,.](?P<frac>\d+))?"


#: the kinds of written form, in the order they are said: each kind's rules run after those of the kinds before it
KINDS = ("addresses", "phone numbers", "abbreviations", "thousands", "dates", "ranges", "times", "days and months",
         "roman numerals", "ordinals", "fractions", "symbols", "signs and tags", "negatives", "scaled money", "money",
         "units",
         "cases", "decimals", "digits")


#: where a sentence starts: the text's start or after a sentence's end, an opening quote or bracket between
_SENTENCE_START = r"(?:^|(?<=[.!?…] )|(?<=^[\"'«„(¿¡])|(?<=[.!?…] [\"'«„(¿¡]))"


#: an abbreviation of several groups of letters, each with its stop, after any whole words ("и т. д.", "z.B.")
_GROUPS = re.compile(r"(?P<lead>(?:[^\W\d_]+ )*)(?P<groups>(?:[^\W\d_]+\. ?)+)")


@functools.cache
def _as_listed(code: str) -> dict[str, str]:
    """The abbreviations listed for language `code` (as written -> as said), each of several groups of letters with
    their stops written both ways, spaced and not ("z. B." and "z.B.", "т.е." and "т. е.")."""
    written = dict(LANGUAGES[code].abbreviations) if code in LANGUAGES else {}
    for a, said in list(written.items()):
        match = _GROUPS.fullmatch(a)
        groups = re.findall(r"[^\W\d_]+\.", match["groups"]) if match else []
        if len(groups) > 1:
            written.setdefault(match["lead"] + " ".join(groups), said)
            written.setdefault(match["lead"] + "".join(groups), said)
    return written


@functools.cache
def abbreviations(code: str) -> dict[str, str]:
    """The abbreviations of language `code` (as written -> as said; `_as_listed`), each that starts with a small
    letter also capitalised, as it is written at a sentence's start ("Т. е." -> "То есть"); none for a language not
    listed."""
    written = _as_listed(code)
    capitalised = {a[0].upper() + a[1:]: s[0].upper() + s[1:] for a, s in written.items() if a[0].islower()}
    return {**capitalised, **written}


@functools.cache
def _closing_words(code: str) -> frozenset[str]:
    """What language `code`'s abbreviations that close a list are said as ("und so weiter")."""
    lang = LANGUAGES.get(code)
    return frozenset(lang.abbreviations[a].lower() for a in lang.closing) if lang else frozenset()


def closes_list(code: str, written: str) -> bool:
    """Whether abbreviation `written` of language `code`, in any of its spellings, closes a list ("usw.", "и т.д."):
    its stop before a capital ends the sentence too."""
    return abbreviations(code).get(written, "").lower() in _closing_words(code)


def _stop_after(match: re.Match, closing: bool = False) -> str:
    """"." where the stop a match swallowed ("usw.", "Min.") also ends the sentence: at the text's end, or (`closing`)
    before a capital of any script."""
    if not match.group(0).endswith("."):
        return ""
    rest = match.string[match.end():]
    if not rest.strip():
        return "."
    first = re.match(r"\s+[\"'«„(]*([^\W\d_])", rest)
    return "." if closing and first and first.group(1).isupper() else ""


@functools.cache
def _rules(code: str) -> list[tuple[str, re.Pattern, Callable[[re.Match], str | None]]]:
    """(kind, pattern, its words or None to leave the match as written), in the order they run."""
    lang = LANGUAGES[code]
    clock = (r"(?P<h>\d{1,2})(?::|\s?h\s?(?=\d|[^\w]|$))(?P<m>\d{2})?" if lang.clock_h  # "18h30", "18 h"
             else r"(?P<h>\d{1,2}):(?P<m>\d{2})")
    # degrees are often written with the ordinal indicator ("32 ºC"), which looks the same
    written, units = abbreviations(code), any_of(lang.units).replace("°", "[°º]")
    capitalised, days = set(written) - set(_as_listed(code)), any_of(lang.weekdays)
    # a scale is matched as written and as its abbreviation is said, since abbreviations are read first ("Mrd."
    # and "Milliarden")
    scales = {**lang.scales, **{written[a]: v for a, v in lang.scales.items() if a in written}}
    return [
        # a web or e-mail address, said without its scheme ("https://"), its marks as words ("точка", "собака")
        ("addresses", re.compile(r"(?:https?://)?(?:www\.[\w-]+(?:\.[\w-]+)+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
                                 r"(?:/[\w./-]*\w)?"), lambda m: _address(lang, m.group(0))),
        ("phone numbers", re.compile(_PHONE_NUMBER), lambda m: _phone(lang, m)),
        # two weekdays making a range ("Mo.–Fr.", "lun. a vie."), said by their names with the range's word
        ("abbreviations", re.compile(r"(?<![\w.])(" + days + r")\.?\s*(?:[-–]|\b(" + lang.day_range_words + r")\b)\s*("
                                     + days + r")\.?(?!\w)"),
         lambda m: (lang.weekday_range(lang.weekdays[m[1]], lang.weekdays[m[3]]) if lang.weekday_range
                    else f"{lang.weekdays[m[1]]} {m[2] or lang.range_word} {lang.weekdays[m[3]]}")
         + _stop_after(m)),
        # (a comma may come between: "Mo., 5. Mai"); not a unit after a number ("5 km 2 veces")
        ("abbreviations", re.compile(r"(?<![\w.])(?<!\d )(" + any_of(lang.numbered) + r")(?=,?\s?(?:\d|[IVXLC]+\b))"),
         lambda m: _in_case(lang, lang.numbered[m.group(1)], m)
         + ("" if m.string[m.end():][:1] in (" ", ",") else " ")),
        # an abbreviation's stop ends a sentence only at the end of the text: before a capital it more often starts
        # a name ("Sr. Silva"); one written in small letters is capitalised only where a sentence starts ("A. C."
        # elsewhere is more often initials)
        ("abbreviations", re.compile(r"(?:(?<![\w.])(" + any_of(_as_listed(code)) + r")|" + _SENTENCE_START + "("
                                     + any_of(capitalised) + r"))(?![^\W\d])"),  # ("№5": a number may follow)
         lambda m: None if _unit_after_number(lang, m)
         else _in_case(lang, written[m[1] or m[2]], m) + _stop_after(m, closes_list(code, m[1] or m[2]))),
        ("abbreviations", re.compile(r"(?<=[^\W\d_])(" + any_of(lang.word_endings) + r")(?!\w)"),
         lambda m: lang.word_endings[m.group(1)] + _stop_after(m)),
        # thousands grouped by the language's mark ("2.000", "2 000"): one whole number, not "2" and "000"; not the
        # groups of a phone number ("+7 912 345-67-89")
        ("thousands", re.compile(r"(?<![\d.,+])(?<!\d[ \u00a0\u202f])\d{1,3}(?:"
                                 + (r"\." if lang.thousands_dot else r"[ \u00a0\u202f]")
                                 + r"\d{3})+(?!\d|\.\d|[ \u00a0\u202f]\d|-\d)"),
         lambda m: re.sub(r"\D", "", m.group(0))),
        # thousands grouped by commas, as Latin America and English write them: where there are two groups or more
        # (no decimal has two commas), or after a currency's sign (cents have two digits: "$1,500")
        ("thousands", re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,]|\.\d)"),
         lambda m: m.group(0).replace(",", "")
         if m.group(0).count(",") > 1 or re.search(r"[$€£] ?$", m.string[:m.start()]) else None),
        ("dates", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
         lambda m: _date(lang, int(m["d"]), int(m["m"]), m["y"], _words_around(m)[0])),
        ("dates", re.compile(r"(?<![\d.,/])(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4}|\d{2})(?![\d.,/]\d)"),
         lambda m: _date(lang, int(m["d"]), int(m["m"]), m["y"], _words_around(m)[0])),
        # a day before its month's name, where the language says it otherwise than the number ("1 мая": "первого"),
        # and the first day of a range of them ("с 1 по 10 мая")
        ("dates", re.compile(r"(?<![\d.,])(?P<d>\d{1,2})(?=(?:\s+(?:по|до)\s+\d{1,2})?\s+(?:" + "|".join(lang.months)
                             + r")\b)"),
         lambda m: lang.day(int(m["d"]), _words_around(m)[0]) if lang.day and 1 <= int(m["d"]) <= 31 else None),
        # two numbers (or times of day) joined by a dash, not three ("345-67-89") nor a long code ("91234-5678")
        ("ranges", re.compile(r"(?<![\w.,:/-])(" + _END + r")[-–](" + _END + r")(?![\w:/-]|[.,]\d)"),
         lambda m: f"{m[1]} {lang.range_word} {m[2]}" if lang.range_word else None),
        # a score or ratio ("2:1", "3:1-Sieg"); with two digits after the colon it is a time of day
        ("ranges", re.compile(r"(?<![\d:.,])(\d{1,3}):(\d)(?![\d:]|[.,]\d)"),
         lambda m: f"{m[1]} {lang.score_word} {m[2]}" if lang.score_word else None),
        # a time of a twelve-hour clock ("8 am", "10:30 p. m."), said with its part of the day
        ("times", re.compile(r"(?<![\d:.,])(?P<h>\d{1,2})(?::(?P<m>\d{2}))?" + AM_PM),
         lambda m: _twelve_hour_time(lang, m)),
        # the hours' word or sign after the time goes with it ("14:30 Uhr", "a las 14:30 h"), and a duration's minutes
        # ("2h 15min")
        ("times", re.compile(r"(?<![\d:.,])" + clock + r"(?!:?\d)(?:\s?(?:Uhr|h)\b)?(?P<min>\s?min\b)?"),
         lambda m: _duration(lang, m) if _hours_counted(lang, m)
         else _time(lang, int(m["h"]), m["m"], _words_around(m)[0], m.string[m.end():])),
        # a time written with a stop after a word that says it is one, or before "Uhr" ("alle 14.30", "14.30 Uhr"):
        # elsewhere "14.30" is a decimal or a date
        ("times", re.compile(r"(?:(?P<before>\b(?i:" + lang.time_words + r")\s))?(?<![\d.,])(?P<h>\d{1,2})\."
                             r"(?P<m>\d{2})(?![\d.,]\d|\d)(?(before)|(?=\s?Uhr\b))(?:\s?(?:Uhr|h)\b)?"),
         lambda m: _time_after_word(lang, m)),
        # a day and month with no year ("24/12", "24.12."), after the times ("um 9.05 Uhr")
        ("days and months", re.compile(r"(?<![\d.,/])(?P<d>\d{1,2})(?P<sep>[/.])(?P<m>\d{1,2})(?P<stop>\.(?!\d))?"
                                       r"(?![\d/]|[.,]\d)"), lambda m: _day_month(lang, m)),
        # a Roman numeral beside a century's word, or after a name ("Carlos V"); elsewhere it may be a letter
        # a century's abbreviation after its numeral ("XIX в."), its word first, in its case; then the numeral
        ("roman numerals", re.compile(r"(?<![\w.-])(?=[IVX])(?P<r>" + ROMAN + r")\s+в\.(?!\w)"),
         lambda m: f"{m['r']} {lang.century_word(_words_around(m)[0])}" + _stop_after(m)
         if lang.century_word else None),
        ("roman numerals", re.compile(r"(?<![\w.-])(?=[IVX])(?P<r>" + ROMAN + r")(?P<mark>" + lang.roman_marks
                                      + r")?(?![\w-])"), lambda m: _roman(lang, m)),
        ("ordinals", re.compile(r"(?<![\d.,])(?P<n>\d{1,4})(?P<mark>" + lang.ordinal_marks + r")(?!\w)"),
         lambda m: lang.ordinal(int(m["n"]), m["mark"], *_words_around(m)) if lang.ordinal else None),
        ("fractions", re.compile(r"(?<![\d/.,])(?P<whole>\d{1,3}) (?P<num>\d{1,2})/(?P<den>\d{1,2})(?![\d/]|[.,]\d)"),
         lambda m: _mixed_number(lang, m)),
        ("fractions", re.compile(r"(?<![\d/.,])(?P<num>\d{1,2})/(?P<den>\d{1,2})(?![\d/]|[.,]\d)"),
         lambda m: _fraction(lang, int(m["num"]), int(m["den"]), _words_around(m)[1])),
        # "&", a "+" standing alone or before a number ("+ IVA", "+7"), and "+", "x", "×" or "=" between numbers
        # ("2+2", "3 x 4", "= 4")
        ("symbols", re.compile(r"\s*&\s*|(?:^|\s+)\+(?:\s+|(?=\d))|(?<=\d)\+(?=\d)|(?<=\d) ?[x×] ?(?=\d)"
                               r"|(?<=\d) ?= ?(?=[-−]?\d)"),
         lambda m: _symbol(lang, m)),
        # "±", "~", "≤" and "≥" before a number ("±3 %", "~25 °C", "≤ 6 años"), said as words
        ("signs and tags", re.compile(r"(?:^|\s*)[±~≈≤≥]\s?(?=\d)"), lambda m: _symbol(lang, m)),
        # a tag and a mention ("#FelizNavidad", "@ana_lopez"; not an e-mail address, read before): the tag's words
        ("signs and tags", re.compile(r"(?<![\w@#])(?P<mark>[#@])(?P<tag>[^\W\d_]\w*)"),
         lambda m: f"{lang.hashtag if m['mark'] == '#' else lang.address[2]} {tag_words(m['tag'])}"
         if lang.address[2] else None),
        # "$" before an amount its currency's word follows ("$250 pesos", as Latin America writes it): said once
        ("symbols", re.compile(r"\s?\$\s?(?=\d[\d.,]*\s+(?:pesos|soles|bolívares|quetzales|colones|reales|reais)\b)"),
         lambda m: " "),
        # a minus at the start of a number that follows no other ("-5 °C", not "30-35" nor "91234-5678")
        ("negatives", re.compile(r"(?:^|(?<=[\s(]))[-−](?=\d)"), lambda m: lang.minus + " " if lang.minus else None),
        # the sign after the amount first, as these languages write it ("12,50 €")
        # an amount in millions or billions with its currency ("R$ 2,5 bi", "5 M€", "2,5 Mrd. €"): the scale's word,
        # then the currency's ("2,5 bilhões de reais"), where the cents' rule read "dois reais e cinquenta centavos bi"
        ("scaled money", re.compile(_SIGN + r"\s?" + _COUNT + r"\s?(?P<scale>" + any_of(scales) + r")(?!\w)"),
         lambda m: _scaled_money(lang, scales, m)),
        ("scaled money", re.compile(r"(?<![\d.,])" + _COUNT + r"\s?(?P<scale>" + any_of(scales) + r")\s?" + _SIGN),
         lambda m: _scaled_money(lang, scales, m)),
        ("money", re.compile(r"(?<![\d.,])" + _AMOUNT + r"\s?" + _SIGN),
         lambda m: _money(lang, m["sign"], m["whole"], m["cents"], _words_around(m)[0])
         + (_stop_after(m) if m["sign"][-1] == "." else "")),
        ("money", re.compile(_SIGN + r"\s?" + _AMOUNT),
         lambda m: _money(lang, m["sign"], m["whole"], m["cents"], _words_around(m)[0])),
        # a rate's slash before a span of time or a thing counted ("5 €/Monat", "3 €/kilo")
        ("units", re.compile(r"(?<=[\w€$£₽%])\s?/\s?(?=(?:" + lang.per[1] + r")\b)"), lambda m: f" {lang.per[0]} "),
        ("units", re.compile(r"(?<![\d.,])" + _COUNT + r"\s?(?P<sign>" + units
                             + r")(?![\w'’])"),
         lambda m: _unit(lang, m["whole"], m["frac"], m["sign"], _words_around(m)[0]) + _stop_after(m)
         if _is_unit(m) else None),
        # a whole number after a preposition, in the case it asks for, where the language declines numbers
        ("cases", re.compile(r"(?<![\d.,:/-])(?:(?<=\s)|^)(?:(?P<minus>минус) )?(?P<n>\d{1,7})(?P<half>,5)?"
                             r"(?![\d]|[.,:/]\d)"
                             r"(?: (?P<and>и|или) (?P<n2>\d{1,7})(?![\d]|[.,:/]\d))?(?P<word> \w+)?"),
         lambda m: lang.count_in_case(m) if lang.count_in_case else None),
        # the preposition before a number said, as Russian says it before those sounds ("во втором", "со ста", "об
        # одном")
        ("cases", _RU_EUPHONY, lambda m: m[1] + _RU_EUPHONY_VOWEL[m[1].lower()] if lang.count_in_case else None),
        ("decimals", re.compile(r"(?<![\d.,])(?P<whole>\d+)[,.](?P<frac>\d+)(?![\d.,]\d)"),
         lambda m: _decimal(lang, m["whole"], m["frac"])),
        # what is left: whole numbers, which readers say
        ("digits", re.compile(r"(?<=\d)[.,:/](?=\d)"), lambda m: " "),
    ]


def _hours_counted(lang: _Language, match: re.Match) -> bool:
    """Whether hours written with "h" are a count of them, not a time of day ("a las 17 h"), in a language whose
    units have "h" and "min": whole hours where no word of its times of day comes before ("dura 2 h", "de 9 a 17 h"),
    or hours and minutes with the minutes' sign after ("2h 15min")."""
    if not ("h" in lang.units and "min" in lang.units and "h" in match.group(0)):
        return False
    if match["m"] is not None:
        return bool(match["min"])
    before = _words_around(match)[0]
    return match.group(0).rstrip().endswith("h") and not re.fullmatch(lang.time_words, before, re.IGNORECASE)


def _duration(lang: _Language, match: re.Match) -> str | None:
    """Hours counted, with their minutes ("2h 15min" -> "2 horas 15 minutos"), the numbers still in digits; None for
    whole hours, which the units' rule says."""
    if match["m"] is None:
        return None
    return f"{_unit(lang, match['h'], None, 'h')} {_unit(lang, match['m'], None, 'min')}"


#: signs of seconds that are as often something else, and whether no word may follow: "s" written onto a number is
#: a name's ("iPhone 5s"); Russian's "с" before a word is the preposition ("5 с половиной")
_SECONDS = {"s": False, "с": True}


def _is_unit(match: re.Match) -> bool:
    """Whether the sign after a number is its unit: a second's (`_SECONDS`) only with a space before it."""
    sign = match["sign"]
    if sign not in _SECONDS:
        return True
    spaced = match.string[match.start("sign") - 1].isspace()
    return spaced and not (_SECONDS[sign] and re.match(r"\s*\w", match.string[match.end():]))


def _unit_after_number(lang: _Language, match: re.Match) -> bool:
    """Whether an abbreviation is the language's unit or currency after a number, which its rule says ("80 см.":
    centimetres, not "смотри"; "5 руб." "пять рублей")."""
    written = match.group(0)
    return ((written.rstrip(".") in lang.units or written in lang.units or written in _CODES)
            and bool(re.search(r"\d\s?$", match.string[:match.start()])))


def _in_case(lang: _Language, word: str, match: re.Match) -> str:
    """An abbreviation's `word`, in the case the word before `match` asks where the language declines it."""
    return lang.declined(word, match.string[max(0, match.start() - 40):match.start()]) if lang.declined else word


def _words_around(match: re.Match) -> tuple[str, str]:
    """The words just before and just after `match` in its text ("" at either end)."""
    before, after = re.findall(r"\w+", match.string[:match.start()]), re.match(r"\W*(\w*)", match.string[match.end():])
    return (before[-1] if before else ""), after.group(1)


def _applied(pattern: re.Pattern, said: Callable[[re.Match], str | None], text: str) -> str:
    return pattern.sub(lambda m: said(m) or m.group(0), text)


def say_forms(text: str, language: str, kinds: tuple[str, ...] = KINDS) -> str:
    """`text` in `language` (an ISO 639-1 code) with its written forms of `kinds` (KINDS: web and e-mail addresses,
    phone numbers (in groups with a pause between), abbreviations, thousands grouped by the language's mark, joined
    into one whole number; dates, ranges ("4-6") and scores ("2:1"), times of day, a day and month with no year
    ("24/12"), Roman numerals of centuries and kings, ordinals ("3º", "1er", "am 3.", "3-м"), fractions, "&", "+",
    "3 x 4" and "= 4", negative numbers, money, units such as "7 km", "120 km/h", "15 %", "25 °C", "50 m²", "9,58 s",
    "128 GB" and "60 W", Russian numbers after a preposition in the case it asks for, decimals (a long decimal part
    digit by digit), and the digits left around punctuation) said as
    words; text in a language not listed in LANGUAGES is returned as it is."""
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds of written form {sorted(unknown)}; the kinds: {', '.join(KINDS)}")
    if language not in LANGUAGES:
        return text
    for kind, pattern, said in _rules(language):
        if kind in kinds:
            text = _applied(pattern, said, text)
    return text
