"""The evaluation voices: synthetic (bundled Kokoro styles) and real human recordings from Debian packages.

Each target has a reference (to clone from) and a held-out clip (to measure similarity on), never the same audio.
"""
from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from anyvoice.audio.io import load_audio, save_audio
from anyvoice.audio.signal import join_with_pauses

SR = 24000
REFERENCE_TEXT = [
    "Every morning the old ferry crossed the harbour while gulls circled above the cold grey water.",
    "She kept a small notebook of recipes, maps and the names of strangers she met on trains.",
    "Nobody expected the storm to arrive so early, but the farmers had already brought in the wheat.",
    "Please remember to lock the back door and feed the cat before you leave for the airport.",
]
HELD_OUT_TEXT = "Music drifted from an open window as the evening light turned the street gold."
TTS_TEXT = [
    "The committee will publish its final report on Thursday afternoon.",
    "Bright red kites were flying high above the sandy beach.",
    "He opened the letter slowly and read it twice before speaking.",
    "Our library closes at nine, but the reading room stays open until midnight.",
]
LONG_TEXT = ("The museum opened its new wing on a rainy Saturday in March. Visitors queued along the river for "
             "almost an hour, sharing umbrellas and coffee, before the doors finally swung open at ten. Inside, the "
             "first room held a single painting: a small harbour at dawn, painted by a sailor who had never "
             "shown his work to anyone while he was alive.")
#: Texts of three lengths: the speed benchmark times every system on each; the manifest records them.
TEXTS = {"short": ["Yes, of course.", "Turn left at the bridge.", "Good morning, everyone!"],
         "medium": TTS_TEXT, "long": [LONG_TEXT]}
#: Sentences per spoken language (everyday words, one number each, written as digits: the reader must say it;
#: numbers that agree with their noun in gender or case are avoided, so digits have one reading)
LANGUAGE_TEXTS = {
    "es": ["Mi hermana vive cerca del mar con sus dos perros.", "Mañana vamos a comprar pan y fruta en el mercado.",
           "El tren de las 8 llega tarde casi todos los días.", "El panadero abre su tienda a las 6 de la mañana.",
           "Durante las vacaciones visitamos 3 castillos antiguos.",
           "Después de la escuela los 2 niños juegan en el jardín.", "Llueve desde hace 4 días en toda la región.",
           "Mi vecino lleva 2 horas reparando su coche en el garaje."],
    "fr": ["Ma sœur habite près de la mer avec ses deux chiens.", "Demain nous allons acheter du pain au marché.",
           "Le train de 8 heures arrive en retard presque tous les jours.",
           "Le boulanger ouvre sa boutique à 6 heures du matin.",
           "Pendant les vacances, nous avons visité 3 vieux châteaux.",
           "Après l'école, les 2 enfants jouent dans le jardin.", "Il pleut depuis 4 jours dans toute la région.",
           "Mon voisin répare sa voiture dans le garage depuis 2 heures."],
    "de": ["Meine Schwester wohnt am Meer mit ihren zwei Hunden.", "Morgen kaufen wir Brot und Obst auf dem Markt.",
           "Der Zug um 8 Uhr kommt fast jeden Tag zu spät.", "Der Bäcker öffnet seinen Laden um 6 Uhr morgens.",
           "In den Ferien haben wir 3 alte Burgen besucht.", "Nach der Schule spielen die 2 Kinder im Garten.",
           "Es regnet seit 4 Tagen in der ganzen Gegend.",
           "Mein Nachbar repariert seit 2 Stunden sein Auto in der Garage."],
    "it": ["Mia sorella vive vicino al mare con i suoi due cani.", "Domani compriamo pane e frutta al mercato.",
           "Il treno delle 8 arriva in ritardo quasi ogni giorno.",
           "Il fornaio apre il suo negozio alle 6 del mattino.",
           "Durante le vacanze abbiamo visitato 3 vecchi castelli.",
           "Dopo la scuola i 2 bambini giocano in giardino.", "Piove da 4 giorni in tutta la regione.",
           "Il mio vicino ripara la sua macchina in garage da 2 ore."],
    "pt": ["Minha irmã mora perto do mar com os seus dois cães.", "Amanhã vamos comprar pão e fruta no mercado.",
           "O trem das 8 chega atrasado quase todos os dias.", "O padeiro abre a sua loja às 6 da manhã.",
           "Durante as férias nós visitamos 3 castelos antigos.",
           "Depois da escola os 3 meninos brincam no jardim.", "Está chovendo há 4 dias em toda a região.",
           "Meu vizinho está consertando o carro na garagem há 5 horas."],
    "ru": ["Моя сестра живёт у моря с двумя собаками.", "Завтра мы купим хлеб и фрукты на рынке.",
           "Поезд в 8 часов почти каждый день опаздывает.", "Пекарь открывает свою лавку в 6 часов утра.",
           "Во время каникул мы посетили 3 старых замка.", "После школы 5 мальчиков играют в саду.",
           "Уже 4 дня во всём регионе идёт дождь.", "Мой сосед уже 2 часа чинит машину в гараже."],
    "ja": ["私の姉は二匹の犬と海の近くに住んでいます。", "明日は市場でパンと果物を買います。",
           "8時の電車はほとんど毎日遅れます。", "パン屋さんは朝6時に店を開けます。",
           "休みの間に3つの古いお城を訪ねました。",
           "学校の後、2人の子供は庭で遊びます。", "この地方では4日間ずっと雨が降っています。",
           "隣の人は2時間ずっとガレージで車を直しています。"],
    "zh": ["我的姐姐和两只狗住在海边。", "明天我们去市场买面包和水果。", "8点的火车几乎每天都晚点。",
           "面包师每天早上6点开店。", "假期里我们参观了3座古老的城堡。", "放学以后5个孩子在花园里玩。",
           "整个地区已经下了4天雨。", "我的邻居在车库里修了3个小时的车。"],
}
VC_SOURCE_STYLE = "kokoro:jm_kumo"
SYNTHETIC_STYLES = ["jf_alpha", "jf_nezumi", "jf_tebukuro", "jm_kumo"]
KLETTRES_SPEAKERS = ["en", "de", "fr"]


