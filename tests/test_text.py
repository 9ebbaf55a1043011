import pytest

from anyvoice.errors import InputError
from anyvoice.text import normalize, prepare, split_sentences
from anyvoice.text.frontend import MAX_SENTENCE_CHARS


def test_numbers_currency_abbreviations_are_spelled_out():
    out = normalize("Dr. Smith paid $3.50 for 1,042 books in 2023, i.e. 15% more on the 3rd day.")
    assert out == ("doctor Smith paid three dollars and fifty cents for one thousand and forty-two books in "
                   "twenty twenty-three, that is fifteen percent more on the third day.")


def test_decimals_ranges_and_symbols():
    assert normalize("Pi is 3.14") == "Pi is three point one four"
    assert normalize("10-20 cats & dogs") == "ten to twenty cats and dogs"
    assert normalize("~25 °C, ±3 %, ≤ 6, ≥ 18, US$ 5, C#") == (
        "about twenty-five degrees Celsius, plus or minus three percent, at most six, at least eighteen, five dollars, "
        "C sharp")
    # a height, inches written on their number ("2 in 5" stays words), a rate's short span, a range of days
    assert normalize("5'11\", 6ft 2in, 2 in 5, $5.99/mo, 12 m/s, 1st–3rd June") == (
        "five foot eleven, six feet two inches, two in five, five dollars and ninety-nine cents per month, twelve "
        "meters per second, first to third of June")
    # a flight's or a model's code as it is said; a code of one letter, or apart from its number, as before
    assert normalize("BA2490, UA123, B12, UK 2024, Ph.D., ext. 204") == (
        "B A twenty four ninety, U A one twenty three, B twelve, UK twenty twenty-four, P h D, extension two hundred "
        "and four")
    # a tag's words apart at their capitals, a mention said with "at"; "#1" is still a number
    assert normalize("Follow @ana_lopez, use #HappyHolidays, we're #1.") == \
        "Follow at ana lopez, use hashtag Happy Holidays, we're number one."


def test_times_dates_and_phone_numbers_are_said_as_people_say_them():
    assert normalize("at 3:30pm, 10:05 a.m. and 12:00") == "at three thirty p m, ten oh five a m and twelve o'clock"
    assert normalize("on 12/05/2024 or 25/12/2023") == ("on December fifth, twenty twenty-four or twenty-fifth of "
                                                        "December, twenty twenty-three")
    assert normalize("2024-03-01, Jan. 5th and 5 May") == ("March first, twenty twenty-four, January fifth and fifth "
                                                           "of May")
    assert normalize("Call 555-1234 or +1 (800) 555-0199.") == (
        "Call five, five, five, one, two, three, four or plus one, eight, zero, zero, five, five, five, zero, one, "
        "nine, nine.")
    # numbers of other countries: a country's code, or a first zero
    assert normalize("Ring 020 7946 0958 or +44 (0)20 7946 0958; scores 0 5 10.") == (
        "Ring zero, two, zero, seven, nine, four, six, zero, nine, five, eight or plus four, four, two, zero, seven, "
        "nine, four, six, zero, nine, five, eight; scores zero five ten.")
    assert normalize("you may 5 times") == "you may five times"  # the verb is no month
    # a month and day with no year after a word that makes it a date; a weekday before a comma and a date
    assert normalize("It happened on 9/11, due 12/25; page 12/13.") == (
        "It happened on September eleventh, due December twenty-fifth; page twelve thirteen.")
    assert normalize("Tue, Mar 3 and the 23rd of May.") == "Tuesday, March third and the twenty-third of May."
    # opening hours: a dash between times is "to", two weekdays joined by one a range, a weekday before a time said
    assert normalize("Open Mon-Fri 9am-5pm, Sat 10:00–14:00. I sat 5 minutes.") == (
        "Open Monday to Friday nine a m to five p m, Saturday ten o'clock to fourteen o'clock. I sat five minutes.")
    assert normalize("in 1:30:15, at 00:30, 3:2 and 16:9") == ("in one hour, thirty minutes and fifteen seconds, at "
                                                               "twelve thirty, three to two and sixteen to nine")
    assert normalize("page 12/13") == "page twelve thirteen"  # not twelve thirteenths
    assert normalize("Fri., Oct. 3rd, where I sat.") == "Friday, October third, where I sat."


