"""Ukrainian demo content drawn from the programme "Strengthening democracy and trust at local level"."""

HOME_INTRO = (
    "Простір, де посадовці громад і областей, національні інституції та експерти діляться перевіреними "
    "практиками місцевого врядування, ставлять запитання колегам і знаходять поради для своєї роботи."
)
HOME_BODY = (
    "<h2>Про спільноту</h2>"
    "<p>Спільнота практик виросла з програми Конгресу місцевих і регіональних влад Ради Європи "
    "«Посилення демократії та довіри на місцевому рівні». Тут зібрано досвід громад, які працювали "
    "в умовах карантину, організовували вибори під час пандемії COVID-19, відкривали свою роботу для мешканців "
    "і залучали молодь до ухвалення рішень.</p>"
    "<p>Читати матеріали може кожен. Щоб публікувати практики й брати участь в обговореннях, "
    "подайте заявку на членство: її розгляне модератор.</p>"
)

# (slug, title, short title, intro, body, English title, English intro)
THEMES = [
    (
        "vriaduvannia-pid-chas-karantynu",
        "Врядування під час карантину",
        "Карантин",
        "Як громади забезпечували безперервність послуг, підтримували вразливих мешканців і ухвалювали рішення дистанційно.",
        "<p>Пандемія змусила органи місцевого самоврядування швидко перейти до дистанційних засідань, "
        "електронних послуг і адресної допомоги. У цій темі зібрано практики, які допомогли громадам "
        "зберегти прозорість рішень і довіру мешканців у кризових умовах.</p>",
        "Governance during quarantine",
        "How hromadas kept services running, supported vulnerable residents and took decisions remotely.",
    ),
    (
        "vybory-pid-chas-covid-19",
        "Вибори під час COVID-19 і виборчі права ВПО",
        "Вибори",
        "Безпечна організація місцевих виборів під час пандемії та захист виборчих прав внутрішньо переміщених осіб.",
        "<p>Місцеві вибори 2020 року відбувалися в умовах пандемії. Громади та виборчі комісії шукали способи "
        "захистити здоров’я виборців і членів комісій, не обмежуючи їхніх прав. Окреме питання — виборчі права "
        "внутрішньо переміщених осіб, які Конгрес Ради Європи рекомендував гарантувати на місцевих виборах.</p>",
        "Elections during COVID-19 and the voting rights of IDPs",
        "Running local elections safely during the pandemic and protecting the electoral rights of internally displaced persons.",
    ),
    (
        "vidkryte-uriaduvannia",
        "Відкрите урядування",
        "Відкритість",
        "Відкриті дані, участь мешканців і партнерство «Відкриті офіси» Житомира, Тернополя та Вінниці.",
        "<p>Відкрите урядування — це прозорі рішення, доступні дані та реальна участь мешканців. "
        "Міста Житомир, Тернопіль і Вінниця об’єдналися в партнерство «Відкриті офіси», щоб обмінюватися "
        "інструментами відкритості та спільно їх розвивати.</p>",
        "Open government",
        "Open data, citizen participation and the “Open offices” partnership of Zhytomyr, Ternopil and Vinnytsia.",
    ),
    (
        "genderna-rivnist",
        "Гендерна рівність",
        "Гендер",
        "Гендерні ініціативи на місцевому рівні: посібник «Відкритий уряд: як це працює» і навчальний курс для службовців.",
        "<p>Рівна участь жінок і чоловіків у місцевій політиці робить рішення кращими. Тут зібрано практики "
        "громад, посібник «Відкритий уряд: як це працює» та матеріали навчального курсу «Гендерні ініціативи "
        "на місцевому рівні» для службовців і громадських організацій.</p>",
        "Gender equality",
        "Gender initiatives at local level: the handbook “Open government: how it works” and a training course for officials.",
    ),
    (
        "uchast-molodi",
        "Участь молоді",
        "Молодь",
        "Молодь Бахмута, Костянтинівки, Краматорська, Маріуполя та Старобільська в ухваленні рішень.",
        "<p>Молоді люди зі сходу України, чиє життя змінила війна, стають активними учасниками місцевої "
        "демократії: створюють молодіжні ради, готують проєкти та впливають на рішення громад.</p>",
        "Youth participation",
        "Young people of Bakhmut, Kostiantynivka, Kramatorsk, Mariupol and Starobilsk in local decision-making.",
    ),
    (
        "prava-liudyny",
        "Права людини та ВПО",
        "Права людини",
        "Захист прав людини на місцевому рівні, зокрема прав внутрішньо переміщених осіб.",
        "<p>Місцева влада найближча до людей і першою відповідає за доступ до послуг, житла та участі "
        "в житті громади. Практики цієї теми показують, як громади інтегрують внутрішньо переміщених осіб "
        "і враховують права людини в щоденних рішеннях.</p>",
        "Human rights and IDPs",
        "Protecting human rights at local level, including the rights of internally displaced persons.",
    ),
    (
        "merezha-mistsevoi-demokratii",
        "Мережа місцевої демократії",
        "Мережа",
        "Мережа громад, що обмінюються досвідом заради якісного врядування та залучення мешканців.",
        "<p>Мережа місцевої демократії об’єднує громади, які хочуть покращити якість управління і залучати "
        "мешканців до ухвалення рішень на основі принципів Європейської хартії місцевого самоврядування.</p>",
        "Network of local democracy",
        "A network of hromadas exchanging experience for good governance and citizen engagement.",
    ),
]

