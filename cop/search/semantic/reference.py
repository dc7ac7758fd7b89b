"""Reference sentences for the language direction of an embedding model (see embedders.LanguageCentred).

Multilingual models place every text of a language a little towards that language's own direction: a Ukrainian
query finds a Ukrainian text on an unrelated subject before an English text on its very subject. Subtracting each
language's mean vector (Libovický et al., "On the language neutrality of pre-trained multilingual
representations", 2020) removes most of that bias. The means are taken over these sentences: everyday texts of
local government on many subjects, the same subjects in both languages, so that what the mean keeps is the
language and not a subject.
"""

UK = [
    "Міська рада затвердила бюджет громади на наступний рік.",
    "Мешканці обрали проєкти бюджету участі онлайн-голосуванням.",
    "Староста села проводить прийом громадян щовівторка.",
    "Центр надання адміністративних послуг працює без вихідних.",
    "Громада відремонтувала дорогу до школи та встановила ліхтарі.",
    "Депутати обговорили програму розвитку культури на засіданні комісії.",
    "Волонтери допомагають переселенцям знайти житло і роботу.",
    "У бібліотеці відкрили простір для молоді та курси програмування.",
    "Виборча комісія оголосила результати місцевих виборів.",
    "Громадські слухання щодо генерального плану відбудуться в будинку культури.",
    "Комунальне підприємство вивозить сміття за новим графіком.",
    "Лікарня отримала нове обладнання для відділення реанімації.",
    "Молодіжна рада запропонувала облаштувати спортивний майданчик.",
    "Сесія ради ухвалила рішення про перейменування вулиць.",
    "Жителі можуть подати електронну петицію на сайті громади.",
    "Під час відключень електроенергії працюють пункти незламності.",
    "Школи громади перейшли на дистанційне навчання через карантин.",
    "Фермери отримали гранти на розвиток малого бізнесу.",
    "Громада підписала меморандум про співпрацю з містом-побратимом.",
    "Відкрито укриття в підвалі адміністративного будинку.",
    "Соціальні працівники відвідують літніх людей удома.",
    "Рада ухвалила антикорупційну програму та кодекс етики посадовців.",
    "Громадська організація провела тренінг з гендерної рівності.",
    "Місто запровадило відкриті дані про публічні закупівлі.",
    "Водоканал попередив про планове відключення води.",
    "Ветерани отримали безкоштовні консультації юриста.",
    "Туристичний маршрут об'єднав три села громади.",
    "Батьки обговорили безпеку дітей на шляху до школи.",
    "Комісія перевірила стан мостів після повені.",
    "Голова громади звітував перед мешканцями про роботу за рік.",
]

EN = [
    "The city council approved the community budget for next year.",
    "Residents chose participatory budget projects in an online vote.",
    "The village head receives citizens every Tuesday.",
    "The administrative service centre is open seven days a week.",
    "The community repaired the road to the school and installed street lights.",
    "Councillors discussed the culture development programme at a committee meeting.",
    "Volunteers help displaced people find housing and work.",
    "The library opened a space for young people and coding courses.",
    "The election commission announced the results of the local elections.",
    "Public hearings on the master plan will take place at the house of culture.",
    "The municipal company collects waste on a new schedule.",
    "The hospital received new equipment for the intensive care unit.",
    "The youth council proposed building a sports ground.",
    "The council session decided to rename several streets.",
    "Residents can submit an electronic petition on the community website.",
    "Resilience points are open during power outages.",
    "Schools in the community moved to distance learning because of the quarantine.",
    "Farmers received grants to develop small businesses.",
    "The community signed a memorandum of cooperation with its twin city.",
    "A shelter was opened in the basement of the administrative building.",
    "Social workers visit older people at home.",
    "The council adopted an anti-corruption programme and a code of ethics for officials.",
    "A civil society organisation held a training on gender equality.",
    "The city introduced open data on public procurement.",
    "The water utility warned of a planned water cut.",
    "Veterans received free legal consultations.",
    "A tourist route connected three villages of the community.",
    "Parents discussed children's safety on the way to school.",
    "The commission inspected the bridges after the flood.",
    "The head of the community reported to residents on the year's work.",
]
