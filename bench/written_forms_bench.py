"""Written forms: sentences full of what is written otherwise than it is said (times, dates, phone numbers, money,
measures, fractions, decades, abbreviations, versions, codes, rates, web addresses), spoken and heard back.

    .venv/bin/python bench/written_forms_bench.py [--show] [--languages es,fr,de,it,pt,ru,ja,zh]

Each English sentence is spoken by the bundled Piper voice twice: through anyvoice's English front end
(text/verbalize.py, as `anyvoice tts` speaks), and as written, left to the synthesizer's own reading (espeak-ng's).
Whisper tiny.en transcribes both; WER is taken against the written sentence, both sides read into words by the same
front end, so "3:30 p.m." heard for "3:30pm" counts as right. Sentences in other languages (dates, times, decimals,
money; eight times of day and six numbers with thousands or decimals each; five percentages, degrees and ordinals,
and in Japanese and Chinese thousands and times of day; four negative temperatures and fractions, and in Russian "№"
and a year before "г.", in Japanese and Chinese phone numbers and money; Roman numerals of centuries and kings, and
abbreviated titles; speeds, lengths, weights, volumes and minutes after a number, and other abbreviations; ranges;
"&", "+", "x" and "½"; web and e-mail addresses; pages and articles before their number, small-letter titles, a
German ruler's number, a time with its "h", a range of decimals and a Russian year without its "г."; hours counted,
currency codes, degrees Fahrenheit and a day before its month's name; Spanish "2do" and "3ra"; in Japanese a postal
code and a weekday in brackets; weekdays abbreviated in opening hours; a list closed by "etc."; phone numbers; a day
and month with no year, a score, an ordinal written with the degree sign, a century's "s." and initials; hours and
minutes counted, degrees written with "º", roubles and Russian abbreviations in their case; in Japanese Latin words,
and "×" in Japanese and Chinese; a rate's slash; in Japanese and Chinese dates written in numbers, scores, areas,
fractions, numbers that are names and a Chinese two counted; "~", "±" and "≥" before a number, tags, mentions, "US$" and
a whole number with its fraction, "1½"; money in millions and billions, "R$ 2,5 bi") are spoken as `anyvoice tts` speaks
them, by the base that speaks the language here (Pico reads its languages' written forms itself but for times of day,
fractions, units, Spanish, German and Italian ordinals, Roman numerals but in Italian, ranges, Spanish and Italian
symbols, abbreviations, German thousands, phone numbers, signs before a number, tags, money in millions and (but in
German) a day and month with no year; Festival and espeak-ng are given them all as words by text/verbalize_languages.py,
Kokoro's Japanese and Chinese readers by text/japanese.py and text/chinese.py), and heard by Whisper base told the
language. `--show` prints every sentence not heard right.
"""
from __future__ import annotations

import argparse

import numpy as np

from anyvoice.evaluation.metrics import error_rate, transcribe, wer
from anyvoice.evaluation.tables import markdown_table
from anyvoice.inputs.asr import transcribe_language
from anyvoice.synth import create_synthesizer
from anyvoice.tasks.tts import language_base
from anyvoice.text.frontend import clean, prepare
from anyvoice.text.languages import LANGUAGES

