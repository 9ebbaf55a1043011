"""English written forms said as words: money, times of day, dates, phone numbers, measures, fractions, decades,
version numbers, numbers and abbreviations. An English synthesizer reads letters, so everything else is spelled
out here, and a transcript is read the same way when it is scored (text/words.py). Pure: text in, text out.

The rules run in order, most specific first: a date or a phone number must be read before its dashes are taken
for a range ("10-20": "ten to twenty") and its digits for plain numbers.
"""
from __future__ import annotations

import re
from typing import Callable

from num2words import num2words

from anyvoice.text.patterns import AM_PM, any_of, rewritten, tag_words

#: Longer numbers are read digit by digit (num2words reads up to about 10**27 and fails beyond).
MAX_NUMBER_DIGITS = 15

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
#: a month as written: its name, or the usual short form with or without a period (May alone is capitalised, so
#: that the verb is not taken for it)
_MONTH_NAME = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
               r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_MONTH = r"(?P<month>" + _MONTH_NAME + r")\.?"

_WEEKDAYS = {"Mon": "Monday", "Tue": "Tuesday", "Tues": "Tuesday", "Wed": "Wednesday", "Thu": "Thursday",
             "Thur": "Thursday", "Thurs": "Thursday", "Fri": "Friday", "Sat": "Saturday", "Sun": "Sunday"}
_ABBREVIATIONS = {
    "mr": "mister", "mrs": "missus", "ms": "miss", "dr": "doctor", "prof": "professor", "st": "saint",
    "jr": "junior", "sr": "senior", "vs": "versus", "etc": "et cetera", "e.g": "for example", "i.e": "that is",
    "approx": "approximately", "no": "number", "dept": "department", "mt": "mount", "ft": "feet", "km": "kilometers",
    "kg": "kilograms", "min": "minutes", "sec": "seconds", "hr": "hours", "ave": "avenue", "rd": "road",
    "blvd": "boulevard", "gen": "general", "gov": "governor", "sen": "senator", "rep": "representative",
    "capt": "captain", "lt": "lieutenant", "sgt": "sergeant", "col": "colonel", "maj": "major", "rev": "reverend",
    "inc": "incorporated", "ltd": "limited", "corp": "corporation", "fig": "figure", "vol": "volume",
    "jan": "january", "feb": "february", "mar": "march", "apr": "april", "aug": "august",
    "sept": "september", "oct": "october", "nov": "november", "dec": "december", "ph.d": "P h D",
    "ext": "extension",
}
# Abbreviations that only expand when written with a period (so "no" and "min" as words stay words).
_NEEDS_PERIOD = {"no", "min", "sec", "hr", "ft", "st", "mar", "jan", "feb", "apr", "aug", "sept", "oct", "nov", "dec",
                 "ave", "rd", "blvd", "gen", "gov", "sen", "rep", "capt", "lt", "sgt", "col", "maj", "rev", "inc",
                 "ltd", "corp", "fig", "vol", "ext"}
_SYMBOLS = {"&": " and ", "×": " times ", "%": " percent", "+": " plus ", "=": " equals ", "@": " at ", "#": " number ",
            "°": " degrees", "/": " slash ", "*": " ", "_": " ", "~": " about ", "≈": " about ",
            "±": " plus or minus ", "≤": " at most ", "≥": " at least "}
_CURRENCY = {"$": ("dollar", "dollars", "cent", "cents"), "€": ("euro", "euros", "cent", "cents"),
             "£": ("pound", "pounds", "penny", "pence")}
_SCALES = {"thousand": "thousand", "k": "thousand", "million": "million", "m": "million", "mn": "million",
           "billion": "billion", "bn": "billion", "b": "billion", "trillion": "trillion"}
