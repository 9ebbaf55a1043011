"""The real-speech sources that ship inside Debian packages, and how each names its speakers and texts.

A source is one or more packages, the audio files inside them (a glob under the unpacked tree, or under the clips
an archive reader takes out of it) and a labeller, chosen by name, that turns a file's path into (speaker, language)
or None for a file that is not speech.
Transcripts come from the package where it has them (`texts`, also chosen by name), else from Whisper base.
"""
from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Callable

from anyvoice.errors import InputError

Label = tuple[str, str]  # (speaker id, language code)


@dataclass(frozen=True)
class Source:
    """One corpus source."""

    name: str
    packages: tuple[str, ...]
    pattern: str  # glob of the audio files under the unpacked packages
    labeller: str  # key of LABELLERS
    licence: str
    texts: str = ""  # key of TEXT_READERS; "" = no transcripts in the package
    text_packages: tuple[str, ...] = ()  # packages fetched for their texts alone (no audio taken from them)
    speaker: str = ""  # the one speaker's id (labeller "one")
    language: str = ""  # the one language (labeller "one")
    folder: str = ""  # a user's folder read in place of packages
    archive: str = ""  # key of archives.ARCHIVES: the audio lies inside one file, read out before the glob


def _one(source: Source, path: Path) -> Label | None:
    return source.speaker, source.language


#: an asterisk voice's folder: en_US_f_Allison (language, region, sex, name)
_ASTERISK_VOICE = re.compile(r"([a-z]{2})_[A-Z]{2}_[fm]_(\w+)")


def _asterisk_voice(path: Path) -> tuple[Path, re.Match] | None:
    for folder in path.parents:
        m = _ASTERISK_VOICE.fullmatch(folder.name)
        if m:
            return folder, m
    return None


def _asterisk(source: Source, path: Path) -> Label | None:
    # the same voice in two languages is one speaker
    voice = _asterisk_voice(path)
    return (f"asterisk-{voice[1].group(2).lower()}", voice[1].group(1)) if voice else None


def _fillets(source: Source, path: Path) -> Label | None:
    # level-CODE-word.ogg: CODE is the character (m and v the two fish, the rest minor characters)
    parts = path.stem.split("-")
    return (f"fillets-{parts[1]}", "cs") if len(parts) >= 3 and parts[1].isalpha() else None


def _tuxpaint(source: Source, path: Path) -> Label | None:
    # NAME_desc_LANG.ogg is a spoken description (one reader a language); NAME_desc.ogg is English; other
    # .ogg files are sound effects
    m = re.fullmatch(r".+_desc(?:_([a-z]{2}))?", path.stem)
    if not m:
        return None
    lang = m.group(1) or "en"
    return f"tuxpaint-{lang}", lang


def _queen(source: Source, path: Path) -> Label | None:
    # JOEnnnnn and dialogue lines with J in the speaker's place (nnnnnnJn, nnnnnAJn, nnXXXXJn, ...) are Joe, the
    # hero; P there is the other party, whom the first two digits name. Cut scene lines (Cnn...) do not say who
    # speaks, and GE2E on this 11-kHz audio lumps its actors together, so they are left out
    m = re.fullmatch(r"(\d\d)[0-9A-Z]{4}([JP])\d", path.stem)
    if path.stem.startswith("JOE") or (m and m.group(2) == "J"):
        return "fotaq-joe", "en"
    return (f"fotaq-p{m.group(1)}", "en") if m else None


def _folder(source: Source, path: Path) -> Label | None:
    # ROOT/<speaker>/...: the first folder under the root names the speaker
    return f"{source.name}-{path.relative_to(source.folder).parts[0]}", ""


def _unlabelled(source: Source, path: Path) -> Label | None:
    # one provisional speaker; clustering (folders.cluster_speakers) splits it after cutting
    return f"{source.name}-unlabelled", ""


LABELLERS: dict[str, Callable[[Source, Path], Label | None]] = {
    "one": _one, "asterisk": _asterisk, "fillets": _fillets, "tuxpaint": _tuxpaint, "queen": _queen,
    "folder": _folder, "cluster": _unlabelled}


def _festival_texts(root: Path) -> dict[str, str]:
    """Festival's etc/txt.done.data: ( ru_0001 "text" ) per line, keyed by the wav's stem."""
    out = {}
    for data in root.rglob("txt.done.data"):
        for line in data.read_text(encoding="utf-8", errors="replace").splitlines():
            m = re.match(r'\(\s*(\S+)\s+"(.*)"\s*\)', line.strip())
            if m:  # (the Russian voice's prompts mark stress with a + before the vowel: not said)
                out[m.group(1)] = m.group(2).replace("+", "")
    return out


def _tuxpaint_texts(root: Path) -> dict[str, str]:
    """Each stamp's NAME.txt: the English text on the first line, then `xx.utf8=text` lines; keyed by the
    description file's stem (NAME_desc or NAME_desc_xx)."""
    out = {}
    for txt in root.rglob("*.txt"):
        lines = txt.read_text(encoding="utf-8", errors="replace").splitlines()
        if lines and "=" not in lines[0]:
            out[f"{txt.stem}_desc"] = lines[0].strip()
        for line in lines:
            m = re.match(r"([a-z]{2})\.utf8=(.+)", line.strip())
            if m:
                out[f"{txt.stem}_desc_{m.group(1)}"] = m.group(2).strip()
    return out


#: dialogId("ID", "font", "English") then dialogStr("Czech"), either call perhaps over several lines
_FILLETS_LINE = re.compile(r'dialogId\(\s*"([^"]+)"(?:\s*,\s*"(?:[^"\\]|\\.)*")*\s*\)\s*'
                           r'dialogStr\(\s*"((?:[^"\\]|\\.)*)"\s*\)')