SENTENCES = {
    "times": ["The meeting starts at 3:30pm sharp.", "Breakfast is served from 7:15 a.m. on weekdays.",
              "The last train leaves at 11:05 and the bus at 12:00."],
    "dates": ["The invoice is dated 12/05/2024.", "She was born on 2019-03-01 in Ohio.",
              "We fly out on January 5, 2025 and return on 17 February."],
    "phone numbers": ["Call us at 555-0142 any time.", "The hotline is +1 (800) 555-0199.",
                      "Her office number is 212-555-0187."],
    "money": ["The ticket costs $3.50 each.", "They raised $1.5 million last year.", "Lunch was €12.99 for two."],
    "measures": ["The parcel weighs 5kg in total.", "We drove 120 km/h on the highway.",
                 "It was -5°C this morning and 72°F by noon."],
    "fractions": ["Add 1/2 cup of sugar.", "The film runs 2 1/2 hours.", "The shop is open 24/7."],
    "decades": ["Music of the 1980s is back.", "He grew up in the '90s.", "The house was built in the 1900s."],
    "abbreviations": ["Dr. Lee lives on Elm St. near the park.", "The U.S. Army band played at noon.",
                      "Mr. and Mrs. Park arrived, i.e. both of them."],
    "versions and numbers": ["Install version 2.0.1 before Friday.", "We sold 1,234 copies, 15% more than in 2023.",
                             "She finished 3rd of 40 runners."],
    "codes, rates and ranges": ["Sales in Q3 grew 3x over last year.", "The plan costs $5/month after the trial.",
                                "Expect 30-35°C by the afternoon."],
    "web addresses": ["See https://example.org/help for more.", "Write to support@example.com today.",
                      "Our site is www.example.net now."],
    "opening hours": ["We are open Mon-Fri 9am-5pm.", "The shop opens Sat 10am-2pm.",
                      "Office hours are 10:00–18:00 on weekdays."],
    "phone numbers abroad": ["Ring our London office on 020 7946 0958.", "From abroad, dial +44 20 7946 0958.",
                             "My mobile is 07700 900123."],
    "pages, recipes, days": ["Read pp. 12-15 before class.", "Add 2 tbsp of oil and 1 tsp of salt.",
                             "The meeting is on Tue, Mar 3, not on 9/11."],
    "signs, tags, 1½": ["Add 1½ cups of flour.", "It will be ~25 °C, give or take ±3 degrees.",
                        "Follow @ana_lopez and use #HappyHolidays."],
    "heights, rates, flights": ["He is 5'11\" and she is 6ft 2in.", "The plan is $5.99/mo after the trial.",
                                "Flight BA2490 leaves from gate B12."],
    "durations, scales": ["The test took 5 ms and the reply 2 s.", "Let it rest for 30 min, then bake it for 1 h.",
                          "The dial shows °C on one side and °F on the other."],
}
#: dates, times of day, decimals and money in the other languages text/verbalize_languages.py says
FOREIGN = {
    "es": ["La reunión es el 15/03/2024 a las 18:30.", "Cuesta 12,50 € y pesa 3,5 kilos.",
           "El vuelo sale el 2/11/2025 a las 7:45."],
    "fr": ["La réunion est le 15/03/2024 à 18h30.", "Ça coûte 12,50 € et pèse 3,5 kilos.",
           "Le vol part le 2/11/2025 à 7h45."],
    "de": ["Das Treffen ist am 15.03.2024 um 18:30 Uhr.", "Es kostet 12,50 € und wiegt 3,5 Kilo.",
           "Der Flug geht am 2.11.2025 um 7:45 Uhr."],
    "it": ["La riunione è il 15/03/2024 alle 18:30.", "Costa 12,50 € e pesa 3,5 chili.",
           "Il volo parte il 2/11/2025 alle 7:45."],
    "pt": ["A reunião é em 15/03/2024 às 18:30.", "Custa R$ 12,50 e pesa 3,5 quilos.",
           "O voo sai em 2/11/2025 às 7:45."],
    "ru": ["Встреча будет 15.03.2024 в 18:30.", "Это стоит 12,50 € и весит 3,5 килограмма.",
           "Рейс вылетает 2.11.2025 в 7:45."],
}
#: times of day as each language writes them, on the hour and with minutes
TIMES = {
    "es": ["El tren sale a las 18:30 de la estación.", "Nos vemos a las 9:15 en la plaza.",
           "La tienda cierra a las 20:00 los sábados.", "La película empieza a las 21:45 esta noche.",
           "Me levanto a las 6:30 cada día.", "La reunión es a las 14:00 en la oficina.",
           "El autobús pasa a las 7:05 por la esquina.", "La escuela termina a las 13:20 los viernes."],
    "fr": ["Le train part à 18h30 de la gare.", "On se voit à 9h15 sur la place.", "Le magasin ferme à 20h le samedi.",
           "Le film commence à 21h45 ce soir.", "Je me lève à 6h30 chaque jour.", "La réunion est à 14 h au bureau.",
           "Le bus passe à 7h05 au coin de la rue.", "L'école finit à 13h le vendredi."],
    "de": ["Der Zug fährt um 18:30 Uhr ab.", "Wir treffen uns um 9:15 am Bahnhof.",
           "Das Geschäft schließt um 20:00 Uhr.", "Der Film beginnt um 21:45 im Kino.",
           "Ich stehe jeden Tag um 6:30 auf.", "Das Treffen ist um 14:00 im Büro.",
           "Der Bus kommt um 7:05 an der Haltestelle.", "Die Schule endet um 13:20 am Freitag."],
    "it": ["Il treno parte alle 18:30 dalla stazione.", "Ci vediamo alle 9:15 in piazza.",
           "Il negozio chiude alle 20:00 il sabato.", "Il film comincia alle 21:45 stasera.",
           "Mi alzo alle 6:30 ogni giorno.", "La riunione è alle 14:00 in ufficio.",
           "L'autobus passa alle 7:05 all'angolo.", "La scuola finisce alle 13:20 il venerdì."],
    "pt": ["O trem sai às 18:30 da estação.", "Nós nos vemos às 9:15 na praça.", "A loja fecha às 20:00 aos sábados.",
           "O filme começa às 21:45 hoje à noite.", "Eu acordo às 6:30 todos os dias.",
           "A reunião é às 14:00 no escritório.", "O ônibus passa às 7:05 na esquina.",
           "A escola termina às 13:20 na sexta-feira."],
    "ru": ["Поезд отходит в 18:30 с вокзала.", "Встретимся в 9:15 на площади.",
           "Магазин закрывается в 20:00 по субботам.", "Фильм начинается в 21:45 сегодня вечером.",
           "Я встаю в 6:30 каждый день.", "Собрание будет в 14:00 в офисе.",
           "Автобус приходит в 7:05 на остановку.", "Уроки заканчиваются в 13:20 в пятницу."],
}