#: unit as written -> (one, many)
_UNITS = {"km/h": ("kilometer per hour", "kilometers per hour"), "kph": ("kilometer per hour", "kilometers per hour"),
          "mph": ("mile per hour", "miles per hour"), "GHz": ("gigahertz",) * 2, "MHz": ("megahertz",) * 2,
          "kHz": ("kilohertz",) * 2, "Hz": ("hertz",) * 2, "km": ("kilometer", "kilometers"),
          "cm": ("centimeter", "centimeters"), "mm": ("millimeter", "millimeters"), "kg": ("kilogram", "kilograms"),
          "mg": ("milligram", "milligrams"), "lbs": ("pound", "pounds"), "lb": ("pound", "pounds"),
          "oz": ("ounce", "ounces"), "ml": ("milliliter", "milliliters"), "mL": ("milliliter", "milliliters"),
          "TB": ("terabyte", "terabytes"), "GB": ("gigabyte", "gigabytes"), "MB": ("megabyte", "megabytes"),
          "KB": ("kilobyte", "kilobytes"), "kB": ("kilobyte", "kilobytes"),
          "Gbps": ("gigabit per second", "gigabits per second"), "Mbps": ("megabit per second", "megabits per second"),
          "kbps": ("kilobit per second", "kilobits per second"),
          "tbsp": ("tablespoon", "tablespoons"), "tsp": ("teaspoon", "teaspoons"),
          "°C": ("degree Celsius", "degrees Celsius"), "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
          "m²": ("square meter", "square meters"), "km²": ("square kilometer", "square kilometers"),
          "cm²": ("square centimeter", "square centimeters"), "ft²": ("square foot", "square feet"),
          "m³": ("cubic meter", "cubic meters"), "cm³": ("cubic centimeter", "cubic centimeters"),
          "m/s": ("meter per second", "meters per second"), "km/s": ("kilometer per second", "kilometers per second"),
          "ft": ("foot", "feet"), "ms": ("millisecond", "milliseconds"), "s": ("second", "seconds"),
          "min": ("minute", "minutes"), "h": ("hour", "hours")}
#: a rate's short span after its slash ("$5.99/mo")
_PER_SHORT = {"mo": "month", "mth": "month", "yr": "year", "wk": "week", "hr": "hour"}
_DIGIT_NAMES = "zero one two three four five six seven eight nine".split()


def digit_words(digits: str) -> str:
    """Each digit as a word ("907" -> "nine zero seven")."""
    return " ".join(_DIGIT_NAMES[int(d)] for d in digits)


def cardinal(digits: str) -> str:
    """A whole number in words; digit by digit past MAX_NUMBER_DIGITS."""
    return num2words(int(digits)) if len(digits) <= MAX_NUMBER_DIGITS else digit_words(digits)


def _decimal(number: str) -> str:
    whole, _, frac = number.replace(",", "").partition(".")
    return f"{cardinal(whole or '0')} point {digit_words(frac)}" if frac else cardinal(whole)


def _ordinal(digits: str) -> str:
    return num2words(int(digits), to="ordinal")


def sentence_end(match: re.Match, before_capital: bool = True) -> str:
    """"." when the stop a match swallowed ("p.m.", "U.S.") also ends the sentence: the text ends there, or (with
    `before_capital`) a capital follows."""
    if not match.group(0).endswith("."):
        return ""
    after = r"\s*(?:$|[\"')\]]*\s+[A-Z])" if before_capital else r"\s*$"
    return "." if re.match(after, match.string[match.end():]) else ""


def _money_scaled(match: re.Match) -> str:
    many = _CURRENCY[match["sym"]][1]
    return f" {_decimal(match['amount'])} {_SCALES[match['scale'].lower()]} {many} "


def _money(match: re.Match) -> str:
    one, many, sub_one, sub_many = _CURRENCY[match["sym"]]
    whole, frac = match["whole"].replace(",", ""), match["frac"]
    c = int(frac.ljust(2, "0")[:2]) if frac else 0
    cents = f"{num2words(c)} {sub_one if c == 1 else sub_many}"
    if c and int(whole) == 0:  # "$0.99": ninety-nine cents
        return f" {cents} "
    words = f"{cardinal(whole)} {one if int(whole) == 1 else many}"
    return f" {words} and {cents} " if c else f" {words} "


