"""Text to speech in any voice: front end -> base synthesizer -> engine."""
from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field, replace
from typing import Iterator

import numpy as np

from anyvoice.audio.signal import active_level_db, resample, trim_silence
from anyvoice.engines import DEFAULT_ENGINE, ENGINES, Engine, create_engine, resolve_engine
from anyvoice.errors import InputError
from anyvoice.models import load
from anyvoice.progress import Progress
from anyvoice.style.alignment import heard_share, locate_words
from anyvoice.style.apply import apply_prosody
from anyvoice.style.markup import mark_emphasis, parse_emphasis
from anyvoice.style.prosody import Prosody
from anyvoice.style.resolve import resolve_prosody
from anyvoice.synth import create_synthesizer, default_base
from anyvoice.synth.base import MULTILINGUAL_BASE, BaseSynthesizer, base_installed
from anyvoice.synth.passage import read_passage
from anyvoice.tasks.convert import convert_in_pieces, stream_in_pieces
from anyvoice.text import prepare
from anyvoice.text.frontend import MAX_SENTENCE_CHARS
from anyvoice.text.languages import Language, language_name, script_runs, text_language
from anyvoice.text.lexicon import apply_lexicon, check_lexicon, merge_lexicons
from anyvoice.text.phonemes import checkable_words, written, written_words
from anyvoice.text.unread_letters import unsaid_words
from anyvoice.text.written_form import WrittenForm, said_words
from anyvoice.voice import Voice
from anyvoice.voice.resolve import resolve_voice

MAX_TEXT_CHARS = 100_000


@dataclass
class TtsOptions:
    """How to speak: engine, base synthesizer, speed and the pause between sentences."""

    engine: Engine | str = DEFAULT_ENGINE  # an engine's name, or an engine configured by the caller
    base: str | None = None  # None: the voice's own base (designed voices name one), else the language's default
    speed: float = 1.0
    sentence_pause_s: float = 0.25
    style: str | None = None  # a prompt: "cheerful", "calm and slow", "very excited", ...
    prosody: Prosody | None = None  # explicit prosody values, applied on top of the prompt
    style_reference: str | os.PathLike | None = None  # "say it the way this clip says it"
    listen: bool = True  # hear a short prompt after rendering; render it again, or warn, when its words are lost
    lexicon: dict[str, str] = field(default_factory=dict)  # word -> how to say it, a respelling (text/lexicon.py)
    # A sentence may come as several chunks, the first before the rest is made (an engine that streams, cfm,
    # with no style or emphasis to apply to the whole sentence): for a live answer, not a file.
    pieces: bool = False
    language: str | None = None  # the text's language code (text/languages.py); None: detected from the text


#: Texts of at most this many words are listened to after rendering: a style or an engine that garbles a long
#: sentence loses a word in many, but a short prompt ("We won!") can lose all of it.
SHORT_PROMPT_WORDS = 3
#: the silence between the runs of a sentence that different bases speak (a name in another script): a pause
#: between words, where each base's own silence at its ends would make a pause between phrases
RUN_JOIN_S = 0.12
#: how far under a run's loudest frame its ends are taken for silence and trimmed
RUN_FLOOR_DB = 40.0


@dataclass(frozen=True)
class Said:
    """One sentence as it was spoken: its words as read, the seconds of pause the chunk starts with, the
    written words they read, each with how many of the sentence's said words (text/written_form.py) it covers, and
    the language it was spoken in."""

    sentence: str
    pause_s: float
    written: tuple[tuple[str, int], ...]
    language: str  # ISO 639-1


@dataclass
class SpeechStream:
    """Speech that is still being made: `chunks` yields one sentence at a time (with the pause before it), or,
    with TtsOptions.pieces, a sentence in one or more chunks; `warnings` fills as it goes (a short prompt whose
    words could not be heard in any rendering), and `spoken` gets each sentence's Said before its first chunk is
    yielded."""

    sample_rate: int
    chunks: Iterator[np.ndarray]
    warnings: list[str] = field(default_factory=list)
    spoken: list[Said] = field(default_factory=list)
    language: str = "en"  # the language spoken (ISO 639-1; "mul" for more than one)

    def whole(self) -> np.ndarray:
        """Every chunk joined (the warnings are complete once this returns)."""
        parts = list(self.chunks)
        return np.concatenate(parts) if parts else np.zeros(0, np.float32)


def clearer_base(spoken: Language) -> str | None:
    """The installed base that speaks `spoken` more clearly than Kokoro (Festival's Russian, Pico's French...);
    None if none is installed."""
    return next((base for base in spoken.clearer if base_installed(base)), None)