#: numbers with thousands and decimals, written as each language writes them
NUMBERS = {
    "es": ["Ganó 2.000 euros.", "Vinieron 1.500 personas.", "La ciudad tiene 10.000 habitantes.",
           "La casa cuesta 250.000 euros.", "La montaña mide 4.478 metros.", "El vaso tiene 0,75 litros."],
    "fr": ["Il a gagné 2 000 euros.", "Il y avait 1 500 personnes.", "La ville a 10 000 habitants.",
           "La maison coûte 250 000 euros.", "La montagne mesure 4 478 mètres.", "Le verre contient 0,75 litre."],
    "de": ["Er hat 2.000 Euro gewonnen.", "Es kamen 1.500 Leute.", "Die Stadt hat 10.000 Einwohner.",
           "Das Haus kostet 250.000 Euro.", "Der Berg ist 4.478 Meter hoch.", "Das Glas fasst 0,75 Liter."],
    "it": ["Ha vinto 2.000 euro.", "Sono venute 1.500 persone.", "La città ha 10.000 abitanti.",
           "La casa costa 250.000 euro.", "La montagna è alta 4.478 metri.", "Il bicchiere contiene 0,75 litri."],
    "pt": ["Ele ganhou 2.000 reais.", "Vieram 1.500 pessoas.", "A cidade tem 10.000 habitantes.",
           "A casa custa 250.000 reais.", "A montanha tem 4.478 metros.", "O copo tem 0,75 litro."],
    "ru": ["Он выиграл 2 000 рублей.", "Пришли 1 500 человек.", "В городе 10 000 жителей.",
           "Дом стоит 250 000 рублей.", "Высота горы 4 478 метров.", "В стакане 0,75 литра."],
}