def _meridiem(match: re.Match) -> str:
    return f" {match['ap'].lower()} m{sentence_end(match)}" if match["ap"] else ""


def _time(match: re.Match) -> str:
    hour, minutes = int(match["h"]), match["min"]
    if hour > 24 or int(minutes) > 59:
        return match.group(0).replace(":", " ")
    said_hour = "twelve" if hour == 0 else cardinal(match["h"])  # "00:30": twelve thirty
    if minutes == "00":
        said = said_hour + ("" if match["ap"] else " o'clock")
    else:
        said = f"{said_hour} {'oh ' if minutes[0] == '0' else ''}{cardinal(minutes)}"
    return said + _meridiem(match)


def _duration(match: re.Match) -> str:
    """"1:30:15" as "one hour, thirty minutes and fifteen seconds" (a part at zero left out)."""
    parts = ((int(match["h"]), "hour"), (int(match["min"]), "minute"), (int(match["s"]), "second"))
    said = [f"{num2words(n)} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n]
    if len(said) < 2:
        return said[0] if said else "zero seconds"
    return ", ".join(said[:-1]) + " and " + said[-1]


def _hour(match: re.Match) -> str:
    return cardinal(match["h"]) + _meridiem(match) if 1 <= int(match["h"]) <= 12 else match.group(0)


def _year(digits: str) -> str:
    return num2words(int(digits), to="year") if len(digits) == 4 else cardinal(digits)


def spoken_date(month: int, day: int, year: str | None = None, day_first: bool = False) -> str:
    """A date as said: "December fifth, twenty twenty-four", or with `day_first` "fifth of December, ..."."""
    name = _MONTHS[month - 1]
    said = f"{_ordinal(str(day))} of {name}" if day_first else f"{name} {_ordinal(str(day))}"
    return f"{said}, {_year(year)}" if year else said


def _slash_date(match: re.Match) -> str:
    a, b = int(match["a"]), int(match["b"])
    if 1 <= a <= 12 and 1 <= b <= 31:  # month first, as in the US, wherever it can be
        return spoken_date(a, b, match["y"], day_first=False)
    if 1 <= b <= 12 and 1 <= a <= 31:
        return spoken_date(b, a, match["y"], day_first=True)
    return match.group(0)


def _iso_date(match: re.Match) -> str:
    month, day = int(match["m"]), int(match["d"])
    if 1 <= month <= 12 and 1 <= day <= 31:
        return spoken_date(month, day, match["y"], day_first=False)
    return match.group(0)


def _month_number(name: str) -> int:
    return next(i for i, m in enumerate(_MONTHS, 1) if m.lower().startswith(name.lower()[:3]))


def _month_day(match: re.Match) -> str:
    day = int(match["day"])
    if not 1 <= day <= 31:
        return match.group(0)
    said = spoken_date(_month_number(match["month"]), day, None, day_first=match.group(0)[0].isdigit())
    return said + sentence_end(match)  # ("the 23rd of May." keeps its sentence's stop)


def spoken_digits(text: str) -> str:
    """The digits of `text` (a phone number, a code) one by one, a pause after each: run together ("five five
    five"), digits are heard merged ("5500"). "zero", since an "oh" among digits is heard as nothing."""
    return ", ".join(digit_words(d) for d in re.findall(r"\d", text))


def _phone(match: re.Match) -> str:
    """A phone number digit by digit ("+" as "plus"); left as written where only a first zero or brackets made fewer
    than eight digits look like one ("0 5 10")."""
    written = match.group(0)
    plus = written.lstrip().startswith("+")
    if not plus and len(re.findall(r"\d", written)) < 8 and "-" not in written:
        return written
    # (the "(0)" of "+44 (0)20" is dialled only from within the country)
    return " plus " + spoken_digits(written.replace("(0)", "")) if plus else spoken_digits(written)


#: words before a month and day written "9/11" that make it one, not a fraction or a pair of counts
_DATE_WORDS = re.compile(r"\b(?:on|by|due|until|till|since|before|after|from|through|dated|expires)\s+$",
                         re.IGNORECASE)


def _fraction(match: re.Match) -> str:
    num, den = int(match["num"]), int(match["den"])
    if not match["whole"] and 1 <= num <= 12 and 1 <= den <= 31 and _DATE_WORDS.search(match.string[:match.start()]):
        return spoken_date(num, den)  # "on 9/11", "due 3/15": month first, as the US writes it
    whole = f"{cardinal(match['whole'])} and " if match["whole"] else ""
    count = "a" if whole and num == 1 else cardinal(match["num"])  # "two and a half"
    if not (0 < num < den <= 16 and num < 10):  # "12/13" is a count or a page, not twelve thirteenths
        return f"{whole}{cardinal(match['num'])} {cardinal(match['den'])}"  # 24/7, 50/50
    name = {2: ("half", "halves"), 4: ("quarter", "quarters")}.get(den)
    one = name[0] if name else _ordinal(str(den))
    many = name[1] if name else one + "s"
    return f"{whole}{count} {one if num == 1 else many}"


def _plural(words: str) -> str:
    return words[:-1] + "ies" if words.endswith("y") else words + "s"


def _decade(match: re.Match) -> str:
    if match["century"]:
        return _plural(_year(match["century"] + match["tens"] + "0"))
    return _plural(cardinal(match["tens"] + "0"))


def _measure(match: re.Match) -> str:
    one, many = _UNITS[match["unit"]]
    return f"{_decimal(match['amount'])} {one if match['amount'] == '1' else many}"


def _version(match: re.Match) -> str:
    return " point ".join(cardinal(part) for part in match.group(0).split("."))


def _initialism(match: re.Match) -> str:
    # "the U.S. Army": a capital after an initialism starts a name more often than a sentence
    return " ".join(match["letters"].replace(".", "").upper()) + sentence_end(match, before_capital=False)


def _number(match: re.Match) -> str:
    text = match.group(0)
    raw = text.replace(",", "")
    if re.fullmatch(r"\d+(st|nd|rd|th)", raw):
        n = raw[:-2]
        return _ordinal(n) if len(n) <= MAX_NUMBER_DIGITS else f"{digit_words(n)} {raw[-2:]}"
    if "." in raw:  # a decimal with an ordinal's ending ("1.5th") is read as the decimal
        return _decimal(re.sub(r"(st|nd|rd|th)$", "", raw))
    if len(raw) == 4 and 1100 <= int(raw) <= 2099 and "," not in text:  # read as a year
        return _year(raw)
    return cardinal(raw)


def _abbreviation(match: re.Match) -> str:
    word, period = match.group(1), match.group(2)
    key = word.lower()
    if key in _NEEDS_PERIOD and not period:
        return match.group(0)
    return _ABBREVIATIONS[key]


_DAYS = any_of(_WEEKDAYS)
_ABBR_RE = re.compile(r"\b(" + any_of(_ABBREVIATIONS) + r")(\.)?(?=\s|$|[,;:!?])", re.IGNORECASE)
_CURRENCY_SIGN = r"(?P<sym>[$€£])\s?"

#: (pattern, what it is said as), in the order they run
_RULES: list[tuple[re.Pattern, Callable[[re.Match], str] | str]] = [
    (re.compile(r"\b(?:https?|ftp)://"), ""),  # a web address is said without its scheme: "example.org slash docs"
    # a tag and a mention ("#HappyHolidays", "@ana_lopez"; not an e-mail address): the tag's words
    (re.compile(r"(?<![\w@#])(?P<mark>[#@])(?P<tag>[A-Za-z]\w*)"),
     lambda m: ("hashtag " if m["mark"] == "#" else "at ") + tag_words(m["tag"])),
    (re.compile(r"\bUS(?=\$\s?\d)"), ""),  # "US$5" is dollars
    (re.compile(r"\b([A-G])#(?!\w)"), r"\1 sharp"),  # a note or a language: "C#", "F#"
    (re.compile(r"(?<=\w)/(?=\s|$|[,;:!?)])"), ""),  # nor its closing slash
    # a weekday's short form only with its capital and a stop, a range ("Mon-Fri") or a time after it ("Sat 10am";
    # first, while the times are digits): "I sat." stays a verb
    (re.compile(r"\b(" + _DAYS + r")\.?\s?[-–]\s?(" + _DAYS + r")\b\.?"),
     lambda m: f"{_WEEKDAYS[m[1]]} to {_WEEKDAYS[m[2]]}" + sentence_end(m)),
    (re.compile(r"\b(" + _DAYS + r")(?:\.(?=\s|$|[,;:!?])|(?=\s+\d)|(?=,\s+(?:\d|" + _MONTH_NAME + r"\b)))"),
     lambda m: _WEEKDAYS[m.group(1)] + sentence_end(m)),
    (re.compile(_CURRENCY_SIGN + r"(?P<amount>\d+(?:\.\d+)?)\s?(?P<scale>" + "|".join(_SCALES) + r")\b",
                re.IGNORECASE), _money_scaled),
    (re.compile(_CURRENCY_SIGN + r"(?P<whole>\d+(?:,\d{3})*)(?:\.(?P<frac>\d+))?"), _money),
    (re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"), _iso_date),
    (re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})\b"), _slash_date),
    (re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s.-]?|1[\s.-])?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\d-])"),
     _phone),
    # one with another country's code, or a first zero ("+44 20 7946 0958", "020 7946 0958", "(0)20 7946 0958")
    (re.compile(r"(?<![\w+.,])(?:\+\s?\d{1,3}|0\d{1,4}|\(0?\d{1,5}\))(?:[\s-]?\(0\)\s?\d{1,5})?(?:[\s-]\d{1,8}){1,6}"
                r"(?![\w-]|[.,]\d)"), _phone),
    (re.compile(r"(?<![\d.:-])[2-9]\d{2}-\d{4}(?![\d-])"), _phone),  # a local number: it never starts with 0 or 1
    (re.compile(r"(?<![\d.:-])\d(?:-\d){3,}(?![\d-])"), _phone),  # digits spelled one by one: "5-5-5-0"
    (re.compile(r"(?<![\w.])[-−](?=\d)"), "minus "),
    # a dash between times of day is a range: "9am-5pm", "10:00–18:00"
    (re.compile(r"(?:(?<=\d)|(?<=[aApP][mM])|(?<=[aApP]\.[mM]\.))\s*[-–]\s*(?=\d{1,2}(?::\d{2})?\s?[aApP]\.?[mM]\b"
                r"|\d{1,2}:\d{2}\b)"), " to "),
    (re.compile(r"\b(?P<h>\d{1,2}):(?P<min>\d{2}):(?P<s>\d{2})\b"), _duration),  # "1:30:15"
    (re.compile(r"\b(?P<h>\d{1,2}):(?P<min>\d{2})(?!:?\d)" + AM_PM + "?"), _time),
    (re.compile(r"\b(\d{1,2}):(\d)\b"), r"\1 to \2"),  # a score or a ratio: "3:2", "16:9"
    (re.compile(r"\b(?P<h>\d{1,2})\.(?P<min>\d{2})" + AM_PM), _time),  # "3.30 pm", as transcripts write it
    (re.compile(r"\b(?P<h>\d{1,2})" + AM_PM), _hour),
    (re.compile(r"(?<=\d)(st|nd|rd|th)\s*[-–]\s*(?=\d)"), r"\1 to "),  # a range of days: "1st–3rd"
    (re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?![:\d]|,\d)"), _month_day),
    (re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?![a-z])"), _month_day),
    (re.compile(r"(?<![\d/.,])\b(?:(?P<whole>\d+)\s+)?(?P<num>\d{1,2})/(?P<den>\d{1,2})(?![\d/]|[.,]\d)"), _fraction),
    (re.compile(r"(?:\b(?P<century>1\d|20)|'|\b)(?P<tens>\d)0s\b"), _decade),
    # a height in feet and inches ("5'11\""), as it is said: "five foot eleven"
    (re.compile(r"(?<![\w'])(\d)'\s?(\d{1,2})(?:\"|'')"), r"\1 foot \2"),
    (re.compile(r"\b(\d+)in\b"), lambda m: f"{m[1]} inch" + ("" if m[1] == "1" else "es")),  # "2in", not "2 in 5"
    (re.compile(r"(\d)\s*-\s*(\d)"), r"\1 to \2"),  # a range, before its end is read as a measure: "30-35°C"
    (re.compile(r"(?<![\d,.])(?P<amount>\d+(?:,\d{3})*(?:\.\d+)?)\s?(?P<unit>" + any_of(_UNITS)
                + r")(?![A-Za-z])"), _measure),
    (re.compile(r"°\s?(?P<scale>[CF])(?![A-Za-z])"), lambda m: " " + _UNITS[f"°{m['scale']}"][1]),  # "in °C"
    (re.compile(r"\b\d+(?:\.\d+){2,}\b"), _version),
    (re.compile(r"(?<=\d) ?x ?(?=\d)"), " by "),  # dimensions: "3 x 4", "1920x1080"
    (re.compile(r"\b(\d+(?:\.\d+)?)x\b"), r"\1 times"),  # "3x faster"
    (re.compile(r"(?<=[a-z\d])\s*/\s*(?=(?:month|year|week|day|hour|night|person|head|page|mile|kilo)s?\b)"), " per "),
    (re.compile(r"(?<=[\w$€£])\s*/\s*(" + any_of(_PER_SHORT) + r")\b"), lambda m: f" per {_PER_SHORT[m[1]]}"),
    # a code of two capitals or more and three or four digits, as flights and models are said: "BA2490" "B A
    # twenty-four ninety", "UA123" "U A one twenty-three"
    (re.compile(r"\b(?P<letters>[A-Z]{2,3})(?P<digits>\d{3,4})\b"),
     lambda m: " ".join(m["letters"]) + " " + (digit_words(m["digits"]) if m["digits"][0] == "0"
                                               else num2words(int(m["digits"]), to="year").replace("-", " "))),
    # a code of letters and digits is read in its parts: "Q3", "MP3", "UA123" (an ordinal's ending stays on it)
    (re.compile(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])(?!(?:st|nd|rd|th)\b)"), " "),
    (re.compile(r"\b(?P<name>[A-Z][a-z]+) St\.(?=\s+[a-z]|\s*[,;:!?]|\s*$)"), r"\g<name> Street"),
    # said only before a number: "p. 12", "pp. 12-15", "c. 1850" (elsewhere "C." is an initial)
    (re.compile(r"\b(pp?|c)\.\s?(?=\d)"), lambda m: {"p": "page ", "pp": "pages ", "c": "circa "}[m[1]]),
    (_ABBR_RE, _abbreviation),
    (re.compile(r"\b(?P<letters>(?:[A-Za-z]\.){2,})"), _initialism),
    (re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?(?:st|nd|rd|th)?"), _number),
]


def verbalize(text: str) -> str:
    """`text` with what English writes in digits, symbols and abbreviations spelled out as it is said."""
    text = rewritten(text, _RULES)
    for sym, word in _SYMBOLS.items():
        text = text.replace(sym, word)
    return text