def language_base(spoken: Language, target: Voice | None) -> str:
    """The base that speaks `spoken` for `target`: for English the default; for another language its clearer
    base (Festival, Pico) where one is installed, else, of the Kokoro styles that speak it clearly, the one nearest
    the voice (the engine has the least timbre to move)."""
    if spoken.code == "en":
        return default_base("en")
    if clearer := clearer_base(spoken):
        return clearer
    styles = [f"{MULTILINGUAL_BASE}:{style}" for style in spoken.kokoro_styles]
    return styles[0] if target is None else load("voice-bank").nearest_base(target.embedding, styles)


def for_base(engine: Engine, synth: BaseSynthesizer, base: str, language: str, voice: Voice) -> Engine:
    """`engine` for the speech of `synth` (the base named `base`, speaking `language`) into `voice`: bound to the
    passage the base reads (`Engine.for_source`) where the engine measures the source, so that the base's timbre is
    measured there and not on each sentence; otherwise `engine` itself, and no passage is read."""
    if not engine.measures_source:
        return engine
    return engine.for_source(read_passage(synth, base, language), synth.sample_rate, voice)


def _check_request(text: str, opts: TtsOptions) -> None:
    """What can be wrong with a request before anything is read: speed, length, the engine's name."""
    if not 0.25 <= opts.speed <= 4.0:
        raise InputError(f"speed {opts.speed} is out of range; use 0.25 to 4.0")
    if isinstance(text, str) and len(text) > MAX_TEXT_CHARS:
        raise InputError(f"the text has {len(text)} characters; the limit is {MAX_TEXT_CHARS}, split it up")
    if isinstance(opts.engine, str):
        ENGINES.check(opts.engine)  # also when there is no voice to use it on: a misspelt name is still an error


def _base_for(opts: TtsOptions, target: Voice | None, spoken: Language) -> tuple[str, float]:
    """The base that speaks the request, and the pace its own rate needs: a designed voice names its base and the
    pace that brings that base's rate to the voice's; otherwise the language's base at its own pace."""
    own = target.rendering.base if target is not None and opts.base is None else None
    # In another language a designed voice's Kokoro style speaks it (without its English accent), unless a clearer
    # base is installed; a Piper base speaks English only.
    if own and spoken.code != "en":
        kokoro = own.startswith(MULTILINGUAL_BASE) and not clearer_base(spoken)
        own = own.split("@")[0] if kokoro else None
    return opts.base or own or language_base(spoken, target), target.rendering.base_pace if own else 1.0


