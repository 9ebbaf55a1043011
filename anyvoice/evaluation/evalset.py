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
#: numbers that agree with their noun in gender or case are avoided, so digits have one reading). Every language
#: says the same sentences, English too: a voice speaking another language is compared with it speaking these.
LANGUAGE_TEXTS = {
    "en": ["My sister lives near the sea with her two dogs.",
           "Tomorrow we are going to buy bread and fruit at the market.",
           "The 8 o'clock train is late almost every day.", "The baker opens his shop at 6 in the morning.",
           "During the holidays we visited 3 old castles.", "After school the 2 children play in the garden.",
           "It has been raining for 4 days in the whole region.",
           "My neighbor has been fixing his car in the garage for 2 hours.",
           "The shop on the corner closes at 9 in the evening.",
           "My grandmother makes soup with 5 kinds of vegetables.", "There are 12 chairs around the big table.",
           "The children read 3 books every week.", "The doctor will be back in 10 minutes.",
           "We walked 7 kilometers along the river.", "My brother drinks 4 cups of coffee a day.",
           "The museum is open 6 days a week.", "Our cat sleeps 15 hours a day on the sofa.",
           "The teacher wrote 8 words on the board.", "This morning we bought 6 eggs and a little milk.",
           "My father has worked in the same factory for 20 years.", "The concert starts at 7 in the big park.",
           "She gave me 3 red flowers for my birthday.", "The library has 4 floors full of old books.",
           "In winter the lake freezes for 3 months."],
    "es": ["Mi hermana vive cerca del mar con sus dos perros.", "Mañana vamos a comprar pan y fruta en el mercado.",
           "El tren de las 8 llega tarde casi todos los días.", "El panadero abre su tienda a las 6 de la mañana.",
           "Durante las vacaciones visitamos 3 castillos antiguos.",
           "Después de la escuela los 2 niños juegan en el jardín.", "Llueve desde hace 4 días en toda la región.",
           "Mi vecino lleva 2 horas reparando su coche en el garaje.",
           "La tienda de la esquina cierra a las 9 de la noche.", "Mi abuela hace sopa con 5 tipos de verduras.",
           "Hay 12 sillas alrededor de la mesa grande.", "Los niños leen 3 libros cada semana.",
           "El médico vuelve en 10 minutos.", "Caminamos 7 kilómetros a lo largo del río.",
           "Mi hermano bebe 4 tazas de café al día.", "El museo abre 6 días a la semana.",
           "Nuestro gato duerme 15 horas al día en el sofá.", "La maestra escribió 8 palabras en la pizarra.",
           "Esta mañana compramos 6 huevos y un poco de leche.",
           "Mi padre trabaja en la misma fábrica desde hace 20 años.",
           "El concierto empieza a las 7 en el parque grande.", "Ella me regaló 3 flores rojas por mi cumpleaños.",
           "La biblioteca tiene 4 pisos llenos de libros viejos.", "En invierno el lago se congela durante 3 meses."],
    "fr": ["Ma sœur habite près de la mer avec ses deux chiens.", "Demain nous allons acheter du pain au marché.",
           "Le train de 8 heures arrive en retard presque tous les jours.",
           "Le boulanger ouvre sa boutique à 6 heures du matin.",
           "Pendant les vacances, nous avons visité 3 vieux châteaux.",
           "Après l'école, les 2 enfants jouent dans le jardin.", "Il pleut depuis 4 jours dans toute la région.",
           "Mon voisin répare sa voiture dans le garage depuis 2 heures.",
           "Le magasin du coin ferme à 9 heures du soir.", "Ma grand-mère fait de la soupe avec 5 sortes de légumes.",
           "Il y a 12 chaises autour de la grande table.", "Les enfants lisent 3 livres chaque semaine.",
           "Le médecin revient dans 10 minutes.", "Nous avons marché 7 kilomètres le long de la rivière.",
           "Mon frère boit 4 tasses de café par jour.", "Le musée est ouvert 6 jours par semaine.",
           "Notre chat dort 15 heures par jour sur le canapé.", "Le professeur a écrit 8 mots au tableau.",
           "Ce matin, nous avons acheté 6 œufs et un peu de lait.",
           "Mon père travaille dans la même usine depuis 20 ans.", "Le concert commence à 7 heures dans le grand parc.",
           "Elle m'a offert 3 fleurs rouges pour mon anniversaire.",
           "La bibliothèque a 4 étages pleins de vieux livres.", "En hiver, le lac gèle pendant 3 mois."],
    "de": ["Meine Schwester wohnt am Meer mit ihren zwei Hunden.", "Morgen kaufen wir Brot und Obst auf dem Markt.",
           "Der Zug um 8 Uhr kommt fast jeden Tag zu spät.", "Der Bäcker öffnet seinen Laden um 6 Uhr morgens.",
           "In den Ferien haben wir 3 alte Burgen besucht.", "Nach der Schule spielen die 2 Kinder im Garten.",
           "Es regnet seit 4 Tagen in der ganzen Gegend.",
           "Mein Nachbar repariert seit 2 Stunden sein Auto in der Garage.",
           "Der Laden an der Ecke schließt um 9 Uhr abends.", "Meine Großmutter kocht Suppe mit 5 Sorten Gemüse.",
           "Um den großen Tisch stehen 12 Stühle.", "Die Kinder lesen jede Woche 3 Bücher.",
           "Der Arzt kommt in 10 Minuten zurück.", "Wir sind 7 Kilometer am Fluss entlang gelaufen.",
           "Mein Bruder trinkt 4 Tassen Kaffee am Tag.", "Das Museum ist 6 Tage in der Woche geöffnet.",
           "Unsere Katze schläft 15 Stunden am Tag auf dem Sofa.",
           "Die Lehrerin hat 8 Wörter an die Tafel geschrieben.",
           "Heute Morgen haben wir 6 Eier und etwas Milch gekauft.",
           "Mein Vater arbeitet seit 20 Jahren in derselben Fabrik.", "Das Konzert beginnt um 7 Uhr im großen Park.",
           "Sie hat mir 3 rote Blumen zum Geburtstag geschenkt.",
           "Die Bibliothek hat 4 Stockwerke voller alter Bücher.", "Im Winter ist der See 3 Monate lang zugefroren."],
    "it": ["Mia sorella vive vicino al mare con i suoi due cani.", "Domani compriamo pane e frutta al mercato.",
           "Il treno delle 8 arriva in ritardo quasi ogni giorno.",
           "Il fornaio apre il suo negozio alle 6 del mattino.",
           "Durante le vacanze abbiamo visitato 3 vecchi castelli.", "Dopo la scuola i 2 bambini giocano in giardino.",
           "Piove da 4 giorni in tutta la regione.", "Il mio vicino ripara la sua macchina in garage da 2 ore.",
           "Il negozio all'angolo chiude alle 9 di sera.", "Mia nonna fa la zuppa con 5 tipi di verdure.",
           "Ci sono 12 sedie intorno al tavolo grande.", "I bambini leggono 3 libri ogni settimana.",
           "Il medico torna tra 10 minuti.", "Abbiamo camminato per 7 chilometri lungo il fiume.",
           "Mio fratello beve 4 tazze di caffè al giorno.", "Il museo è aperto 6 giorni alla settimana.",
           "Il nostro gatto dorme 15 ore al giorno sul divano.", "La maestra ha scritto 8 parole alla lavagna.",
           "Stamattina abbiamo comprato 6 uova e un po' di latte.",
           "Mio padre lavora nella stessa fabbrica da 20 anni.", "Il concerto comincia alle 7 nel grande parco.",
           "Lei mi ha regalato 3 fiori rossi per il mio compleanno.", "La biblioteca ha 4 piani pieni di libri vecchi.",
           "In inverno il lago gela per 3 mesi."],
    "pt": ["Minha irmã mora perto do mar com os seus dois cães.", "Amanhã vamos comprar pão e fruta no mercado.",
           "O trem das 8 chega atrasado quase todos os dias.", "O padeiro abre a sua loja às 6 da manhã.",
           "Durante as férias nós visitamos 3 castelos antigos.", "Depois da escola os 3 meninos brincam no jardim.",
           "Está chovendo há 4 dias em toda a região.", "Meu vizinho está consertando o carro na garagem há 5 horas.",
           "A loja da esquina fecha às 9 da noite.", "Minha avó faz sopa com 5 tipos de legumes.",
           "Há 12 cadeiras em volta da mesa grande.", "As crianças leem 3 livros toda semana.",
           "O médico volta em 10 minutos.", "Nós caminhamos 7 quilômetros ao longo do rio.",
           "Meu irmão bebe 4 xícaras de café por dia.", "O museu abre 6 dias por semana.",
           "Nosso gato dorme 15 horas por dia no sofá.", "A professora escreveu 8 palavras no quadro.",
           "Hoje de manhã compramos 6 ovos e um pouco de leite.", "Meu pai trabalha na mesma fábrica há 20 anos.",
           "O show começa às 7 no parque grande.", "Ela me deu 3 flores vermelhas no meu aniversário.",
           "A biblioteca tem 4 andares cheios de livros velhos.", "No inverno o lago fica congelado por 3 meses."],
    "ru": ["Моя сестра живёт у моря с двумя собаками.", "Завтра мы купим хлеб и фрукты на рынке.",
           "Поезд в 8 часов почти каждый день опаздывает.", "Пекарь открывает свою лавку в 6 часов утра.",
           "Во время каникул мы посетили 3 старых замка.", "После школы 5 мальчиков играют в саду.",
           "Уже 4 дня во всём регионе идёт дождь.", "Мой сосед уже 2 часа чинит машину в гараже.",
           "Магазин на углу закрывается в 9 вечера.", "Моя бабушка кладёт в суп 5 разных овощей.",
           "Вокруг большого стола стоят 12 стульев.", "Дети читают 3 книги каждую неделю.",
           "Врач вернётся через 10 минут.", "Мы прошли 7 километров вдоль реки.",
           "Мой брат выпивает 4 чашки кофе в день.", "Музей открыт 6 дней в неделю.",
           "Наш кот спит 15 часов в день на диване.", "Учительница написала на доске 8 слов.",
           "Сегодня утром мы купили 6 яиц и немного молока.", "Мой отец работает на одном заводе уже 20 лет.",
           "Концерт начинается в 7 часов в большом парке.", "Она подарила мне 3 красных цветка на день рождения.",
           "В библиотеке 4 этажа со старыми книгами.", "Зимой озеро замерзает на 3 месяца."],
    "ja": ["私の姉は二匹の犬と海の近くに住んでいます。", "明日は市場でパンと果物を買います。",
           "8時の電車はほとんど毎日遅れます。", "パン屋さんは朝6時に店を開けます。",
           "休みの間に3つの古いお城を訪ねました。", "学校の後、2人の子供は庭で遊びます。",
           "この地方では4日間ずっと雨が降っています。", "隣の人は2時間ずっとガレージで車を直しています。",
           "角の店は夜9時に閉まります。", "祖母は5種類の野菜でスープを作ります。", "大きなテーブルには12人が座れます。",
           "子供たちは毎週3冊の本を読みます。", "お医者さんは10分で戻ります。", "私たちは川に沿って7キロ歩きました。",
           "兄は毎日コーヒーを4杯飲みます。", "博物館は週に6日開いています。", "うちの猫は毎日ソファーで15時間寝ます。",
           "先生は黒板に8つの言葉を書きました。", "今朝、卵を6個と牛乳を少し買いました。",
           "父は同じ工場で20年働いています。", "コンサートは大きな公園で7時に始まります。",
           "彼女は誕生日に赤い花を3本くれました。", "図書館には古い本でいっぱいの階が4つあります。",
           "冬になると湖は3か月凍ります。"],
    "zh": ["我的姐姐和两只狗住在海边。", "明天我们去市场买面包和水果。", "8点的火车几乎每天都晚点。",
           "面包师每天早上6点开店。", "假期里我们参观了3座古老的城堡。", "放学以后5个孩子在花园里玩。",
           "整个地区已经下了4天雨。", "我的邻居在车库里修了3个小时的车。", "街角的商店晚上9点关门。",
           "奶奶用5种蔬菜做汤。", "大桌子周围有12把椅子。", "孩子们每个星期读3本书。", "医生10分钟以后回来。",
           "我们沿着河走了7公里。", "我哥哥每天喝4杯咖啡。", "博物馆每个星期开放6天。",
           "我们的猫每天在沙发上睡15个小时。", "老师在黑板上写了8个字。", "今天早上我们买了6个鸡蛋和一点牛奶。",
           "我爸爸在同一个工厂工作了20年。", "音乐会7点在大公园开始。", "她送给我3朵红花作为生日礼物。",
           "图书馆有4层，全是旧书。", "冬天湖面会结冰3个月。"],
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