def test_measures_fractions_decades_money_and_versions_are_spelled_out():
    assert normalize("5kg, 1 km, 100 km/h, 2,500 MB and -5°C") == ("five kilograms, one kilometer, one hundred "
                                                                  "kilometers per hour, two thousand, five hundred "
                                                                  "megabytes and minus five degrees Celsius")
    assert normalize("1/2, 3/4, 2 1/2 and 24/7") == "one half, three quarters, two and a half and twenty-four seven"
    assert normalize("1½ cups and 2¾ tsp") == "one and a half cups and two and three quarters tsp"  # not "eleven two"
    # a unit's square or cube is no digit ("m²" was read "m two"); a square elsewhere is as before
    assert normalize("50 m², 1 km² and 3 m³; mc²") == ("fifty square meters, one square kilometer and three cubic "
                                                       "meters; mc two")
    assert normalize("the 1990s, the '80s and the 1900s") == ("the nineteen nineties, the eighties and the nineteen "
                                                              "hundreds")
    assert normalize("$1.5 million and €20bn") == "one point five million dollars and twenty billion euros"
    assert normalize("the 1.5th") == "the one point five"  # an ordinal's ending on a decimal is not read
    assert normalize("Q3, MP3 on the 21st, 3x faster, 2 × 3") == "Q three, MP three on the twenty-first, three times " \
                                                                "faster, two times three"
    assert normalize("30-35°C, $0.99 and $5/month") == ("thirty to thirty-five degrees Celsius, ninety-nine cents "
                                                        "and five dollars per month")
    # times after a number ("ms" was read as "Ms", "miss") and a scale written without one
    assert normalize("It took 5 ms, 1 s, 30 min and 2 h; set it in °C or ℉.") == (
        "It took five milliseconds, one second, thirty minutes and two hours; set it in degrees Celsius or degrees "
        "Fahrenheit.")
    assert normalize("See https://example.org/docs/ now.") == "See example.org slash docs now."
    assert normalize("version 2.0.1 on Main St. and St. John") == ("version two point zero point one on Main Street "
                                                                   "and saint John")
    # kitchen and network units, pages and "circa" before a number (an initial stays a letter), a slash between
    # decimals
    assert normalize("2 tbsp, 1 tsp at 50 Mbps; pp. 12-15, p. 3, c. 1850 by John C. Smith; 3.8/4.0") == (
        "two tablespoons, one teaspoon at fifty megabits per second; pages twelve to fifteen, page three, circa "
        "eighteen fifty by John C. Smith; three point eight slash four point zero")


def test_a_stop_inside_a_time_or_initialism_ends_a_sentence_only_where_one_ends():
    assert prepare("We left at 5 p.m. Then it rained. The U.S. Army came to the U.S.") == [
        "We left at five p m.", "Then it rained.", "The U S Army came to the U S."]
    assert prepare("Meet at 10 a.m. on Monday.") == ["Meet at ten a m on Monday."]


def test_words_that_look_like_abbreviations_stay_words_without_a_period():
    assert normalize("No way, give me a min") == "No way, give me a min"
    assert normalize("No. 5") == "number five"
    assert normalize("Gen. Lee of Acme Inc., see fig. 2; a rep and a col") == ("general Lee of Acme incorporated, see "
                                                                              "figure two; a rep and a col")


def test_paragraphs_and_sentences_split():
    text = "First sentence here. Second one! Third?\n\nA new paragraph. Dr. Who arrives."
    sentences = prepare(text)
    assert sentences == ["First sentence here.", "Second one!", "Third?", "A new paragraph.", "doctor Who arrives."]