@dataclass
class _Speaker:
    """One request's way of speaking a sentence: the base synthesizer, the engine into the target voice, and the
    style applied after; words in a script the language is not written in are spoken by `others`."""

    synth: BaseSynthesizer
    target: Voice | None
    engine: Engine
    prosody: Prosody
    pace: float  # goes to the base, whose own timing model stretches speech more naturally than PSOLA
    language: Language
    others: "_Others"

    @property
    def sample_rate(self) -> int:
        return self.synth.sample_rate

    def voiced(self, text: str, engine: Engine) -> np.ndarray:
        """`text` spoken by the base and taken into the voice by `engine` (no style yet)."""
        wav = self.synth.synthesize(text, speed=self.pace)
        if self.target is None or not wav.size:
            return wav
        return convert_in_pieces(engine, wav, self.sample_rate, self.target)

    def _sentence(self, clean: str, engine: Engine) -> np.ndarray:
        """The sentence in the voice, each run of another script ("Война и мир" in French) by that language's own
        base and engine, brought to this base's rate."""
        runs = script_runs(clean, self.language) or [(clean, self.language)]
        if len(runs) == 1:
            return self._run(*runs[0], engine)
        sr = self.sample_rate
        # a base's silence, once converted, can lie less than trim_silence's default floor under its speech
        parts = [(trim_silence(self._run(text, spoken, engine), sr, floor_db=RUN_FLOOR_DB), spoken == self.language)
                 for text, spoken in runs]
        own = [wav for wav, mine in parts if mine and wav.size]
        level = active_level_db(np.concatenate(own), sr) if own else None
        join, joined = np.zeros(int(RUN_JOIN_S * sr), np.float32), []
        for wav, mine in parts:
            if level is not None and not mine and wav.size:  # one loudness across the bases
                wav = wav * 10 ** ((level - active_level_db(wav, sr)) / 20)
            joined += [join, wav] if joined else [wav]
        return np.concatenate(joined).astype(np.float32)

    def _run(self, text: str, spoken: Language, engine: Engine) -> np.ndarray:
        """A run of a sentence in the voice: by this base, or by `spoken`'s own, brought to this base's rate."""
        if spoken == self.language:
            return self.voiced(text, engine)
        other = self.others.speaker(spoken)
        return resample(other.voiced(text, other.engine), other.sample_rate, self.sample_rate)

    def render(self, clean: str, marked: list[int], engine: Engine, style: Prosody) -> np.ndarray:
        """The sentence whole: base, engine, then the style over its words (the emphasised ones located)."""
        sr = self.sample_rate
        wav = self._sentence(clean, engine)
        if not wav.size:
            return wav
        spans = locate_words(wav, sr, written_words(clean), marked, self.language.code) if marked else []
        return apply_prosody(wav, sr, replace(style, pace=1.0), spans).astype(np.float32)

    def pieces(self, clean: str, marked: list[int]) -> Iterator[np.ndarray]:
        """The sentence as the engine streams it, where nothing is left to do to the whole sentence and it is in
        one script."""
        if (marked or self.target is None or not replace(self.prosody, pace=1.0).changes_nothing()
                or any(spoken != self.language for _, spoken in script_runs(clean, self.language))):
            yield self.render(clean, marked, self.engine, self.prosody)
            return
        wav = self.synth.synthesize(clean, speed=self.pace)
        if wav.size:
            yield from stream_in_pieces(self.engine, wav, self.sample_rate, self.target)

    def heard(self, clean: str, marked: list[int], warnings_: list[str]) -> np.ndarray:
        """A short prompt, listened to: while its words are not heard, it is rendered again with the style at half
        strength, then through the `select` engine; if none is heard, the first is kept, with a warning."""
        tries = [(self.engine, self.prosody), (self.engine, self.prosody.scaled(0.5))]
        if self.target is not None and self.engine.name not in ("select", "none"):
            tries.append((create_engine("select"), self.prosody.scaled(0.5)))
        # the listener hears the request's language only, not a name in another script
        words = [word for text, spoken in script_runs(clean, self.language) if spoken == self.language
                 for word in checkable_words(text)]
        first = None
        for engine, style in tries:
            wav = self.render(clean, marked, engine, style)
            if not wav.size or not words or heard_share(wav, self.sample_rate, words) == 1.0:
                return wav
            first = wav if first is None else first
        warnings_.append(f"the words {written(clean)!r} may not be heard right in this voice and style; try a "
                         "milder style, another engine, or a longer text")
        return first


def _speaker(opts: TtsOptions, target: Voice | None, prosody: Prosody, engine: Engine, spoken: Language) -> _Speaker:
    """How the request says `spoken`: its base, at the pace the voice asks of that base, and `engine` bound to it."""
    base, base_pace = _base_for(opts, target, spoken)
    synth = create_synthesizer(base, spoken.code)
    bound = for_base(engine, synth, base, spoken.code, target) if target is not None else engine
    return _Speaker(synth, target, bound, prosody, opts.speed * prosody.pace * base_pace, spoken,
                    _Others(opts, target, prosody, engine))


@dataclass
class _Others:
    """The speakers of a request's other languages, each made the first time a sentence holds words in its
    script."""

    options: TtsOptions
    target: Voice | None
    prosody: Prosody
    engine: Engine  # as the request gave it, before it is bound to a base
    made: dict[str, _Speaker] = field(default_factory=dict)

    def speaker(self, spoken: Language) -> _Speaker:
        if spoken.code not in self.made:  # the request's base reads the request's language only
            self.made[spoken.code] = _speaker(replace(self.options, base=None), self.target, self.prosody,
                                              self.engine, spoken)
        return self.made[spoken.code]


def _chunks(speaker: _Speaker, sentences: list[str], form: WrittenForm, gap: np.ndarray, short: bool,
            pieces: bool, stream: SpeechStream, progress: Progress | None) -> Iterator[np.ndarray]:
    """Each sentence's audio for `stream` (the first chunk of every sentence but the first with `gap` before it):
    a short prompt listened to, or the sentence in `pieces` as the engine streams it, or whole. Each sentence's
    Said goes to `stream.spoken` before its first chunk, and a warning to `stream.warnings`."""
    sr, started = speaker.sample_rate, False
    for i, sentence in enumerate(sentences):
        clean, marked = parse_emphasis(sentence)
        if short:
            parts = iter([speaker.heard(clean, marked, stream.warnings)])
        elif pieces:
            parts = speaker.pieces(clean, marked)
        else:
            parts = iter([speaker.render(clean, marked, speaker.engine, speaker.prosody)])
        begun = False
        for wav in (part for part in parts if part.size):
            if not begun:
                said = written(clean)
                stream.spoken.append(Said(said, len(gap) / sr if started else 0.0,
                                          tuple(form.sentence(said_words(said))), speaker.language.code))
                wav = np.concatenate([gap, wav]) if started else wav
                begun = started = True
            yield wav
        if progress:
            progress(i + 1, len(sentences))