#: percentages, degrees and ordinals; in Japanese and Chinese thousands and times of day as well
SIGNS = {
    "es": ["Los precios subieron un 15 % este año.", "Hoy hace 25 °C en Madrid.", "Vive en el 3.º piso.",
           "Llegó en 1.er lugar de la carrera.", "Es la 2.ª vez que viene."],
    "fr": ["Les prix ont augmenté de 15 % cette année.", "Il fait 25 °C à Paris.", "J'habite au 3e étage.",
           "Il est arrivé 1er de la course.", "C'est la 2e fois qu'il vient."],
    "de": ["Die Preise sind um 15 % gestiegen.", "Es sind heute 25 °C in Berlin.", "Ich wohne im 3. Stock.",
           "Er wurde am 3. Mai geboren.", "Er ist zum 2. Mal hier."],
    "it": ["I prezzi sono saliti del 15 % quest'anno.", "Oggi ci sono 25 °C a Roma.", "Abito al 3º piano.",
           "È arrivato 1º nella gara.", "È la 2ª volta che viene."],
    "pt": ["Os preços subiram 15 % este ano.", "Hoje faz 25 °C em Lisboa.", "Moro no 3º andar.",
           "Ele chegou em 1º lugar na corrida.", "É a 2ª vez que ele vem."],
    "ru": ["Цены выросли на 15 % за год.", "Сегодня в Москве 25 °C.", "Я живу на 3-м этаже.",
           "Он пришёл 1-м в забеге.", "Это уже 2-й раз."],
    "ja": ["価格は今年15%上がりました。", "今日の東京は25°Cです。", "会議は午後3:30に始まります。", "3,000円です。",
           "彼は4月7日に来ます。"],
    "zh": ["价格今年上涨了15%。", "今天北京气温25°C。", "会议在下午3:30开始。", "这件衣服3,000元。",
           "他在比赛中获得第1名。"],
}
#: negative temperatures and fractions; in Russian "№" and a year before "г."; in Japanese and Chinese phone numbers and
#: money
MINUS_AND_FRACTIONS = {
    "es": ["Hoy estamos a -5 °C.", "Añade 1/2 litro de leche.", "Comimos 3/4 de la tarta.",
           "Solo vino 1/3 de la clase."],
    "fr": ["Il fait -5 °C ce matin.", "Ajoutez 1/2 litre de lait.", "Nous avons mangé 3/4 du gâteau.",
           "Seul 1/3 de la classe est venu."],
    "de": ["Heute sind es -5 °C.", "Geben Sie 1/2 Liter Milch dazu.", "Wir haben 3/4 des Kuchens gegessen.",
           "Nur 1/3 der Klasse kam."],
    "it": ["Oggi ci sono -5 °C.", "Aggiungi 1/2 litro di latte.", "Abbiamo mangiato 3/4 della torta.",
           "È venuto solo 1/3 della classe."],
    "pt": ["Hoje faz -5 °C.", "Adicione 1/2 litro de leite.", "Comemos 3/4 do bolo.", "Só veio 1/3 da turma."],
    "ru": ["Сегодня −5 °C и ветер.", "Квартира № 5 на втором этаже.", "Он родился в 1990 г. в Москве.",
           "Это было 3/4 всех голосов."],
    "ja": ["電話番号は090-1234-5678です。", "気温は-5°Cです。", "価格は¥1,500です。", "会議は10分で終わります。"],
    "zh": ["我的电话是13812345678。", "气温是-5°C。", "价格是¥1,500。", "一半是1/2。"],
}
#: Roman numerals beside a century or after a name, and abbreviations of titles
NAMES_AND_CENTURIES = {
    "es": ["En el siglo XIX hubo guerras.", "Carlos V fue rey.", "Felipe II vivió en Madrid.",
           "La Dra. López trabaja aquí.", "El Prof. Ruiz enseña."],
    "fr": ["C'était au XIXe siècle.", "Louis XIV a régné longtemps.", "François Ier était roi.",
           "M. Dupont est arrivé hier.", "Au n° 12 de la rue."],
    "de": ["Hr. Müller ist hier.", "Fr. Schmidt kommt morgen.", "Das kostet ca. 20 Euro.", "Das ist z. B. gut.",
           "Prof. Weber lehrt hier."],
    "it": ["Nel XIX secolo ci furono guerre.", "Vittorio Emanuele II fu re.", "La Dott.ssa Bianchi lavora qui.",
           "Il Prof. Verdi insegna.", "Abbiamo pane, latte ecc."],
    "pt": ["No século XIX houve guerras.", "Pedro II foi imperador.", "A Profa. Lima ensina aqui."],
    "ru": ["В XIX веке было много войн.", "Пётр I основал город.", "Это т. е. пример."],
}
#: speeds, lengths, weights, volumes and minutes after a number, and abbreviated words
MEASURES_AND_ABBREVIATIONS = {
    "es": ["El coche iba a 120 km/h por la autopista.", "Mi hermano mide 1,80 m.",
           "Compra 500 g de queso y 2 l de agua.", "El tren tarda 45 min en llegar.", "La mesa mide 80 cm de ancho.",
           "Viven en EE. UU. desde hace años.", "Lee el cap. 3 en la pág. 45."],
    "fr": ["La voiture roulait à 130 km/h sur l'autoroute.", "Mon frère mesure 1,80 m.",
           "Achetez 500 g de fromage et 2 l d'eau.", "Le train met 45 min pour arriver.",
           "La table fait 80 cm de large.", "Lisez le chap. 3 avant demain."],
    "de": ["Das Auto fuhr 120 km/h auf der Autobahn.", "Mein Bruder ist 1,80 m groß.",
           "Kaufen Sie 500 g Käse und 2 l Wasser.", "Der Zug braucht 45 min bis hierher.", "Der Tisch ist 80 cm breit.",
           "Lesen Sie Kap. 3 bis morgen.", "Das kostet inkl. Steuern 20 Euro."],
    "it": ["L'auto andava a 120 km/h in autostrada.", "Mio fratello è alto 1,80 m.",
           "Compra 500 g di formaggio e 2 l di acqua.", "Il treno impiega 45 min ad arrivare.",
           "Il tavolo è largo 80 cm.", "Leggete il cap. 3 a pag. 45."],
    "pt": ["O carro ia a 120 km/h na estrada.", "Meu irmão tem 1,80 m de altura.",
           "Compre 500 g de queijo e 2 l de água.", "O trem leva 45 min para chegar.", "A mesa tem 80 cm de largura.",
           "Leia o cap. 3 na pág. 45."],
    "ru": ["Машина ехала 120 км/ч по трассе.", "Стол шириной 80 см.", "Купите 500 г сыра и 2 л воды.",
           "Поезд идёт 45 мин.", "Т. е. всё хорошо.", "Он пробежал 5 км за 30 мин."],
    "ja": ["体重は65kgです。", "長さは30cmです。", "砂糖を500g入れます。", "水を2L飲みます。",
           "時速120km/hで走ります。", "駅まで5kmあります。"],
    "zh": ["我的体重是65kg。", "长度是30cm。", "加500g糖。", "每天喝2L水。", "车速是120km/h。", "到车站有5km。"],
}
#: ranges: two numbers or times of day joined by a dash
RANGES = {
    "es": ["Tarda 10-15 minutos.", "Abierto de 9:00-17:00.", "Para 4-6 personas."],
    "fr": ["Il faut 10-15 minutes.", "Ouvert de 9h-17h.", "Pour 4-6 personnes."],
    "de": ["Es dauert 10-15 Minuten.", "Geöffnet 9-17 Uhr.", "Für 4-6 Personen."],
    "it": ["Ci vogliono 10-15 minuti.", "Aperto 9-17.", "Per 4-6 persone."],
    "pt": ["Leva 10-15 minutos.", "Aberto das 9h-17h.", "Para 4-6 pessoas."],
    "ja": ["10〜15分かかります。", "9時〜17時まで開いています。", "4-6人分です。"],
    "zh": ["需要10-15分钟。", "营业时间9:00-17:00。", "适合4-6人。"],
}
#: "&", "+", "x" between numbers, and "½"
SYMBOLS = {
    "es": ["Juan & María vienen hoy.", "Añade ½ taza de azúcar.", "Cuesta 5 € + IVA.", "Son 3 x 4 metros."],
    "fr": ["Jean & Marie viennent.", "Ajoutez ½ tasse de sucre.", "Ça coûte 5 € + TVA.", "La pièce fait 3 x 4 mètres."],
    "de": ["Hans & Maria kommen heute.", "Geben Sie ½ Tasse Zucker dazu.", "Es kostet 5 € + MwSt.",
           "Das Zimmer ist 3 x 4 Meter groß."],
    "it": ["Marco & Giulia arrivano oggi.", "Aggiungi ½ tazza di zucchero.", "Costa 5 € + IVA.",
           "La stanza è 3 x 4 metri."],
    "pt": ["João & Maria chegam hoje.", "Adicione ½ xícara de açúcar.", "Custa 5 € + IVA.",
           "O quarto tem 3 x 4 metros."],
    "ru": ["Иван & Мария придут сегодня.", "Добавьте ½ стакана сахара.", "Стоит 5 € + НДС.", "Комната 3 x 4 метра."],
}
#: an e-mail address and a web address
ADDRESSES = {
    "es": ["Escríbeme a ana.lopez@gmail.com hoy.", "Visita www.ejemplo.es para saber más."],
    "fr": ["Écrivez à marie.dupont@orange.fr demain.", "Allez sur www.exemple.fr pour en savoir plus."],
    "de": ["Schreib mir an max.muster@web.de bitte.", "Geh auf www.beispiel.de für mehr."],
    "it": ["Scrivimi a luca.rossi@libero.it oggi.", "Visita www.esempio.it per saperne di più."],
    "pt": ["Escreva para joao.silva@gmail.com hoje.", "Visite www.exemplo.com.br para saber mais."],
    "ru": ["Пишите на ivan.petrov@mail.ru сегодня.", "Заходите на www.yandex.ru каждый день."],
}
#: abbreviations said only before a number (pages, articles, a house), small-letter titles, eras, streets and other
#: abbreviations, a ruler's number, a time with its "h", a range of decimals and a year written without its "г."
REFERENCES = {
    "es": ["Lee el art. 5 de la ley.", "Está en la p. 12 del libro.", "La clase empieza a las 14:30 h.",
           "El precio sube un 1,5-2 % al año.", "Saludos a Dña. Carmen.", "Nació en el 44 a. C. en Roma.",
           "Vive en C/ Mayor 5, s/n."],
    "fr": ["Lisez l'art. 5 de la loi.", "C'est à la p. 12 du livre.", "Les prix montent de 1,5-2 % par an.",
           "Voir p. 30 pour la suite.", "Il est né en 52 av. J.-C. à Rome.", "C'est loin, c.-à-d. à 3 heures."],
    "de": ["Lesen Sie Art. 5 des Gesetzes.", "Das steht auf S. 12 im Buch.", "Karl V. war ein mächtiger Kaiser.",
           "Die Preise steigen um 1,5-2 % im Jahr.", "Siehe Abs. 2 auf S. 7.", "Im 5. Jh. v. Chr. lebte er.",
           "Das kostet zzgl. MwSt. mind. 20 Euro."],
    "it": ["Il sig. Rossi è arrivato ieri.", "La sig.ra Bianchi lavora qui.", "Leggete l'art. 5 della legge.",
           "Il dott. Verdi visita oggi.", "I prezzi salgono del 1,5-2 % l'anno.", "Nel 44 a.C. morì Cesare.",
           "Il palazzo è del sec. XV."],
    "pt": ["Leia o art. 5 da lei.", "Está na p. 12 do livro.", "Ele nasceu em 12/03/1985.",
           "A aula começa às 14:30 h.", "Os preços sobem 1,5-2 % ao ano.", "Em 44 a.C. morreu César.",
           "A casa é do séc. XIX."],
    "ru": ["Он родился в 1985 г в Казани.", "Откройте с. 12 в учебнике.", "Прочитайте гл. 3 к завтра.",
           "Г-н Иванов пришёл вовремя.", "Посмотрите на рис. 2 внизу.", "Он живёт в г. Москва, д. 5, кв. 12.",
           "Это было в 44 г. до н. э."],
    "ja": ["〒100-0001 東京都千代田区です。", "3月3日(月)に会いましょう。", "ここはNo.1の店です。",
           "郵便番号は530-0001です。"],
}
#: hours counted and hours of the clock, currency codes, degrees Fahrenheit and a day before its month's name
HOURS_AND_CODES = {
    "es": ["El viaje dura 2 h y 30 min.", "Abre de 9 a 17 h.", "Cuesta 100 USD por persona.",
           "Nos vemos a la 1:30 en la plaza.", "Hoy hace 70 °F en Miami."],
    "fr": ["Ça coûte 100 USD par personne.", "Il fait 70 °F à Miami.", "Il est né le 1 mai à Lyon."],
    "de": ["Die Fahrt dauert 2 Std. und 30 Min.", "Das kostet 100 USD pro Person.", "Es sind 70 °F in Miami.",
           "Es dauert 3 h bis Berlin."],
    "it": ["Il viaggio dura 2 h e 30 min.", "Costa 100 USD a persona.", "Ci sono 70 °F a Miami.",
           "È nato il 1 maggio a Roma."],
    "pt": ["A viagem dura 2 h e 30 min.", "Custa 100 USD por pessoa.", "Chego à 1h da tarde.", "Às 2h começa o jogo.",
           "Hoje faz 70 °F em Miami."],
    "ru": ["Это стоит 100 USD.", "Он родился 1 мая в Москве.", "Магазин закрыт до 15 июня.",
           "В Майами сегодня 70 °F."],
}
#: ordinals as Latin American Spanish writes them ("2do", "3ra")
LATIN_AMERICAN_ORDINALS = {
    "es": ["Vive en el 2do piso.", "Es la 3ra vez que viene.", "Mañana es el 1ro de mayo.",
           "Quedó en 4to lugar en la carrera."],
}
#: weekdays abbreviated in opening hours
WEEKDAYS = {
    "es": ["Abierto de lun. a vie. por la mañana.", "Cerrado sáb.-dom. todo el día."],
    "fr": ["Ouvert du lun. au ven. le matin.", "Fermé sam.-dim. toute la journée."],
    "de": ["Geöffnet Mo.–Fr. 9–18 Uhr.", "Sa. 10–14 Uhr geöffnet.", "Di. bis Do. ist geschlossen."],
    "it": ["Aperto lun-ven la mattina.", "Chiuso sab-dom tutto il giorno."],
    "pt": ["Aberto de seg. a sex. de manhã.", "Fechado sáb.-dom. o dia todo."],
}
#: a list closed by "etc." ("usw.", "и т. д.") at the end of a sentence, another sentence after it
LISTS = {
    "es": ["Compramos pan, leche, etc. Luego volvemos a casa."],
    "fr": ["Nous achetons du pain, du lait, etc. Ensuite nous rentrons."],
    "de": ["Wir kaufen Brot, Milch usw. Dann gehen wir nach Hause."],
    "it": ["Compriamo pane, latte ecc. Poi torniamo a casa."],
    "pt": ["Compramos pão, leite etc. Depois voltamos para casa."],
    "ru": ["Мы купили хлеб, молоко и т. д. Потом пошли домой."],
}
#: phone numbers: with a country's "+", an area code in brackets or a first zero, or after a word that says so
PHONE_NUMBERS = {
    "es": ["Llámame al 912 345 678 mañana.", "Mi móvil es el +34 612 34 56 78.", "Tel.: 91 234 56 78"],
    "fr": ["Appelle-moi au 01 23 45 67 89 ce soir.", "Mon portable : +33 6 12 34 56 78."],
    "de": ["Ruf mich an unter 030 12345678.", "Telefon: +49 30 1234567"],
    "it": ["Chiamami al 06 1234 5678 stasera.", "Il mio cellulare è +39 333 123 4567."],
    "pt": ["Me liga no (11) 98765-4321 amanhã.", "O telefone é 21 3456-7890."],
    "ru": ["Позвони мне: +7 916 123-45-67.", "Звоните 8 (495) 123-45-67 с утра."],
}
#: a day and month with no year, a score, an ordinal written with the degree sign, a century's "s." and initials
DAYS_AND_SCORES = {
    "es": ["Nos vemos el 24/12 a las 18:00.", "El partido terminó 2:1 en casa.", "Es el 1° de mayo.",
           "Ocurrió en el s. XIX."],
    "fr": ["Rendez-vous le 24/12 à 18h.", "Du 01/07 au 31/08 c'est fermé."],
    "de": ["Das Spiel endete 2:2 in München.", "Am Mo., 5. Mai ist geschlossen.", "Er wurde am 3.10.1990 geboren."],
    "it": ["Ci vediamo il 24/12 alle 18.", "Abito al 3° piano da un anno.", "È il 1° giorno di scuola."],
    "pt": ["Nos vemos no dia 24/12 às 18h.", "Moro no 2° andar do prédio."],
    "ru": ["Встретимся 24.12 в 18:00.", "С 01.06 по 31.08 магазин закрыт.", "Это написал А. С. Пушкин."],
}
#: hours and minutes counted, degrees with "º", flats, figures, roubles and kopecks, Russian nouns in their case
DURATIONS_AND_CASES = {
    "es": ["Tardó 2h 15min en llegar.", "Mañana hará 32 ºC.", "Vive en el 4º izda."],
    "de": ["Er brauchte 2 Std. 15 Min. bis Berlin.", "Siehe Abb. 3 im Anhang."],
    "it": ["Abito in via Garibaldi 12, int. 5."],
    "pt": ["Levou 2h15min para chegar.", "Amanhã vai fazer 32 ºC."],
    "ru": ["Цена 1 299,99 руб.", "Живу на ул. Ленина, д. 5.", "См. ст. 5 Конституции.", "В гл. 3 всё сказано."],
}
#: a rate's slash ("5 €/Monat")
RATES = {"es": ["Cuesta 5 €/mes."], "fr": ["Ça coûte 5 €/mois."], "de": ["Das kostet 5 €/Monat."],
         "it": ["Costa 5 €/mese."], "pt": ["Custa R$ 5/mês."], "ru": ["Стоит 500 ₽/месяц."]}