def test_very_long_sentence_is_cut_under_the_limit():
    long = ", ".join(["a clause with several words in it"] * 40) + "."
    parts = split_sentences(long)
    assert len(parts) > 1
    assert all(len(p) <= MAX_SENTENCE_CHARS for p in parts)
    assert " ".join(parts).replace(" ", "") == long.replace(" ", "")


@pytest.mark.parametrize("text", ["", "   ", "!!! ??? ...", "*** ### %%%"[:3] + " ... ---"])
def test_text_with_nothing_to_speak_is_rejected(text):
    with pytest.raises(InputError, match="(empty|nothing to speak)"):
        prepare(text)


def test_control_characters_go_and_the_emphasis_markers_stay():
    from anyvoice.style.markup import mark_emphasis, parse_emphasis

    assert prepare("Hello\x00 there,\x1b[31m friend\u200b.") == ["Hello there, thirty-one m friend."]
    sentence = prepare(mark_emphasis("I *never*\x07 said that."))[0]
    assert parse_emphasis(sentence) == ("I never said that.", [1])


def test_huge_numbers_are_read_digit_by_digit():
    assert normalize("1234567890123456") == " ".join(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "zero"] + ["one", "two", "three",
                                                                                            "four", "five", "six"])
    assert normalize("$" + "9" * 40).endswith("nine dollars")
    assert normalize("12345678901234567th").endswith("seven th")
    assert normalize("123,456") == "one hundred and twenty-three thousand, four hundred and fifty-six"


def test_an_endless_word_is_read_in_pieces():
    from anyvoice.text.frontend import MAX_WORD_CHARS

    sentences = prepare("z" * 20_000)
    assert all(len(s) <= MAX_SENTENCE_CHARS for s in sentences)
    assert max(len(w) for s in sentences for w in s.split()) == MAX_WORD_CHARS
    assert sum(len(w) for s in sentences for w in s.split()) == 20_000


def test_a_lexicon_replaces_whole_words_longest_first_and_its_file_is_checked(tmp_path):
    from anyvoice.text.lexicon import apply_lexicon, read_lexicon

    entries = {"New York": "noo york", "New York City": "the big apple", "SQL": "sequel"}
    assert apply_lexicon("New York City and new york; SQLite, sql.", entries) == \
        "the big apple and noo york; SQLite, sequel."
    path = tmp_path / "words.lex"
    path.write_text("# names\nNguyen = win\nXavier\tzay vee er\n\n")
    assert read_lexicon(path) == {"Nguyen": "win", "Xavier": "zay vee er"}
    path.write_text("Nguyen win\n")
    with pytest.raises(InputError, match="line 1"):
        read_lexicon(path)
    path.write_text("Nguyen = /w1n/\n")
    with pytest.raises(InputError, match="'Nguyen'.*'1' in 'w1n' is not an IPA symbol"):
        read_lexicon(path)


def test_a_lexicon_entry_in_ipa_is_said_as_given_and_shown_as_written():
    from anyvoice.text.lexicon import apply_lexicon
    from anyvoice.text.phonemes import Phonemes, split_phonemes, written

    said = apply_lexicon("Mr. Nguyen paid $5.", {"nguyen": "/ˈwɪn/"})
    sentence, = prepare(said)
    assert split_phonemes(sentence) == ["mister ", Phonemes("wˈɪn", "Nguyen"), " paid five dollars."]
    assert written(sentence) == "mister Nguyen paid five dollars."


def test_given_phonemes_pass_the_front_end_untouched():
    from anyvoice.text.phonemes import Phonemes, check_ipa, protect, split_phonemes, written_words

    # NFKC would turn the aspiration mark into an h, and the stress moves to the vowel as espeak-ng writes it
    text = f"Say {protect('ˈtʰɒm ɑː', 'Tom R')} at 10. {protect('ˈbiː', 'B')}"
    first, second = prepare(text)
    assert split_phonemes(first) == ["Say ", Phonemes("tʰˈɒm ɑː", "Tom R"), " at ten."]
    assert written_words(first) == ["Say", "Tom R", "at", "ten."]  # one entry per token: indices hold
    assert split_phonemes(second) == [Phonemes("bˈiː", "B")]  # a sentence of phonemes alone is kept
    assert split_phonemes("plain words") == ["plain words"]
    for bad in ("", "p" * 201, "pi<za", "pi2za"):
        with pytest.raises(InputError, match="phonemes|IPA"):
            check_ipa(bad, "phonemes")