# (slug, name, English name, oblast slug, kind, population)
HROMADAS = [
    ("zhytomyrska-miska", "Житомирська міська громада", "Zhytomyr city hromada", "zhytomyrska", "urban", 261000),
    ("ternopilska-miska", "Тернопільська міська громада", "Ternopil city hromada", "ternopilska", "urban", 225000),
    ("vinnytska-miska", "Вінницька міська громада", "Vinnytsia city hromada", "vinnytska", "urban", 388000),
    ("bakhmutska-miska", "Бахмутська міська громада", "Bakhmut city hromada", "donetska", "urban", 90000),
    ("kostiantynivska-miska", "Костянтинівська міська громада", "Kostiantynivka city hromada", "donetska", "urban", 75000),
    ("kramatorska-miska", "Краматорська міська громада", "Kramatorsk city hromada", "donetska", "urban", 180000),
    ("mariupolska-miska", "Маріупольська міська громада", "Mariupol city hromada", "donetska", "urban", 460000),
    ("starobilska-miska", "Старобільська міська громада", "Starobilsk city hromada", "luhanska", "urban", 35000),
    ("slavutska-miska", "Славутська міська громада", "Slavuta city hromada", "khmelnytska", "urban", 45000),
    ("dobrosynsko-magerivska", "Добросинсько-Магерівська сільська громада", "Dobrosyn-Maheriv rural hromada", "lvivska", "rural", 9000),
    ("novoukrainska-miska", "Новоукраїнська міська громада", "Novoukrainka city hromada", "kirovohradska", "urban", 38000),
    ("chortkivska-miska", "Чортківська міська громада", "Chortkiv city hromada", "ternopilska", "urban", 46000),
    ("shyrokivska-selyshchna", "Широківська селищна громада", "Shyroke settlement hromada", "dnipropetrovska", "settlement", 23000),
]

# Demo accounts, one per role. Development only: the command refuses to create them when DEBUG is off.
DEMO_PASSWORD = "demo-spilnota-2020"
ACCOUNTS = [
    # (username, e-mail, first, last, position, organisation, hromada slug, role, status)
    ("moderator", "moderator@example.org", "Олена", "Коваленко", "Модераторка спільноти", "Національний офіс програми", None, "Moderator", "approved"),
    ("editor", "editor@example.org", "Андрій", "Мельник", "Редактор бази знань", "Національний офіс програми", None, "Editor", "approved"),
    ("member", "member@example.org", "Ірина", "Шевченко", "Секретарка міської ради", "Вінницька міська рада", "vinnytska-miska", "Member", "approved"),
    ("member2", "member2@example.org", "Тарас", "Бондаренко", "Голова молодіжної ради", "Краматорська міська рада", "kramatorska-miska", "Member", "approved"),
    ("applicant", "applicant@example.org", "Наталія", "Ткачук", "Заступниця міського голови", "Чортківська міська рада", "chortkivska-miska", None, "pending"),
]