#: Latin words inside Japanese, and "×" between numbers in Japanese and Chinese
LATIN_AND_TIMES = {
    "ja": ["JL123便は9時45分に出発します。", "iPhone15は12万円です。", "30×40cmです。", "NHKのニュースを見ました。"],
    "zh": ["尺寸是30×40厘米。", "房间是5×4米。"],
}
#: "~", "±", "≥" before a number, tags and mentions, a whole number with a vulgar fraction ("1½"), "US$"
SIGNS_AND_TAGS = {
    "es": ["La temperatura será de ~25 °C.", "Sígueme en @ana_lopez y usa #FelizNavidad.", "Son 1½ tazas de harina."],
    "fr": ["Il fera ~25 °C.", "Suivez-nous avec #JoyeuxNoël.", "Prenez 2 1/2 tasses de farine."],
    "de": ["Es wird ~25 °C warm.", "Nimm 1½ Tassen Mehl.", "Die Abweichung beträgt ±3 %."],
    "it": ["Ci saranno ~25 °C.", "Seguimi con #BuonNatale.", "Prendi 1½ tazze di farina."],
    "pt": ["Vai fazer ~25 °C.", "Custa US$ 5.", "Use 1½ xícara de farinha."],
    "ru": ["Будет ~25 °C.", "Погрешность ±3 %.", "Возьмите 1½ стакана муки."],
}
#: amounts of money in millions and billions, the scale abbreviated ("R$ 2,5 bi", "5 M€", "2,5 Mrd. €")
SCALED_MONEY = {
    "es": ["La deuda es de 2.500 M€.", "La empresa facturó 5 mill. de euros."],
    "fr": ["La dette est de 2,5 Md€.", "Le budget atteint 5 M€."],
    "de": ["Die Schulden betragen 2,5 Mrd. €.", "Rund 3 Tsd. Besucher kamen."],
    "it": ["Il fatturato è di 5 mln di euro.", "Il debito è di 2,5 mld di euro."],
    "pt": ["A dívida é de R$ 2,5 bi.", "O faturamento foi de R$ 5 mi."],
    "ru": ["Бюджет составил 5 млн $.", "Пришло 2 тыс. зрителей."],
}
#: Russian numbers after a preposition, which asks for a case ("около трёх километров", "к десяти часам"), a day
#: after "на" and a year starting a range, and one and a half ("полтора литра")
COUNTS_IN_CASES = {
    "ru": ["Магазин работает с 9 до 21 часа, до вокзала около 3 км.", "Приходите к 10 часам, поговорим о 2 проблемах.",
           "Купите 1,5 литра молока и подождите около 1 минуты.", "Цены от 500 до 1500 руб., скидки до 70%.",
           "С 2020 по 2023 год он жил в 3 странах.", "Встреча перенесена на 15 марта.",
           "Мы открыты с 9:00 до 18:00, приходите к 10:30.", "Детям до 3-х лет вход свободный.",
           "Я живу на 5 этаже, а сын учится в 3 классе."],
}
#: seconds, data, power, frequency and fuel use after a number ("128 GB", "60 W", "9,58 s", "6 l/100 km"); German days
#: and months of one digit ("am 5.6."), a Brazilian score ("2x1"), an Italian or Spanish time with its stop ("delle
#: 8.15", "a las 21.00 h"), Russian prepositions before a number said ("во втором", "со ста") and units after a
#: preposition in its case ("при 180 °C": "при ста восьмидесяти градусах Цельсия"), decades ("90er", "1980-е"),
#: Russian weekdays ("пн–пт": "с понедельника по пятницу")
UNITS_AND_DAYS = {
    "es": ["Corrió los 100 metros en 9,58 s.", "El móvil tiene 128 GB de memoria y una batería de 5000 mAh.",
           "La bombilla gasta 60 W.", "El partido empieza a las 21.00 h.", "El coche gasta 6 l/100 km."],
    "fr": ["Il a couru le 100 mètres en 9,58 s.", "Le téléphone a 128 Go de stockage.",
           "Une ampoule de 60 W consomme peu.", "Elle consomme 5 l/100 km en ville."],
    "de": ["Wir treffen uns am 5.6. um 18 Uhr.", "Das Handy hat 128 GB Speicher.", "Die Lampe braucht 60 W bei 230 V.",
           "Vom 1.7. bis 15.8. ist geschlossen.", "Der Wagen braucht 6,5 l/100 km.", "Er wohnt in einer 3. Etage.",
           "In den 90er Jahren war vieles anders."],
    "it": ["Ha corso i 100 metri in 9,58 s.", "Il telefono ha 128 GB di memoria.", "La lampadina consuma 60 W.",
           "Il treno delle 8.15 è in ritardo.", "L'auto fa 15 km/l in città."],
    "pt": ["O Flamengo venceu o jogo por 2x1.", "O celular tem 128 GB e bateria de 5000 mAh.", "A lâmpada gasta 60 W."],
    "ru": ["Он пробежал стометровку за 9,58 с.", "Телефон на 128 ГБ стоит дороже.", "Лампочка на 60 Вт горит ярко.",
           "Он учится в 2 классе, а она во 2-м ряду.", "Цены начинаются с 100 рублей.", "Встреча в 15:00 по мск.",
           "Выпекайте 25 минут при 180 °C.", "Речь идёт о 5 км пути и о 2 тыс. человек.",
           "В 1980-е всё было иначе.", "Мы работаем пн–пт с 9 до 18."],
}
#: in Japanese and Chinese: dates written in numbers, scores, areas, fractions, numbers said digit by digit, and a
#: Chinese two counted ("两")
DATES_SCORES_AND_CODES = {
    "ja": ["締め切りは2024-03-15です。", "試合は2:1で終わりました。", "部屋は25㎡です。", "3/4の人が賛成しました。",
           "3/15(金)に会いましょう。"],
    "zh": ["截止日期是2024-03-15。", "比赛以2:1结束。", "请拨打12306订票。", "我住在302房间。", "车牌号是京A12345。",
           "我们在20世纪80年代搬到北京。", "房间面积是25㎡。", "我买了2斤苹果和2杯咖啡。", "我们下午2点见。"],
}
#: the other languages' sets, as the table's columns
FOREIGN_SETS = {"mixed date/time/money": FOREIGN, "times of day": TIMES, "numbers": NUMBERS,
                "percentages, degrees, ordinals": SIGNS, "minus, fractions and more": MINUS_AND_FRACTIONS,
                "centuries, kings, titles": NAMES_AND_CENTURIES,
                "measures, abbreviations": MEASURES_AND_ABBREVIATIONS, "ranges": RANGES, "symbols": SYMBOLS,
                "addresses": ADDRESSES, "pages, articles, titles": REFERENCES, "hours, codes, days": HOURS_AND_CODES,
                "2do, 3ra": LATIN_AMERICAN_ORDINALS, "weekdays": WEEKDAYS,
                "lists closed by etc.": LISTS, "phone numbers": PHONE_NUMBERS,
                "days and months, scores": DAYS_AND_SCORES, "durations, degrees, cases": DURATIONS_AND_CASES,
                "Latin words, ×": LATIN_AND_TIMES, "rates": RATES,
                "dates, scores, codes, counts": DATES_SCORES_AND_CODES, "signs, tags, 1½": SIGNS_AND_TAGS,
                "millions, billions": SCALED_MONEY, "counts after prepositions": COUNTS_IN_CASES,
                "units of time, data, power; days, scores, decades": UNITS_AND_DAYS}