@dataclass
class Target:
    """One target voice: reference and held-out audio at SR, and whether it is a real human recording."""

    name: str
    reference: np.ndarray
    held_out: np.ndarray
    human: bool
    other_clip: np.ndarray | None = None  # more of the same speaker: how similar the speaker is to themself


@dataclass
class VcSource:
    """Speech to convert, at SR: what it says, in which language, and whose voice it is."""

    text: str
    wav: np.ndarray
    language: str = "en"
    speaker: str = ""


def cached_audio(cache: Path | None, name: str, make) -> np.ndarray:
    """`make()` once: audio at SR kept as `cache/name.flac` (the evaluation set's files; None: not kept). The first
    run reads back what it kept, so that it measures the same 16-bit audio as every run after it (the rounding alone
    moved a figure: docs/benchmarks.md)."""
    path = cache / f"{name}.flac" if cache else None
    if path and not path.exists():
        save_audio(path, make(), SR)
    return load_audio(path, sr=SR)[0] if path else make()


def _join(parts: list[np.ndarray]) -> np.ndarray:
    return join_with_pauses(parts, SR, 0.3)


def _kokoro(style: str, texts: list[str]) -> np.ndarray:
    from anyvoice.synth import create_synthesizer

    s = create_synthesizer(f"kokoro:{style}")
    return _join([s.synthesize(t) for t in texts])


def kokoro_sentences(style: str, cache: Path | None = None) -> list[np.ndarray]:
    """Kokoro `style` reading each REFERENCE_TEXT sentence (kept one clip per sentence, so other benches can use
    them as separate utterances with known text)."""
    return [cached_audio(cache, f"kokoro-{style}-ref{i}", lambda t=t: _kokoro(style, [t]))
            for i, t in enumerate(REFERENCE_TEXT)]


def synthetic_targets(cache: Path | None = None, styles: list[str] | None = None) -> list[Target]:
    """Kokoro's bundled styles reading REFERENCE_TEXT (reference) and HELD_OUT_TEXT (held out)."""
    return [Target(f"kokoro-{s}", _join(kokoro_sentences(s, cache)),
                   cached_audio(cache, f"kokoro-{s}-held", lambda s=s: _kokoro(s, [HELD_OUT_TEXT])), human=False)
            for s in styles or SYNTHETIC_STYLES]


def human_targets(max_reference_s: float = 40.0, cache: Path | None = None) -> list[Target]:
    """Real recordings: the alsa-utils speaker and klettres-data speakers (letters and syllables)."""
    out = []
    alsa = sorted(f for f in glob.glob("/usr/share/sounds/alsa/*.wav") if "Noise" not in f)
    if len(alsa) >= 4:
        clips = [load_audio(f, sr=SR)[0] for f in alsa]
        out.append(Target("human-alsa", cached_audio(cache, "human-alsa-ref", lambda: _join(clips[:-2])),
                          cached_audio(cache, "human-alsa-held", lambda: _join(clips[-2:])), human=True))
    for lang in KLETTRES_SPEAKERS:
        files = sorted(glob.glob(f"/usr/share/klettres/{lang}/alpha/*.ogg"))
        if len(files) < 12:
            continue
        clips = [load_audio(f, sr=SR)[0] for f in files]
        ref, total = [], 0.0
        for c in clips[:-8]:
            if total > max_reference_s:
                break
            ref.append(c)
            total += len(c) / SR
        out.append(Target(f"human-klettres-{lang}", cached_audio(cache, f"human-{lang}-ref", lambda r=ref: _join(r)),
                          cached_audio(cache, f"human-{lang}-held", lambda c=clips: _join(c[-8:])), human=True))
    return out


def vc_sources(cache: Path | None = None) -> list[VcSource]:
    """Source speech for conversion jobs: another speaker (Kokoro jm_kumo) reading TTS_TEXT."""
    style = VC_SOURCE_STYLE.split(":")[1]
    return [VcSource(t, cached_audio(cache, f"src-{style}-{i}", lambda t=t: _kokoro(style, [t])), "en",
                     f"kokoro-{style}") for i, t in enumerate(TTS_TEXT)]