def test_spoken_sentences_are_followed_back_to_the_written_words():
    from anyvoice.text.lexicon import apply_lexicon
    from anyvoice.text.written_form import WrittenForm, said_words

    text = "Dr. Nguyen paid $5 for 10-20 *fresh* apples — all of them. Then he left at noon!"
    form = WrittenForm(text)
    first, second = [form.sentence(said_words(s)) for s in prepare(apply_lexicon(text, {"Nguyen": "win"}))]
    assert first == [("Dr.", 1), ("Nguyen", 1), ("paid", 1), ("$5", 2), ("for", 1), ("10-20", 3), ("fresh", 1),
                     ("apples —", 1), ("all", 1), ("of", 1), ("them.", 1)]  # the dash, not said, joins a word
    assert second == [("Then", 1), ("he", 1), ("left", 1), ("at", 1), ("noon!", 1)]
    assert WrittenForm("something else entirely").sentence(["hello", "there"]) == [("hello", 1), ("there", 1)]
    # a word in a script English spells nothing of is a word of its own, not a part of the word before
    mixed = "We flew to 北京 in May."
    assert WrittenForm(mixed).sentence(said_words(mixed)) == [(w, 1) for w in mixed.split()]


def test_every_spoken_language_has_a_passage_of_sentences_outside_the_evaluation_set():
    from anyvoice.evaluation.evalset import LANGUAGE_TEXTS, LONG_TEXT, TEXTS, TTS_TEXT
    from anyvoice.text.languages import LANGUAGES, text_language
    from anyvoice.text.passages import PASSAGES

    assert set(PASSAGES) == set(LANGUAGES)
    evaluated = {t for texts in [*LANGUAGE_TEXTS.values(), TTS_TEXT, *TEXTS.values()] for t in texts}
    for code, passage in PASSAGES.items():
        assert len(passage) == 6 and not evaluated & set(passage) and not any(s in LONG_TEXT for s in passage)
        assert text_language(" ".join(passage)).code == code  # written in its language


def test_letters_no_voice_reads_are_said_in_latin_where_that_keeps_their_sounds_and_left_out_otherwise():
    from anyvoice.text.frontend import clean
    from anyvoice.text.unread_letters import said_letters, unsaid_words

    assert prepare("We sailed to Ελλάδα. I said 안녕하세요 to her.") == \
        ["We sailed to Ellada.", "I said annyeonghaseyo to her."]
    assert prepare("Hello שלום world, مرحبا.") == ["Hello world, ."]
    # a Greek letter alone is a symbol, said by its name in the sentence's language
    assert prepare("The area is π r², and Δt is small.") == ["The area is pi r two, and delta t is small."]
    assert prepare("Угол α равен 30°.", language="ru") == ["Угол альфа равен 30°."]
    assert unsaid_words("Hello שלום world, مرحبا.") == {"Hebrew": ["שלום"], "Arabic": ["مرحبا"]}
    assert unsaid_words("नमस्ते, friend") == {"Devanagari": ["नमस्ते"]}  # its vowel signs are part of the word
    assert unsaid_words("I love ❤️ runes: ᚠᚢᚦ.") == {"Runic": ["ᚠᚢᚦ"]}  # an emoji's variation selector is no letter
    # the spoken languages' own letters, a unit's micro sign and an ordinal indicator stay as written
    for kept in ("Il mesure 5 µm.", "Le 3º étage.", "Добрый день.", "佐々木さんは東京に行く。", "𝐀𝐁𝐂 x²"):
        assert said_letters(clean(kept)) == clean(kept) and not unsaid_words(kept)