def spoken(synth, sentences: list[str]) -> np.ndarray:
    return np.concatenate([synth.synthesize(s) for s in sentences])


def foreign_errors(synth, code: str, texts: list[str], show: bool) -> list[float]:
    """The error heard in each of `texts` as `anyvoice tts` says them in language `code` with `synth`."""
    errors = []
    for text in texts:
        heard = transcribe_language(spoken(synth, prepare(text, language=code)), synth.sample_rate, code)[0]
        errors.append(error_rate(text, heard, code))
        if show and errors[-1] > 0:
            print(f"  {code}: {text!r} heard as {heard!r} ({100 * errors[-1]:.0f} %)", flush=True)
    return errors


def foreign_rows(codes: list[str], show: bool) -> list[list]:
    """Per language: the base that speaks it here, and the number of sentences and the error heard in each of
    FOREIGN_SETS the language has ("-" where it has none)."""
    rows = []
    for code in codes:
        base = language_base(LANGUAGES[code], None)
        synth = create_synthesizer(base, code)
        row = [code, base]
        for texts in FOREIGN_SETS.values():
            errors = foreign_errors(synth, code, texts[code], show) if code in texts else []
            row += [len(errors), 100 * np.mean(errors)] if errors else ["-", "-"]
        rows.append(row)
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--show", action="store_true", help="print every sentence not heard right, with what was heard")
    p.add_argument("--languages", default=",".join(SIGNS), help="other languages to measure (none: '')")
    args = p.parse_args()
    piper = create_synthesizer("piper")
    rows, totals = [], {"front end": [], "as written": []}
    for kind, texts in SENTENCES.items():
        errors = {"front end": [], "as written": []}
        for text in texts:
            for way, sentences in (("front end", prepare(text)), ("as written", [clean(text)])):
                heard = transcribe(spoken(piper, sentences), piper.sample_rate)
                errors[way].append(wer(text, heard))
                if args.show and errors[way][-1] > 0:
                    print(f"  {way}: {text!r} heard as {heard!r} ({100 * errors[way][-1]:.0f} %)", flush=True)
        rows.append([kind, len(texts), 100 * np.mean(errors["as written"]), 100 * np.mean(errors["front end"])])
        for way in totals:
            totals[way] += errors[way]
    rows.append(["all", sum(len(t) for t in SENTENCES.values()), 100 * np.mean(totals["as written"]),
                 100 * np.mean(totals["front end"])])
    print("\n### Written forms, spoken by Piper and heard by Whisper tiny.en (WER %)\n")
    print(markdown_table(["kind", "sentences", "as written (the synthesizer's own reading)", "anyvoice front end"],
                         rows))
    codes = [c for c in args.languages.split(",") if c in SIGNS]
    if codes:
        print("\n### Written forms in other languages, heard by Whisper base (WER %; CER for ja, zh)\n")
        headers = [f"{name}: {column}" for name in FOREIGN_SETS for column in ("sentences", "error %")]
        print(markdown_table(["language", "base", *headers], foreign_rows(codes, args.show)))


if __name__ == "__main__":
    main()