def _fillets_texts(root: Path) -> dict[str, str]:
    """Fish Fillets' level scripts (script/LEVEL/dialogs_cs.lua): the Czech line of each dialogue, keyed by its id,
    which is the stem of the line's recording."""
    out = {}
    for lua in root.rglob("dialogs_cs.lua"):
        for key, line in _FILLETS_LINE.findall(lua.read_text(encoding="utf-8", errors="replace")):
            out[key] = re.sub(r"\\(.)", r"\1", line).strip()
    return out


#: a question mark glued to a word, and the letter that comes next
_GLUED_MARK = re.compile(r"[^\W\d_]\?\s*([^\W\d_])")


def lost_letters(text: str) -> bool:
    """Whether a package's text lost letters to its encoding: bytes that did not decode, or a question mark
    standing for a letter ("il tempo sar? esattamente" for "sarà"), which the sentence goes on after in lower case.
    Such a text is not what was said."""
    return "\ufffd" in text or any(m.group(1).islower() for m in _GLUED_MARK.finditer(text))


#: a note in a prompt list that is not said: "[ascending tones]", "(beep)", "(You are now muted.)"
_UNSAID = re.compile(r"\[[^\]]*\]|\([^)]*\)")


def _asterisk_texts(root: Path) -> dict[str, str]:
    """The prompt lists of asterisk's sound packages (core-sounds-LANG.txt, perhaps gzipped: `name: text` per
    line, `;` comments), keyed by language and prompt name ("es/digits/1"); notes that are not said are left out,
    and a prompt with nothing said (a beep) has no text."""
    out = {}
    for listing in root.rglob("core-sounds-*.txt*"):
        language = re.match(r"core-sounds-([a-z]{2})", listing.name)
        if not language:
            continue
        opener = gzip.open if listing.suffix == ".gz" else open
        with opener(listing, "rt", encoding="utf-8", errors="replace") as f:
            for line in f:
                name, sep, text = line.partition(":")
                said = " ".join(_UNSAID.sub(" ", text).split())
                if sep and not line.startswith(";") and any(c.isalpha() for c in said):
                    out[f"{language.group(1)}/{name.strip()}"] = said
    return out


def _asterisk_key(path: Path) -> str:
    """A prompt's key in the lists: its voice's language and its name under the voice's folder."""
    voice = _asterisk_voice(path)
    return f"{voice[1].group(1)}/{path.relative_to(voice[0]).with_suffix('').as_posix()}" if voice else ""


@dataclass(frozen=True)
class TextReader:
    """How a source's packages give its texts: all of them from an unpacked package, and the key of one
    recording's text from its path."""

    read: Callable[[Path], dict[str, str]]
    key: Callable[[Path], str] = attrgetter("stem")


TEXT_READERS: dict[str, TextReader] = {
    "festival": TextReader(_festival_texts), "tuxpaint": TextReader(_tuxpaint_texts),
    "fillets": TextReader(_fillets_texts), "asterisk": TextReader(_asterisk_texts, _asterisk_key)}

_ASTERISK_LANGUAGES = ("en", "es", "fr", "it", "ru")

SOURCES: dict[str, Source] = {s.name: s for s in (
    # (each language's prompt list ships in the package that depends on its audio packages)
    Source("asterisk-core", tuple(f"asterisk-core-sounds-{lang}-g722" for lang in _ASTERISK_LANGUAGES),
           "**/*.g722", "asterisk", "CC-BY-SA-3.0 (Digium prompts)", texts="asterisk",
           text_packages=tuple(f"asterisk-core-sounds-{lang}" for lang in _ASTERISK_LANGUAGES)),
    Source("asterisk-menardi", ("asterisk-prompt-it-menardi-wav",), "**/*.wav", "one", "CC-BY-SA-3.0",
           speaker="asterisk-menardi", language="it"),
    Source("asterisk-es-co", ("asterisk-prompt-es-co",), "**/*.gsm", "one", "GPL-2",
           speaker="asterisk-es-co", language="es"),
    Source("asterisk-armelle", ("asterisk-prompt-fr-armelle",), "**/*.gsm", "one", "BSD-like",
           speaker="asterisk-armelle", language="fr"),
    Source("festvox-ru", ("festvox-ru",), "**/wav/*.wav", "one", "BSD-like", texts="festival",
           speaker="festvox-ru", language="ru"),
    # (the game's data package holds the lines' text, and English recordings that are not taken)
    Source("fillets-cs", ("fillets-ng-data-cs", "fillets-ng-data"), "**/cs/*.ogg", "fillets", "GPL-2+",
           texts="fillets"),
    Source("tuxpaint", ("tuxpaint-stamps-default",), "**/*_desc*.ogg", "tuxpaint", "GPL-2+", texts="tuxpaint"),
    # the game's lines, MP3 at 11 kHz inside queen.1c, each speaker named by the file names
    Source("fotaq", ("flight-of-the-amazon-queen",), "*.mp3", "queen", "freeware (Debian main)", archive="queen"),
)}


def pick_sources(names: list[str] | None) -> list[Source]:
    """The named sources (all when `names` is empty); an unknown name is an InputError listing the known ones."""
    if not names:
        return list(SOURCES.values())
    unknown = [n for n in names if n not in SOURCES]
    if unknown:
        raise InputError(f"unknown corpus source {', '.join(unknown)}; known: {', '.join(SOURCES)}")
    return [SOURCES[n] for n in names]