def tts_stream(text: str, voice: "Voice | str | os.PathLike | None" = None, options: TtsOptions | None = None,
               progress: Progress | None = None) -> SpeechStream:
    """Like `tts`, but sentence by sentence: a server can send the first sentence while the rest is spoken.

    Everything that can be wrong with the request (text, voice, style, options) raises here, before any audio.
    """
    opts = options or TtsOptions()
    _check_request(text, opts)
    lexicon = check_lexicon(opts.lexicon) if opts.lexicon else {}
    spoken = text_language(text if isinstance(text, str) else "", opts.language)
    marked_text = mark_emphasis(apply_lexicon(text, lexicon))
    sentences = prepare(marked_text, language=spoken.code)  # errors in the text come before any model loads
    target = resolve_voice(voice) if voice is not None else None
    if target is not None and target.rendering.lexicon:  # read again with the voice's own words too
        lexicon = merge_lexicons(dict(target.rendering.lexicon), lexicon)  # the request's own entries win
        marked_text = mark_emphasis(apply_lexicon(text, lexicon))
        sentences = prepare(marked_text, language=spoken.code)
    prosody = resolve_prosody(target, opts.style, opts.prosody, opts.style_reference)
    engine = resolve_engine(opts.engine) if target is not None else create_engine("none")
    speaker = _speaker(opts, target, prosody, engine, spoken)
    engine = speaker.engine
    # Slow speech gets shorter sentences: a synthesizer makes a sentence in one pass, its memory growing with
    # the sentence's length in time, not in letters.
    if speaker.pace < 1.0:
        sentences = prepare(marked_text, max_chars=int(MAX_SENTENCE_CHARS * speaker.pace), language=spoken.code)
    # A short prompt is listened to (the listener, Whisper tiny.en, hears English only). With no engine and no
    # style every try would render the same base speech: there is nothing to listen for.
    retries_differ = engine.name != "none" or not prosody.changes_nothing()
    short = (opts.listen and spoken.code == "en" and retries_differ
             and len(" ".join(sentences).split()) <= SHORT_PROMPT_WORDS)
    gap = np.zeros(int(speaker.sample_rate * opts.sentence_pause_s * prosody.pause), np.float32)
    stream = SpeechStream(speaker.sample_rate, iter(()), language=spoken.code)  # its chunks fill its lists
    stream.chunks = _chunks(speaker, sentences, WrittenForm(text, spoken.code), gap, short, opts.pieces, stream,
                            progress)
    for script, words in unsaid_words(marked_text).items():  # as read: a lexicon may say a word of them
        stream.warnings.append(f"{', '.join(map(repr, words))}: written in {script} letters, which no voice here "
                               "reads, so not said; write them in Latin letters to have them said")
    if target is not None and engine.reads_words_in not in (None, spoken.code):
        stream.warnings.append(f"the {engine.name} engine reads the words with its "
                               f"{language_name(engine.reads_words_in)} model and may lose some {spoken.name} words; "
                               "'select' (the default engine) keeps them (--engine select)")
    return stream


def tts(text: str, voice: "Voice | str | os.PathLike | None" = None, options: TtsOptions | None = None,
        progress: Progress | None = None) -> tuple[np.ndarray, int]:
    """Speak `text` in `voice` (a Voice, voice file or reference recording; None = the base voice).

    Words marked *like this* are stressed. A short prompt whose words cannot be heard after rendering gives a
    UserWarning (see `tts_stream`). Style (prompt, prosody values, style reference) is applied after the
    voice is rendered, so it changes delivery, not words or timbre. Returns (mono float32 audio, sample rate);
    long text is split into sentences and spoken one by one.
    """
    stream = tts_stream(text, voice, options, progress)
    audio = stream.whole()
    for message in stream.warnings:
        warnings.warn(message, UserWarning, stacklevel=2)
    return audio, stream.sample_rate
