"""A short passage per spoken language, read by a base voice to measure its speaker's long-term spectrum
(`Engine.for_source`): everyday sentences with the language's common sounds, none of them in the evaluation set."""
from __future__ import annotations

#: six sentences per language (ISO 639-1 code), the same six meanings in each
PASSAGES: dict[str, tuple[str, ...]] = {
    "en": (
        "Red roses, yellow tulips and white lilies grow in the garden.",
        "The old fisherman tells the children stories about the sea.",
        "At the weekend we cycle through the green forest.",
        "Could you tell me where the nearest station is, please?",
        "After the rain the air smells of wet earth.",
        "Their daughter plays the piano for an hour every evening.",
    ),
    "es": (
        "En el jardín crecen rosas rojas, tulipanes amarillos y lirios blancos.",
        "El viejo pescador cuenta a los niños historias del mar.",
        "Los fines de semana vamos en bicicleta por el bosque verde.",
        "¿Podría decirme, por favor, dónde está la estación más cercana?",
        "Después de la lluvia el aire huele a tierra mojada.",
        "Su hija toca el piano una hora cada noche.",
    ),
    "fr": (
        "Dans le jardin poussent des roses rouges, des tulipes jaunes et des lys blancs.",
        "Le vieux pêcheur raconte aux enfants des histoires de la mer.",
        "Le week-end, nous traversons la forêt verte à vélo.",
        "Pourriez-vous me dire où se trouve la gare la plus proche ?",
        "Après la pluie, l'air sent bon la terre mouillée.",
        "Leur fille joue du piano pendant une heure chaque soir.",
    ),
    "de": (
        "Im Garten blühen rote Rosen, gelbe Tulpen und weiße Lilien.",
        "Der alte Fischer erzählt den Kindern gern Geschichten vom Meer.",
        "Wir fahren am Wochenende mit dem Fahrrad durch den grünen Wald.",
        "Könnten Sie mir bitte sagen, wo der nächste Bahnhof ist?",
        "Nach dem Regen riecht die Luft frisch und ein wenig nach Erde.",
        "Ihre Tochter spielt jeden Abend eine Stunde lang Klavier.",
    ),
    "it": (
        "Nel giardino crescono rose rosse, tulipani gialli e gigli bianchi.",
        "Il vecchio pescatore racconta ai bambini storie del mare.",
        "Nel fine settimana andiamo in bicicletta attraverso il bosco verde.",
        "Potrebbe dirmi, per favore, dov'è la stazione più vicina?",
        "Dopo la pioggia l'aria profuma di terra bagnata.",
        "Sua figlia suona il pianoforte per un'ora ogni sera.",
    ),
    "pt": (
        "No jardim crescem rosas vermelhas, tulipas amarelas e lírios brancos.",
        "O velho pescador conta às crianças histórias do mar.",
        "No fim de semana andamos de bicicleta pela floresta verde.",
        "Você poderia me dizer onde fica a estação mais próxima?",
        "Depois da chuva o ar cheira a terra molhada.",
        "A filha dela toca piano durante uma hora toda noite.",
    ),
    "ru": (
        "В саду растут красные розы, жёлтые тюльпаны и белые лилии.",
        "Старый рыбак рассказывает детям истории о море.",
        "По выходным мы катаемся на велосипеде по зелёному лесу.",
        "Скажите, пожалуйста, где находится ближайший вокзал?",
        "После дождя воздух пахнет мокрой землёй.",
        "Их дочь каждый вечер час играет на пианино.",
    ),
    "ja": (
        "庭には赤いバラと黄色いチューリップと白いユリが咲いています。",
        "年を取った漁師は子どもたちに海の話をします。",
        "週末は自転車で緑の森を走ります。",
        "すみません、一番近い駅はどこですか。",
        "雨のあとは空気が土のにおいがします。",
        "娘さんは毎晩一時間ピアノを弾きます。",
    ),
    "zh": (
        "花园里开着红色的玫瑰、黄色的郁金香和白色的百合。",
        "老渔夫喜欢给孩子们讲大海的故事。",
        "周末我们骑自行车穿过绿色的森林。",
        "请问，最近的火车站在哪里？",
        "下雨以后，空气里有泥土的味道。",
        "她的女儿每天晚上弹一个小时钢琴。",
    ),
}
