"""Demo content for the knowledge base: practices, resources and events (data only).

The practices are illustrative: the hromadas and the programme themes are real, the contact persons are
fictional (…@example.org) and the figures are demo figures, not official statistics.
"""

# (slug, name, English name, oblast slug, kind, population) — hromadas needed by the practices below
# that are not among the 13 hromadas of cop.core.demo_data.HROMADAS.
EXTRA_HROMADAS = [
    ("lutska-miska", "Луцька міська громада", "Lutsk city hromada", "volynska", "urban", 240000),
    ("khmilnytska-miska", "Хмільницька міська громада", "Khmilnyk city hromada", "vinnytska", "urban", 45000),
    ("pokrovska-miska", "Покровська міська громада", "Pokrovsk city hromada", "donetska", "urban", 80000),
    ("hadiatska-miska", "Гадяцька міська громада", "Hadiach city hromada", "poltavska", "urban", 37000),
    ("tsyrkunivska-silska", "Циркунівська сільська громада", "Tsyrkuny rural hromada", "kharkivska", "rural", 22000),
    ("uzhhorodska-miska", "Ужгородська міська громада", "Uzhhorod city hromada", "zakarpatska", "urban", 128000),
]

PRACTICES = [
    # ------------------------------------------------------------------ quarantine / open government
    {
        "slug": "dystantsiini-zasidannia-rady-zhytomyr",
        "title": "Дистанційні засідання міської ради з онлайн-трансляцією та поіменним голосуванням",
        "summary": (
            "У перші тижні карантину Житомирська міська рада перейшла на засідання у відеоформаті й не втратила "
            "публічності: кожне засідання транслювали наживо, а результати поіменного голосування публікували того ж дня."
        ),
        "body": [
            ("heading", "Контекст"),
            ("paragraph",
             "<p>Після запровадження загальнонаціонального карантину 12 березня 2020 року збиратися в сесійній залі стало "
             "небезпечно: разом із депутатами, працівниками апарату, журналістами й мешканцями там зазвичай перебувало "
             "понад сто людей. Водночас місто мусило терміново ухвалювати рішення про перерозподіл бюджету, підтримку "
             "лікарень і пільги для підприємців.</p>"
             "<p>Наприкінці березня парламент дозволив радам на час карантину проводити засідання дистанційно. "
             "Житомирська міська рада вирішила скористатися цією можливістю так, щоб мешканці бачили не менше, "
             "ніж під час звичайних засідань.</p>"),
            ("heading", "Що зробили"),
            ("paragraph",
             "<ol>"
             "<li>Секретаріат ради за тиждень підготував тимчасовий порядок дистанційних засідань: як реєструватися, "
             "як брати слово, як голосувати і що робити, якщо зв’язок обірвався.</li>"
             "<li>Кожен депутат отримав коротку інструкцію і пройшов тестове підключення; для тих, хто не мав стабільного "
             "інтернету, облаштували окремі робочі місця в приміщенні ради з дотриманням дистанції.</li>"
             "<li>Засідання транслювали наживо на сайті ради та на відеоканалі міста, записи залишалися у відкритому доступі.</li>"
             "<li>Голосували поіменно: секретар оголошував прізвище, депутат називав своє рішення в камеру, а результати "
             "того ж дня з’являлися на сайті у форматі відкритих даних.</li>"
             "<li>Проєкти рішень, як і раніше, оприлюднювали заздалегідь, а пропозиції мешканців приймали електронною "
             "поштою та через форму на сайті.</li>"
             "</ol>"),
            ("quote", {
                "text": "Ми домовилися з усіма фракціями про просте правило: усе, що депутат бачить на екрані, бачить і мешканець. "
                        "Саме це зняло більшість суперечок про легітимність дистанційних рішень.",
                "attribution": "Оксана Гнатюк, керівниця секретаріату міської ради",
            }),
            ("heading", "Поради колегам"),
            ("paragraph",
             "<ul>"
             "<li>Затвердіть порядок дистанційного засідання рішенням ради <b>до</b> першого такого засідання.</li>"
             "<li>Передбачте резервний канал зв’язку (телефон) для депутатів, які втратили підключення під час голосування.</li>"
             "<li>Публікуйте результати голосування в машиночитному форматі: це заощаджує час журналістам і громадським організаціям.</li>"
             "</ul>"),
        ],
        "themes": ["vriaduvannia-pid-chas-karantynu", "vidkryte-uriaduvannia"],
        "tags": ["дистанційні засідання", "прозорість", "відкриті дані"],
        "hromada": "zhytomyrska-miska",
        "oblast": "zhytomyrska",
        "population_band": "100k_500k",
        "period_start": "2020-03-17",
        "period_end": "2020-06-30",
        "context": "covid_quarantine",
        "outcomes": (
            "<p>З квітня до кінця червня 2020 року рада провела в дистанційному форматі п’ять пленарних засідань і понад "
            "двадцять засідань постійних комісій. Жодне засідання не перенесли через брак кворуму, а результати всіх "
            "поіменних голосувань опубліковано на сайті ради.</p>"
            "<p>Після послаблення карантину рада залишила трансляції та публікацію голосувань у відкритих даних як постійну практику.</p>"
        ),
        "contact_name": "Оксана Гнатюк",
        "contact_role": "керівниця секретаріату міської ради",
        "contact_email": "o.hnatiuk@example.org",
        "date": "2020-07-14",
        "related": ["zustrichi-sekretariv-rad-merezha", "vidkryti-ofisy-partnerstvo-trokh-mist"],
        "en": {
            "title": "Remote city council sessions with live streaming and roll-call voting",
            "summary": (
                "In the first weeks of the quarantine Zhytomyr city council moved its sessions online without losing publicity: "
                "every session was streamed live and the results of roll-call votes were published the same day."
            ),
            "body": [
                ("heading", "Context"),
                ("paragraph",
                 "<p>After the nationwide quarantine was introduced on 12 March 2020, meeting in the council chamber became unsafe: "
                 "with councillors, staff, journalists and residents, more than a hundred people were usually in the room. At the "
                 "same time the city had to take urgent decisions on budget reallocation, support for hospitals and relief for businesses.</p>"
                 "<p>At the end of March parliament allowed councils to meet remotely during the quarantine. Zhytomyr city council "
                 "decided to use this option in a way that let residents see no less than during ordinary sessions.</p>"),
                ("heading", "What was done"),
                ("paragraph",
                 "<ol>"
                 "<li>Within a week the council secretariat drafted temporary rules for remote sessions: registration, taking the floor, "
                 "voting and what to do when the connection drops.</li>"
                 "<li>Every councillor received a short guide and took part in a test connection; those without stable internet were "
                 "given separate, distanced workplaces in the council building.</li>"
                 "<li>Sessions were streamed live on the council website and the city video channel; recordings stayed publicly available.</li>"
                 "<li>Votes were taken by roll call and the results were published as open data on the same day.</li>"
                 "<li>Draft decisions were still published in advance, and residents could send comments by e-mail or through a web form.</li>"
                 "</ol>"),
                ("quote", {
                    "text": "We agreed with all political groups on one simple rule: whatever a councillor sees on the screen, residents see too. "
                            "That settled most arguments about the legitimacy of remote decisions.",
                    "attribution": "Oksana Hnatiuk, head of the council secretariat",
                }),
                ("heading", "Tips for colleagues"),
                ("paragraph",
                 "<ul>"
                 "<li>Adopt the rules for remote sessions by a council decision <b>before</b> the first such session.</li>"
                 "<li>Provide a back-up channel (telephone) for councillors who lose their connection during a vote.</li>"
                 "<li>Publish voting results in a machine-readable format: it saves time for journalists and civil society organisations.</li>"
                 "</ul>"),
            ],
            "outcomes": (
                "<p>Between April and the end of June 2020 the council held five plenary sessions and more than twenty committee "
                "meetings remotely. No session was postponed for lack of a quorum, and the results of all roll-call votes were published.</p>"
                "<p>After the quarantine was eased, the council kept live streaming and open voting data as a permanent practice.</p>"
            ),
        },
    },
    {
        "slug": "hariacha-liniia-dlia-liudei-starshoho-viku-ternopil",
        "title": "Гаряча лінія та волонтерська доставка для людей старшого віку на карантині",
        "summary": (
            "Міська гаряча лінія приймала заявки від людей старшого віку та людей з інвалідністю, а волонтери й соціальні "
            "працівники доставляли продукти і ліки за єдиним реєстром заявок."
        ),
        "body": [
            ("heading", "Проблема"),
            ("paragraph",
             "<p>На початку карантину людям віком понад 60 років радили не виходити з дому без нагальної потреби. Багато з них "
             "живуть самі, не користуються інтернет-магазинами і не знали, куди звертатися по допомогу. Водночас десятки "
             "волонтерів пропонували допомогу стихійно: одних людей відвідували кілька разів на день, інших — жодного разу.</p>"),
            ("heading", "Як це працювало"),
            ("table", {
                "caption": "Шлях заявки від дзвінка до доставки",
                "header": ["Крок", "Хто відповідає", "Строк"],
                "rows": [
                    ["Прийом дзвінка і запис потреби", "оператор гарячої лінії", "під час дзвінка"],
                    ["Перевірка, чи людина вже отримує допомогу", "управління соціальної політики", "до 4 годин"],
                    ["Призначення волонтера або соціального працівника", "координатор району", "того ж дня"],
                    ["Доставка продуктів чи ліків (за кошти заявника або з благодійного фонду)", "волонтер", "до 24 годин"],
                    ["Контрольний дзвінок", "оператор гарячої лінії", "наступного дня"],
                ],
            }),
            ("heading", "Безпека людей і даних"),
            ("paragraph",
             "<p>Волонтери проходили короткий інструктаж щодо гігієни та безконтактного передавання покупок, мали посвідчення "
             "координаційного центру і не брали готівку без чека. Персональні дані заявників зберігало лише управління "
             "соціальної політики; волонтер отримував тільки адресу, перелік покупок і номер телефону.</p>"),
            ("quote", {
                "text": "Люди найбільше цінували не саму доставку, а контрольний дзвінок наступного дня. Для багатьох це була "
                        "єдина розмова за тиждень.",
                "attribution": "Галина Возняк, координаторка гарячої лінії",
            }),
        ],
        "themes": ["vriaduvannia-pid-chas-karantynu", "prava-liudyny"],
        "tags": ["соціальна підтримка", "волонтерство", "люди старшого віку", "covid-19"],
        "hromada": "ternopilska-miska",
        "oblast": "ternopilska",
        "population_band": "100k_500k",
        "period_start": "2020-03-20",
        "period_end": "2020-07-31",
        "context": "covid_quarantine",
        "outcomes": (
            "<p>За перші сім тижнів гаряча лінія прийняла близько 2 000 звернень; понад 700 людей отримували допомогу регулярно. "
            "До роботи долучилися понад сто волонтерів і соціальні працівники всіх територіальних центрів. Після запуску єдиного "
            "реєстру заявок випадки, коли до однієї людини приходили кілька волонтерів, фактично припинилися.</p>"
        ),
        "contact_name": "Галина Возняк",
        "contact_role": "координаторка гарячої лінії, управління соціальної політики",
        "contact_email": "h.vozniak@example.org",
        "date": "2020-05-12",
        "related": ["produktova-dopomoha-za-vidkrytymy-kryteriiamy-chortkiv", "tsyfrova-hramotnist-dlia-starshykh-hadiach"],
        "en": None,
    },
    {
        "slug": "vidkryti-ofisy-partnerstvo-trokh-mist",
        "title": "«Відкриті офіси»: як Житомир, Тернопіль і Вінниця обмінюються інструментами відкритості",
        "summary": (
            "Три міста домовилися не винаходити кожне своє, а передавати одне одному перевірені рішення: відкриті дані, "
            "публічні консультації та звіти виконавчих органів перед мешканцями."
        ),
        "body": [
            ("heading", "Звідки взялося партнерство"),
            ("paragraph",
             "<p>Партнерство «Відкриті офіси» виникло 2020 року за підтримки програми Конгресу місцевих і регіональних влад "
             "Ради Європи та національної платформи діалогу між центральною і місцевою владою. Житомир, Тернопіль і Вінниця "
             "мали схоже завдання — зробити роботу виконавчих органів зрозумілою для мешканців, — але різний досвід. "
             "Замість трьох окремих проєктів міста обрали обмін: кожне ділиться тим, що в нього вже працює, і переймає те, "
             "що добре вдалося сусідам.</p>"),
            ("heading", "Що передали одне одному"),
            ("table", {
                "caption": "Інструменти, якими обмінялися міста",
                "header": ["Місто", "Чим поділилося", "Що перейняло"],
                "rows": [
                    ["Вінниця", "порядок оновлення наборів відкритих даних і закріплення відповідальних за кожен набір", "формат відкритих звітів у мікрорайонах"],
                    ["Житомир", "регламент онлайн-консультацій щодо проєктів рішень", "стандарт відкритих даних про бюджет"],
                    ["Тернопіль", "відкриті звіти виконавчих органів перед мешканцями мікрорайонів", "регламент онлайн-консультацій"],
                ],
            }),
            ("heading", "Як організовано роботу"),
            ("paragraph",
             "<ul>"
             "<li>У кожному місті є координатор партнерства — працівник апарату, відповідальний за відкритість.</li>"
             "<li>Раз на місяць координатори зустрічаються онлайн, двічі на рік — під час робочого візиту до одного з міст.</li>"
             "<li>Усі шаблони (рішення, регламенти, інструкції) зберігаються в спільній папці й публікуються в бібліотеці спільноти.</li>"
             "<li>Кожен перейнятий інструмент спершу перевіряють в одному департаменті, а вже потім поширюють рішенням виконкому.</li>"
             "</ul>"),
            ("quote", {
                "text": "Найцінніше в партнерстві — можливість подзвонити колезі, який уже пройшов той самий шлях, "
                        "і запитати, де були підводні камені.",
                "attribution": "Віталій Кравчук, координатор партнерства у Вінницькій міській раді",
            }),
        ],
        "themes": ["vidkryte-uriaduvannia", "merezha-mistsevoi-demokratii"],
        "tags": ["відкриті офіси", "відкриті дані", "обмін досвідом", "прозорість"],
        "hromada": "vinnytska-miska",
        "oblast": "vinnytska",
        "population_band": "100k_500k",
        "period_start": "2020-09-01",
        "period_end": None,
        "context": "regular",
        "outcomes": (
            "<p>За перший рік кожне місто запровадило щонайменше один інструмент партнерів. В усіх трьох містах зросла частка "
            "наборів відкритих даних, які оновлюються вчасно; Житомир і Тернопіль ухвалили регламенти онлайн-консультацій на "
            "основі спільного шаблону. Розвиток партнерства став одним із пріоритетів національної платформи діалогу на 2021 рік.</p>"
        ),
        "contact_name": "Віталій Кравчук",
        "contact_role": "координатор партнерства «Відкриті офіси»",
        "contact_email": "v.kravchuk@example.org",
        "date": "2021-02-09",
        "related": ["vidkryti-zvity-u-mikroraionakh-ternopil", "vidkryta-mapa-ukryttiv-zhytomyr", "dystantsiini-zasidannia-rady-zhytomyr"],
        "en": {
            "title": "“Open offices”: how Zhytomyr, Ternopil and Vinnytsia share open government tools",
            "summary": (
                "Three cities agreed not to reinvent the wheel each on their own but to pass proven solutions to each other: "
                "open data, public consultations and reports of executive bodies to residents."
            ),
            "body": [
                ("heading", "How the partnership started"),
                ("paragraph",
                 "<p>The “Open offices” partnership was created in 2020 with the support of the Council of Europe Congress programme "
                 "and the national platform for dialogue between central and local authorities. Zhytomyr, Ternopil and Vinnytsia "
                 "had a similar goal — to make the work of their executive bodies understandable to residents — but different experience. "
                 "Instead of three separate projects the cities chose an exchange: each shares what already works and adopts what "
                 "its neighbours do well.</p>"),
                ("heading", "What the cities exchanged"),
                ("table", {
                    "caption": "Tools exchanged between the cities",
                    "header": ["City", "Shared", "Adopted"],
                    "rows": [
                        ["Vinnytsia", "procedure for updating open data sets, with a named owner for each set", "open reports in neighbourhoods"],
                        ["Zhytomyr", "rules for online consultations on draft decisions", "open budget data standard"],
                        ["Ternopil", "open reports of executive bodies to neighbourhood residents", "rules for online consultations"],
                    ],
                }),
                ("heading", "How the work is organised"),
                ("paragraph",
                 "<ul>"
                 "<li>Each city has a partnership coordinator responsible for openness.</li>"
                 "<li>Coordinators meet online monthly and twice a year during a working visit to one of the cities.</li>"
                 "<li>All templates are kept in a shared folder and published in the community library.</li>"
                 "<li>Every adopted tool is first piloted in one department and then extended by a decision of the executive committee.</li>"
                 "</ul>"),
            ],
            "outcomes": (
                "<p>In the first year every city introduced at least one tool from its partners. The share of open data sets updated "
                "on time grew in all three cities; Zhytomyr and Ternopil adopted rules for online consultations based on a common template. "
                "Developing the partnership became one of the priorities of the national dialogue platform for 2021.</p>"
            ),
        },
    },
    {
        "slug": "produktova-dopomoha-za-vidkrytymy-kryteriiamy-chortkiv",
        "title": "Продуктова допомога на карантині за відкритими критеріями та з публічним звітом",
        "summary": (
            "Чортківська громада визначила зрозумілі критерії для отримання продуктових наборів, погодила їх із громадськими "
            "організаціями і щотижня публікувала знеособлений звіт про видачу."
        ),
        "body": [
            ("heading", "Чому критерії мають бути публічними"),
            ("paragraph",
             "<p>Навесні 2020 року громада спрямувала кошти резервного фонду на продуктові набори для мешканців, які втратили "
             "заробіток або не могли виходити з дому. Уже перші дні показали: коли незрозуміло, хто і чому отримує допомогу, "
             "з’являються чутки про «своїх», і недовіра поширюється на всю програму.</p>"),
            ("heading", "Кроки"),
            ("paragraph",
             "<ol>"
             "<li>Виконавчий комітет затвердив перелік категорій: самотні люди віком понад 65 років, люди з інвалідністю I–II груп, "
             "сім’ї з дітьми, які втратили дохід через карантин, внутрішньо переміщені особи без постійного заробітку.</li>"
             "<li>Проєкт критеріїв обговорили онлайн із благодійними фондами, парафіями та старостами, щоб ніхто не залишився поза увагою.</li>"
             "<li>Заявку можна було подати телефоном, через старосту або соціального працівника.</li>"
             "<li>Щоп’ятниці на сайті громади публікували звіт: скільки наборів видано, у яких населених пунктах, за якими "
             "категоріями і скільки коштів використано.</li>"
             "</ol>"),
            ("paragraph",
             "<p>Звіт не містив прізвищ і адрес — лише знеособлені цифри. Повний список отримувачів мала комісія, до складу якої "
             "увійшли двоє представників громадських організацій.</p>"),
        ],
        "themes": ["vriaduvannia-pid-chas-karantynu"],
        "tags": ["соціальна підтримка", "прозорість", "звітність"],
        "hromada": "chortkivska-miska",
        "oblast": "ternopilska",
        "population_band": "10k_50k",
        "period_start": "2020-04-01",
        "period_end": "2020-06-15",
        "context": "covid_quarantine",
        "outcomes": (
            "<p>За квітень—червень 2020 року громада видала понад дві тисячі продуктових наборів у місті та селах. Кошторис "
            "програми і всі тижневі звіти залишилися у відкритому доступі. До комісії не надійшло жодної скарги на упереджений "
            "розподіл, а ту саму модель критеріїв згодом використали для зимової програми підтримки.</p>"
        ),
        "contact_name": "Марія Сорока",
        "contact_role": "начальниця відділу соціального захисту населення",
        "contact_email": "m.soroka@example.org",
        "date": "2020-06-25",
        "related": ["hariacha-liniia-dlia-liudei-starshoho-viku-ternopil"],
        "en": None,
    },
    # ------------------------------------------------------------------ elections during COVID-19, IDP voting rights
    {
        "slug": "sanitarnyi-protokol-vyborchykh-dilnyts-slavuta",
        "title": "Санітарний протокол для виборчих дільниць на місцевих виборах 2020 року",
        "summary": (
            "Славутська громада допомогла виборчим комісіям підготувати дільниці до голосування під час пандемії: "
            "засоби захисту, розведення потоків виборців і короткі інструктажі для членів комісій."
        ),
        "body": [
            ("heading", "Завдання"),
            ("paragraph",
             "<p>Місцеві вибори 25 жовтня 2020 року припали на осінній підйом захворюваності. Члени дільничних комісій працюють "
             "по п’ятнадцять і більше годин поспіль у невеликих приміщеннях, а серед виборців багато людей старшого віку. "
             "Громада не організовує голосування — це робота комісій, — але саме вона надає приміщення і може зробити їх безпечнішими.</p>"),
            ("heading", "Що підготували"),
            ("table", {
                "caption": "Мінімальний набір для однієї дільниці",
                "header": ["Що", "Кількість", "Для чого"],
                "rows": [
                    ["Маски для членів комісії", "6 на людину", "заміна кожні 3–4 години"],
                    ["Маски для виборців без власних", "150–200", "видача на вході"],
                    ["Антисептик", "5 л", "обробка рук на вході й біля кабін"],
                    ["Запасні ручки та серветки для їх обробки", "за потребою", "щоб виборці не користувалися однією ручкою"],
                    ["Розмітка на підлозі й вказівники", "1 комплект", "дистанція в черзі та окремий вихід"],
                    ["Безконтактний термометр", "1", "перевірка самопочуття членів комісії на початку зміни"],
                ],
            }),
            ("heading", "Навчання і комунікація"),
            ("paragraph",
             "<p>Для членів комісій провели дві короткі зустрічі з лікарем центру первинної медичної допомоги: як правильно носити "
             "маску, як часто провітрювати приміщення, що робити, якщо виборець має ознаки хвороби. Виборцям через місцеву газету, "
             "радіо і сторінку громади заздалегідь порадили взяти власну ручку й маску та за можливості прийти в менш завантажений час.</p>"
             "<p>Обов’язкові протиепідемічні вимоги визначали Міністерство охорони здоров’я та <a href=\"https://www.cvk.gov.ua\">Центральна "
             "виборча комісія</a>; громада забезпечила їх практичне виконання на кожній дільниці.</p>"),
            ("quote", {
                "text": "Найбільше допомогла розмітка і окремий вихід: черги не було навіть у пікові години, а люди бачили, що про їхнє здоров’я подбали.",
                "attribution": "Ірина Мартинюк, голова дільничної виборчої комісії",
            }),
        ],
        "themes": ["vybory-pid-chas-covid-19", "vriaduvannia-pid-chas-karantynu"],
        "tags": ["вибори 2020", "безпека", "covid-19"],
        "hromada": "slavutska-miska",
        "oblast": "khmelnytska",
        "population_band": "10k_50k",
        "period_start": "2020-09-15",
        "period_end": "2020-10-25",
        "context": "elections",
        "outcomes": (
            "<p>До 22 жовтня всі дільниці громади отримали однаковий набір засобів захисту й розмітку. У день голосування жодна "
            "дільниця не припинила роботу через нестачу членів комісії. Залишки засобів захисту після виборів передали школам, "
            "а перелік закупівель і витрати оприлюднили на сайті громади.</p>"
        ),
        "contact_name": "Петро Кравець",
        "contact_role": "заступник міського голови",
        "contact_email": "p.kravets@example.org",
        "date": "2020-11-18",
        "related": ["audyt-dostupnosti-vyborchykh-dilnyts-novoukrainka", "vyborcha-adresa-dlia-pereselentsiv-kramatorsk"],
        "en": None,
    },
    {
        "slug": "vyborcha-adresa-dlia-pereselentsiv-kramatorsk",
        "title": "«Мій голос — тут»: інформаційна кампанія для переселенців про зміну виборчої адреси",
        "summary": (
            "Перед місцевими виборами 2020 року Краматорськ пояснював внутрішньо переміщеним особам, як змінити виборчу адресу "
            "і голосувати там, де вони справді живуть, і допомагав подати заяву."
        ),
        "body": [
            ("heading", "Контекст"),
            ("paragraph",
             "<p>Краматорськ прихистив десятки тисяч людей, які з 2014 року були змушені залишити свої домівки. Роками вони жили, "
             "працювали і сплачували податки в місті, але не могли голосувати на місцевих виборах. Виборчий кодекс, що набрав "
             "чинності 2020 року, дозволив змінити виборчу адресу за заявою, без реєстрації місця проживання. Однак про цю "
             "можливість знали небагато, а процедура здавалася складною.</p>"
             "<p>Того ж року <a href=\"https://www.coe.int/en/web/congress\">Конгрес місцевих і регіональних влад Ради Європи</a> "
             "окремо наголосив, що внутрішньо переміщені особи мають право голосувати на місцевих виборах там, де вони фактично мешкають.</p>"),
            ("heading", "Що зробили"),
            ("paragraph",
             "<ul>"
             "<li>Разом із відділом ведення Державного реєстру виборців підготували покрокову пам’ятку: які документи потрібні, "
             "куди звертатися, до якого часу можна подати заяву.</li>"
             "<li>Пам’ятку поширили в ЦНАП, управлінні соціального захисту, поліклініках, гуртожитках і через громадські організації переселенців.</li>"
             "<li>Двічі на тиждень консультанти працювали там, де переселенці отримують інші послуги, і допомагали заповнити заяву на місці.</li>"
             "<li>Громадські організації провели серію зустрічей «Голос переселенця» про те, чому участь у місцевих виборах важлива.</li>"
             "</ul>"),
            ("quote", {
                "text": "Я шостий рік живу в Краматорську, діти ходять тут до школи. Тепер я нарешті можу обирати тих, хто вирішує, "
                        "яким буде наше подвір’я.",
                "attribution": "учасниця зустрічі «Голос переселенця»",
            }),
            ("heading", "Чого навчилися"),
            ("paragraph",
             "<p>Найдієвішою виявилася особиста консультація поруч з іншими послугами: людина, яка прийшла по довідку, за кілька "
             "хвилин подавала і заяву про зміну виборчої адреси. Друковані пам’ятки працювали гірше, ніж оголошення в чатах "
             "будинків і гуртожитків.</p>"),
        ],
        "themes": ["vybory-pid-chas-covid-19", "prava-liudyny"],
        "tags": ["переселенці", "виборчі права", "вибори 2020", "комунікація"],
        "hromada": "kramatorska-miska",
        "oblast": "donetska",
        "population_band": "100k_500k",
        "period_start": "2020-07-15",
        "period_end": "2020-10-25",
        "context": "elections",
        "outcomes": (
            "<p>За неповні три місяці консультанти провели понад 1 500 консультацій. За даними відділу ведення реєстру, кількість "
            "заяв про зміну виборчої адреси в ці місяці була в рази більшою, ніж навесні. Пам’ятку в адаптованому вигляді "
            "використали ще кілька громад Донеччини.</p>"
        ),
        "contact_name": "Світлана Литвиненко",
        "contact_role": "головна спеціалістка відділу взаємодії з громадськістю",
        "contact_email": "s.lytvynenko@example.org",
        "date": "2020-12-03",
        "related": ["sanitarnyi-protokol-vyborchykh-dilnyts-slavuta", "yedyne-vikno-dlia-vpo-vinnytsia"],
        "en": {
            "title": "“My vote is here”: an information campaign for IDPs on changing their electoral address",
            "summary": (
                "Before the 2020 local elections Kramatorsk explained to internally displaced persons how to change their electoral "
                "address and vote where they actually live, and helped them to apply."
            ),
            "body": [
                ("heading", "Context"),
                ("paragraph",
                 "<p>Kramatorsk has taken in tens of thousands of people forced to leave their homes since 2014. For years they lived, "
                 "worked and paid taxes in the city but could not vote in local elections. The Electoral Code in force since 2020 allows "
                 "voters to change their electoral address on application, without registering their residence. Few people knew about "
                 "this option, and the procedure seemed complicated.</p>"
                 "<p>The same year the <a href=\"https://www.coe.int/en/web/congress\">Congress of Local and Regional Authorities of the "
                 "Council of Europe</a> stressed that internally displaced persons should be able to vote in local elections where they actually live.</p>"),
                ("heading", "What was done"),
                ("paragraph",
                 "<ul>"
                 "<li>Together with the voter register office the city prepared a step-by-step leaflet: documents, where to apply, deadlines.</li>"
                 "<li>The leaflet was distributed in the administrative service centre, social protection offices, clinics, dormitories and through IDP organisations.</li>"
                 "<li>Twice a week advisers worked where IDPs receive other services and helped fill in the application on the spot.</li>"
                 "<li>Civil society organisations held a series of “IDP voice” meetings on why taking part in local elections matters.</li>"
                 "</ul>"),
                ("heading", "Lessons learned"),
                ("paragraph",
                 "<p>Face-to-face advice next to other services worked best: a person who came for a certificate could submit the "
                 "application in a few minutes. Printed leaflets were less effective than messages in building and dormitory chats.</p>"),
            ],
            "outcomes": (
                "<p>In less than three months the advisers gave more than 1,500 consultations. According to the voter register office, "
                "the number of applications to change the electoral address in these months was several times higher than in spring. "
                "Several other hromadas of Donetsk oblast used an adapted version of the leaflet.</p>"
            ),
        },
    },
    {
        "slug": "audyt-dostupnosti-vyborchykh-dilnyts-novoukrainka",
        "title": "Аудит доступності виборчих дільниць перед місцевими виборами",
        "summary": (
            "Новоукраїнська громада разом з організацією людей з інвалідністю перевірила всі приміщення для голосування "
            "і до дня виборів усунула більшість бар’єрів."
        ),
        "body": [
            ("heading", "Навіщо"),
            ("paragraph",
             "<p>Право голосу нічого не варте, якщо людина не може дістатися до скриньки. Під час попередніх виборів мешканці "
             "на кріслах колісних, батьки з візочками і люди старшого віку скаржилися на високі ґанки, вузькі двері й кабіни "
             "на другому поверсі. Пандемія додала ще одну причину: черга на вузьких сходах — це й ризик інфекції.</p>"),
            ("heading", "Як проводили аудит"),
            ("paragraph",
             "<ol>"
             "<li>Громадська організація людей з інвалідністю склала короткий чекліст: під’їзд і паркування, вхід, ширина дверей, "
             "поверх, освітлення, місце для кабіни, доступний туалет.</li>"
             "<li>Трійки аудиторів — працівник виконкому, представник організації та волонтер на кріслі колісному — обійшли всі "
             "приміщення і сфотографували проблемні місця.</li>"
             "<li>За результатами склали перелік робіт: що можна виправити до виборів за невеликі кошти, а що потребує капітального ремонту.</li>"
             "<li>Там, де безбар’єрний вхід облаштувати не вдалося, виборчим комісіям запропонували інші приміщення на першому поверсі.</li>"
             "</ol>"),
            ("table", {
                "caption": "Результати аудиту (з 31 приміщення для голосування)",
                "header": ["Показник", "До аудиту", "У день виборів"],
                "rows": [
                    ["Безбар’єрний вхід", "9", "24"],
                    ["Тимчасовий пандус", "2", "11"],
                    ["Приміщення на першому поверсі", "27", "31"],
                    ["Кабіна, доступна для людини на кріслі колісному", "3", "31"],
                ],
            }),
            ("quote", {
                "text": "Уперше за багато років я голосувала сама, без того щоб мене заносили сходами. Це про гідність, а не лише про пандус.",
                "attribution": "Людмила, мешканка Новоукраїнки",
            }),
        ],
        "themes": ["vybory-pid-chas-covid-19", "prava-liudyny"],
        "tags": ["доступність", "вибори 2020", "люди з інвалідністю", "виборчі права"],
        "hromada": "novoukrainska-miska",
        "oblast": "kirovohradska",
        "population_band": "10k_50k",
        "period_start": "2020-08-10",
        "period_end": "2020-10-20",
        "context": "elections",
        "outcomes": (
            "<p>Кількість приміщень для голосування з безбар’єрним входом зросла з 9 до 24, а всі дільниці розмістили на першому "
            "поверсі. Витрати на тимчасові пандуси й дрібні ремонти не перевищили кошторису резервного фонду. Чекліст аудиту громада "
            "тепер використовує і для інших публічних будівель.</p>"
        ),
        "contact_name": "Андрій Сидоренко",
        "contact_role": "головний спеціаліст з питань доступності",
        "contact_email": "a.sydorenko@example.org",
        "date": "2020-11-05",
        "related": ["sanitarnyi-protokol-vyborchykh-dilnyts-slavuta", "molodizhnyi-monitorynh-dostupnosti-pokrovsk"],
        "en": None,
    },
    {
        "slug": "molodizhni-debaty-kandydativ-kostiantynivka",
        "title": "Молодіжні дебати кандидатів на місцевих виборах",
        "summary": (
            "Молодіжна рада Костянтинівки організувала відкриті дебати кандидатів до міської ради з питаннями, "
            "які зібрала серед школярів і студентів."
        ),
        "body": [
            ("heading", "Ідея"),
            ("paragraph",
             "<p>Молоді люди рідко ходять на вибори, бо не бачать, як рішення ради стосуються їхнього життя. Молодіжна рада вирішила "
             "показати це наочно: попросити кандидатів відповісти саме на ті питання, які хвилюють молодь, — від роботи громадського "
             "транспорту ввечері до першого робочого місця.</p>"
             "<p>Питання збирали через онлайн-анкету в школах, коледжі та на сторінці молодіжної ради; з понад трьохсот пропозицій "
             "відібрали дванадцять найчастіших.</p>"),
            ("heading", "Правила, які забезпечили довіру"),
            ("paragraph",
             "<ul>"
             "<li>Запрошення отримали всі партії, які висунули кандидатів до міської ради, в один день і в однаковій формі.</li>"
             "<li>Порядок виступів визначали жеребкуванням, час відповіді — таймером на екрані.</li>"
             "<li>Модератори з молодіжної ради пройшли навчання і не висловлювали власних політичних поглядів.</li>"
             "<li>У залі не дозволяли агітаційних матеріалів; усе транслювали наживо.</li>"
             "<li>Через карантин у залі була лише третина місць, решта глядачів ставила питання в онлайн-чаті.</li>"
             "</ul>"),
            ("quote", {
                "text": "Кандидати спершу сприймали нас як школярів, а після першого раунду почали готуватися до дебатів серйозніше, ніж до телеефірів.",
                "attribution": "Дмитро Олійник, голова молодіжної ради",
            }),
            ("heading", "Що було далі"),
            ("paragraph",
             "<p>Після виборів молодіжна рада запросила обраних депутатів на зустріч «Сто днів: що з обіцяного?» і звірила відповіді "
             "з дебатів із тим, що вже зроблено.</p>"),
        ],
        "themes": ["uchast-molodi", "vybory-pid-chas-covid-19"],
        "tags": ["молодіжна рада", "вибори 2020", "молодь"],
        "hromada": "kostiantynivska-miska",
        "oblast": "donetska",
        "population_band": "50k_100k",
        "period_start": "2020-09-20",
        "period_end": "2020-10-20",
        "context": "elections",
        "outcomes": (
            "<p>Відбулося три раунди дебатів за участі 14 кандидатів від восьми партій. Записи трансляцій переглянули тисячі "
            "разів. Формат зустрічі «Сто днів» молодіжна рада зробила щорічним, а дві пропозиції з дебатів — вечірні рейси "
            "автобусів і молодіжний простір у бібліотеці — увійшли до міської молодіжної програми.</p>"
        ),
        "contact_name": "Дмитро Олійник",
        "contact_role": "голова молодіжної ради",
        "contact_email": "d.oliinyk@example.org",
        "date": "2020-12-15",
        "related": ["shkola-molodizhnoho-liderstva-bakhmut", "molodizhnyi-biudzhet-uchasti-mariupol"],
        "en": None,
    },
    # ------------------------------------------------------------------ youth participation
    {
        "slug": "molodizhnyi-biudzhet-uchasti-mariupol",
        "title": "Молодіжний бюджет участі: окрема квота для проєктів молоді 14–35 років",
        "summary": (
            "Маріуполь виділив частину громадського бюджету на проєкти, які подають молоді люди і за які вони ж голосують; "
            "авторів проєктів супроводжували наставники з міської ради."
        ),
        "body": [
            ("heading", "Як це влаштовано"),
            ("paragraph",
             "<p>У загальному конкурсі громадського бюджету молодіжні ідеї часто програвали великим інфраструктурним проєктам, "
             "за які голосують цілі мікрорайони. Тому місто виокремило молодіжну квоту: подати проєкт у цій категорії і голосувати в ній могли "
             "лише мешканці віком від 14 до 35 років, а максимальна вартість проєкту була меншою, ніж у загальній категорії.</p>"),
            ("table", {
                "caption": "Цикл молодіжного бюджету участі",
                "header": ["Етап", "Строки", "Що відбувається"],
                "rows": [
                    ["Школа авторів проєктів", "лютий", "три онлайн-заняття: як описати проблему, скласти кошторис, знайти партнерів"],
                    ["Подання проєктів", "березень", "онлайн-форма; наставник допомагає з кошторисом"],
                    ["Експертиза", "квітень", "оцінка реалістичності виконавчими органами, публічні коментарі"],
                    ["Голосування", "травень", "онлайн і в молодіжних центрах"],
                    ["Виконання і звіт", "червень — грудень", "автори стежать за реалізацією, звіт на сайті"],
                ],
            }),
            ("heading", "Наставництво"),
            ("paragraph",
             "<p>Кожен автор міг закріпити за собою наставника — працівника департаменту, до компетенції якого належить проєкт. "
             "Наставник не писав проєкт замість автора, але пояснював, що можна зробити на земельній ділянці, скільки насправді "
             "коштує обладнання і хто відповідатиме за об’єкт після реалізації.</p>"),
            ("quote", {
                "text": "Для мене це був перший досвід, коли доросла інституція говорила зі мною як із партнером, а не як із «підростаючим поколінням».",
                "attribution": "Анастасія, авторка проєкту вуличної тренувальної зали",
            }),
            ("paragraph",
             "<p><i>Примітка редакції (2022): з 2022 року Маріуполь перебуває під тимчасовою окупацією Російської Федерації. "
             "Практику залишено в бібліотеці як свідчення досвіду громади та приклад для інших міст.</i></p>"),
        ],
        "themes": ["uchast-molodi", "vidkryte-uriaduvannia"],
        "tags": ["бюджет участі", "молодь", "наставництво"],
        "hromada": "mariupolska-miska",
        "oblast": "donetska",
        "population_band": "100k_500k",
        "period_start": "2020-02-01",
        "period_end": "2021-12-31",
        "context": "regular",
        "outcomes": (
            "<p>За два цикли молоді люди подали понад сімдесят проєктів, з яких реалізовано кілька десятків: вуличні тренувальні "
            "майданчики, обладнання для шкільних медіастудій, простори для навчання в бібліотеках. Частка голосувальників віком "
            "до 35 років у загальному громадському бюджеті також зросла.</p>"
        ),
        "contact_name": "Катерина Бойко",
        "contact_role": "головна спеціалістка відділу молодіжної політики",
        "contact_email": "k.boiko@example.org",
        "date": "2021-06-22",
        "related": ["molodizhni-debaty-kandydativ-kostiantynivka", "stazhuvannia-studentiv-kramatorsk"],
        "en": None,
    },
    {
        "slug": "shkola-molodizhnoho-liderstva-bakhmut",
        "title": "Школа молодіжного лідерства: від ідеї до звернення в міську раду",
        "summary": (
            "Школа молодіжного лідерства в Бахмуті навчала старшокласників і студентів, як працює місцеве самоврядування, "
            "і супроводжувала їх до подання власних ініціатив."
        ),
        "body": [
            ("heading", "Про школу"),
            ("paragraph",
             "<p>Школа об'єднала 25 учасників віком від 15 до 22 років із різних шкіл, коледжів і громадських організацій міста. "
             "Заняття проходили щосуботи протягом двох місяців, частково онлайн через карантин. Головна умова участі — прийти зі своєю "
             "ідеєю, яка стосується життя міста, а вийти з готовим зверненням, петицією чи проєктом.</p>"),
            ("heading", "Програма"),
            ("paragraph",
             "<ol>"
             "<li>Як влаштована громада: рада, виконком, старости, бюджет.</li>"
             "<li>Інструменти участі: петиції, місцеві ініціативи, громадські слухання, бюджет участі.</li>"
             "<li>Як говорити з посадовцем: зустріч, інтерв'ю, офіційний запит.</li>"
             "<li>Робота з даними: де знайти інформацію про бюджет і рішення ради.</li>"
             "<li>Публічний виступ і презентація ідеї перед депутатами.</li>"
             "</ol>"),
            ("quote", {
                "text": "Ми думали, що в раді нас ніхто не слухатиме. А виявилося, що найважче - правильно сформулювати, чого ми хочемо. "
                        "Коли це вдалося, зв'язок з'явився сам.",
                "attribution": "Софія, випускниця школи",
            }),
            ("heading", "Результат школи — не сертифікат, а звернення"),
            ("paragraph",
             "<p>Наприкінці кожна команда презентувала свою ініціативу на відкритій зустрічі з депутатами та працівниками виконкому. "
             "Кожну ініціативу закріпили за відповідальним підрозділом, який мав дати письмову відповідь протягом місяця.</p>"),
            ("paragraph",
             "<p><i>Примітка редакції (2023): Бахмут зруйновано під час бойових дій, з травня 2023 року місто перебуває під тимчасовою "
             "окупацією. Частина випускників школи продовжує громадську роботу в інших громадах.</i></p>"),
        ],
        "themes": ["uchast-molodi", "merezha-mistsevoi-demokratii"],
        "tags": ["молодь", "лідерство", "участь мешканців"],
        "hromada": "bakhmutska-miska",
        "oblast": "donetska",
        "population_band": "50k_100k",
        "period_start": "2020-09-05",
        "period_end": "2021-05-29",
        "context": "regular",
        "outcomes": (
            "<p>Дві хвилі школи закінчили 47 учасників. Вони підготували 11 ініціатив; шість підтримано повністю або частково, "
            "зокрема облаштування велопарковок біля шкіл і продовження роботи читальної зали бібліотеки у вечірній час. "
            "Четверо випускників увійшли до складу молодіжної ради міста.</p>"
        ),
        "contact_name": "Олександр Ткаченко",
        "contact_role": "керівник молодіжного центру",
        "contact_email": "o.tkachenko@example.org",
        "date": "2021-07-08",
        "related": ["molodizhni-debaty-kandydativ-kostiantynivka", "molodizhnyi-prostir-starobilsk"],
        "en": None,
    },
    {
        "slug": "molodizhnyi-prostir-starobilsk",
        "title": "Молодіжний простір у міській бібліотеці для місцевої молоді та студентів-переселенців",
        "summary": (
            "Старобільська громада перетворила читальну залу бібліотеки на відкритий молодіжний простір, де місцева молодь "
            "і студенти переміщеного університету разом навчаються, працюють над проєктами й зустрічаються з депутатами."
        ),
        "body": [
            ("heading", "Контекст"),
            ("paragraph",
             "<p>Після 2014 року до Старобільська переїхав Луганський національний університет імені Тараса Шевченка, і в невеликому "
             "місті з’явилися сотні студентів з інших громад. Місцева молодь і студенти-переселенці перетиналися мало: у місті "
             "бракувало місць, де можна безкоштовно посидіти з ноутбуком, провести зустріч чи репетицію.</p>"),
            ("heading", "Що зробили"),
            ("paragraph",
             "<ul>"
             "<li>Молодіжна рада разом з бібліотекою провела опитування: що має бути в просторі і в який час він потрібен.</li>"
             "<li>Читальну залу переобладнали: мобільні меблі, стабільний інтернет, розетки біля кожного столу, проєктор.</li>"
             "<li>Простір працює до 20:00, а графік заходів складає рада простору, до якої входять і школярі, і студенти.</li>"
             "<li>Раз на місяць у просторі проходить «відкритий мікрофон» з депутатами та працівниками виконкому.</li>"
             "</ul>"),
            ("quote", {
                "text": "Тут я вперше відчула, що Старобільськ — не лише місто, де я вчуся, а й моя громада.",
                "attribution": "Вікторія, студентка",
            }),
            ("paragraph",
             "<p><i>Примітка редакції (2022): з березня 2022 року Старобільськ тимчасово окупований, університет вдруге переміщено. "
             "Досвід простору використовують громади, які приймають переселену молодь.</i></p>"),
        ],
        "themes": ["uchast-molodi", "prava-liudyny"],
        "tags": ["молодь", "переселенці", "молодіжна рада"],
        "hromada": "starobilska-miska",
        "oblast": "luhanska",
        "population_band": "10k_50k",
        "period_start": "2020-10-01",
        "period_end": "2021-12-31",
        "context": "regular",
        "outcomes": (
            "<p>За перший рік простір відвідували в середньому понад сорок людей на день; тут відбулося понад 120 заходів, "
            "третину з яких організували самі відвідувачі. На «відкритих мікрофонах» молодь порушила питання освітлення дороги "
            "до гуртожитків — його вирішили наступного бюджетного року.</p>"
        ),
        "contact_name": "Юлія Гребенюк",
        "contact_role": "директорка міської бібліотеки",
        "contact_email": "y.hrebeniuk@example.org",
        "date": "2021-10-12",
        "related": ["shkola-molodizhnoho-liderstva-bakhmut", "yedyne-vikno-dlia-vpo-vinnytsia"],
        "en": None,
    },
    {
        "slug": "stazhuvannia-studentiv-kramatorsk",
        "title": "Літнє стажування студентів у виконавчих органах міської ради",
        "summary": (
            "Щоліта студенти проходять у виконавчих органах Краматорської міської ради оплачуване стажування з конкретним "
            "завданням і наставником, а наприкінці публічно презентують результат."
        ),
        "body": [
            ("heading", "Навіщо місту стажери"),
            ("paragraph",
             "<p>Міська рада конкурує за молодих фахівців із бізнесом і великими містами. Стажування дає студентам змогу побачити "
             "місцеве самоврядування зсередини, а департаментам — свіжий погляд і потенційних працівників.</p>"),
            ("table", {
                "caption": "Приклади завдань стажерів 2021 року",
                "header": ["Підрозділ", "Стажерів", "Завдання"],
                "rows": [
                    ["Управління освіти", "3", "опитування випускників про профорієнтацію"],
                    ["Департамент економіки", "2", "мапа вільних приміщень для малого бізнесу"],
                    ["Відділ інформаційної політики", "3", "відеоінструкції про адміністративні послуги"],
                    ["Управління соціального захисту", "2", "аналіз звернень людей старшого віку"],
                ],
            }),
            ("heading", "Правила програми"),
            ("paragraph",
             "<ul>"
             "<li>Відбір відкритий: мотиваційний лист і коротка співбесіда, без вимог щодо «знайомств».</li>"
             "<li>Кожен стажер має письмове завдання і наставника, який виділяє на нього щонайменше годину на день.</li>"
             "<li>Стажування триває шість тижнів і оплачується з міської молодіжної програми.</li>"
             "<li>Фінал — публічна презентація перед керівниками підрозділів і всіма охочими.</li>"
             "</ul>"),
        ],
        "themes": ["uchast-molodi"],
        "tags": ["молодь", "наставництво", "зайнятість"],
        "hromada": "kramatorska-miska",
        "oblast": "donetska",
        "population_band": "100k_500k",
        "period_start": "2021-06-14",
        "period_end": "2021-08-27",
        "context": "regular",
        "outcomes": (
            "<p>У 2021 році стажування пройшли 10 студентів із 58 кандидатів. Мапу вільних приміщень опублікували на сайті міста, "
            "а відеоінструкції стали частиною сторінки ЦНАП. Двоє стажерів після закінчення навчання прийшли на роботу до міської ради.</p>"
        ),
        "contact_name": "Тарас Бондаренко",
        "contact_role": "голова молодіжної ради",
        "contact_email": "t.bondarenko@example.org",
        "date": "2021-09-28",
        "related": ["molodizhnyi-biudzhet-uchasti-mariupol"],
        "en": None,
    },
    # ------------------------------------------------------------------ gender equality
    {
        "slug": "hendernyi-analiz-biudzhetu-dobrosyn-maheriv",
        "title": "Гендерний аналіз бюджетних програм у малій сільській громаді",
        "summary": (
            "Добросинсько-Магерівська громада проаналізувала три бюджетні програми з погляду того, хто саме ними користується, "
            "і змінила розклад шкільного автобуса та гуртків так, щоб вони були зручними для різних родин."
        ),
        "body": [
            ("heading", "Чому мала громада взялася за гендерний аналіз"),
            ("paragraph",
             "<p>Гендерно орієнтоване бюджетування часто вважають справою великих міст з окремими аналітичними відділами. "
             "У громаді, де живе менше десяти тисяч людей, усі знають одне одного, тож здавалося, що потреби мешканців і так зрозумілі. "
             "Аналіз показав, що це не зовсім так.</p>"),
            ("heading", "Методика"),
            ("paragraph",
             "<ol>"
             "<li>Обрали три програми, які стосуються щоденного життя: підвезення школярів, позашкільні гуртки та підтримку людей старшого віку.</li>"
             "<li>Зібрали знеособлені дані про отримувачів за статтю та віком з журналів відвідування і відомостей.</li>"
             "<li>Провели чотири фокус-групи: з матерями, батьками, старшокласниками та людьми старшого віку.</li>"
             "<li>Порівняли, хто користується послугою, кому вона потрібна і що заважає.</li>"
             "</ol>"),
            ("table", {
                "caption": "Що показав аналіз",
                "header": ["Програма", "Що з’ясували", "Що змінили"],
                "rows": [
                    ["Підвезення школярів", "останній рейс о 14:30 не дозволяв дітям залишатися на гуртки, забирати їх доводилося переважно матерям", "додали вечірній рейс о 17:15"],
                    ["Позашкільні гуртки", "спортивні секції відвідували майже лише хлопці, дівчата називали причиною розклад і брак роздягалень", "новий розклад, окрема роздягальня, секція волейболу"],
                    ["Підтримка людей старшого віку", "самотні чоловіки старшого віку майже не зверталися по допомогу, хоча потребували її", "соціальні працівники почали обходити домогосподарства самотніх людей"],
                ],
            }),
            ("quote", {
                "text": "Ми не витратили жодної додаткової гривні на сам аналіз, а рішення, ухвалені за його результатами, коштували менше, ніж один ремонт дороги.",
                "attribution": "Наталія Федорович, начальниця фінансового відділу",
            }),
        ],
        "themes": ["genderna-rivnist"],
        "tags": ["гендерний бюджет", "рівні можливості", "старостинські округи"],
        "hromada": "dobrosynsko-magerivska",
        "oblast": "lvivska",
        "population_band": "lt10k",
        "period_start": "2020-08-03",
        "period_end": "2020-12-18",
        "context": "regular",
        "outcomes": (
            "<p>Відвідуваність гуртків у старостинських округах за рік зросла приблизно на третину, частка дівчат у спортивних "
            "секціях тепер кожна третя — дівчина (раніше була кожна десята). Громада закріпила гендерний аналіз у порядку підготовки "
            "бюджетних програм на наступний рік.</p>"
        ),
        "contact_name": "Наталія Федорович",
        "contact_role": "начальниця фінансового відділу",
        "contact_email": "n.fedorovych@example.org",
        "date": "2021-01-26",
        "related": ["rada-rivnykh-mozhlyvostei-chortkiv", "prohulianky-bezpeky-vinnytsia"],
        "en": {
            "title": "Gender analysis of budget programmes in a small rural hromada",
            "summary": (
                "Dobrosyn-Maheriv hromada analysed who actually uses three of its budget programmes and changed the school bus "
                "timetable and after-school clubs to suit different families."
            ),
            "body": [
                ("heading", "Why a small hromada did a gender analysis"),
                ("paragraph",
                 "<p>Gender-responsive budgeting is often seen as a task for big cities with their own analysts. In a hromada of fewer "
                 "than ten thousand people everyone knows each other, so residents’ needs seemed obvious. The analysis showed otherwise.</p>"),
                ("heading", "Method"),
                ("paragraph",
                 "<ol>"
                 "<li>Three programmes touching daily life were chosen: school transport, after-school clubs and support for older people.</li>"
                 "<li>Anonymised data on users by sex and age were collected from attendance records.</li>"
                 "<li>Four focus groups were held: with mothers, fathers, senior pupils and older residents.</li>"
                 "<li>The team compared who uses each service, who needs it and what stands in the way.</li>"
                 "</ol>"),
                ("table", {
                    "caption": "What the analysis showed",
                    "header": ["Programme", "Finding", "Change"],
                    "rows": [
                        ["School transport", "the last bus at 14:30 made after-school clubs impossible; mostly mothers had to collect children", "an extra bus at 17:15"],
                        ["After-school clubs", "sports clubs were attended almost only by boys; girls cited the timetable and lack of changing rooms", "new timetable, separate changing room, a volleyball club"],
                        ["Support for older people", "older men living alone rarely asked for help although they needed it", "social workers started visiting single-person households"],
                    ],
                }),
                ("quote", {
                    "text": "The analysis itself did not cost a single extra hryvnia, and the decisions it led to cost less than one road repair.",
                    "attribution": "Nataliia Fedorovych, head of the finance department",
                }),
            ],
            "outcomes": (
                "<p>Within a year attendance of clubs in the villages rose by about a third, and the share of girls in sports clubs grew "
                "from one in ten to one in three. The hromada made gender analysis a standard step in preparing budget programmes.</p>"
            ),
        },
    },
    {
        "slug": "rada-rivnykh-mozhlyvostei-chortkiv",
        "title": "Консультативна рада з питань рівних можливостей при виконавчому комітеті",
        "summary": (
            "У Чорткові діє консультативна рада, яка перевіряє проєкти рішень на відповідність принципу рівних можливостей "
            "жінок і чоловіків і щороку звітує перед громадою."
        ),
        "body": [
            ("heading", "Як виникла рада"),
            ("paragraph",
             "<p>Ідея з’явилася після навчального курсу «Гендерні ініціативи на місцевому рівні», який пройшли кілька працівників "
             "виконкому. Вони запропонували не створювати окремий підрозділ, а зібрати людей, які вже працюють з темою: соціальних "
             "працівників, освітян, представників громадських організацій і поліції.</p>"),
            ("heading", "Склад і повноваження"),
            ("paragraph",
             "<ul>"
             "<li>До ради входять 11 осіб; щонайменше третина — представники громадських організацій, склад збалансований за статтю.</li>"
             "<li>Рада дає рекомендації щодо проєктів рішень про бюджет, соціальні програми, облаштування громадських просторів.</li>"
             "<li>Рекомендації не є обов’язковими, але виконком має письмово пояснити, чому не врахував їх.</li>"
             "<li>Щороку рада публікує звіт і проводить відкриту зустріч з мешканцями.</li>"
             "</ul>"),
            ("heading", "Перші рішення"),
            ("paragraph",
             "<p>Серед перших рекомендацій — облаштування кімнат матері й дитини в ЦНАП і поліклініці, включення даних у розрізі "
             "статі до звітів про виконання програм, а також навчання для працівників служби у справах дітей щодо протидії домашньому насильству.</p>"),
            ("quote", {
                "text": "Рада не замінює посадовців, вона ставить їм незручні запитання вчасно — до того, як рішення ухвалене.",
                "attribution": "Наталія Ткачук, заступниця міського голови",
            }),
        ],
        "themes": ["genderna-rivnist", "merezha-mistsevoi-demokratii"],
        "tags": ["рівні можливості", "гендерний курс", "гендерний бюджет", "участь мешканців"],
        "hromada": "chortkivska-miska",
        "oblast": "ternopilska",
        "population_band": "10k_50k",
        "period_start": "2021-02-15",
        "period_end": None,
        "context": "regular",
        "outcomes": (
            "<p>За перший рік рада розглянула 19 проєктів рішень і надала рекомендації до дев’яти; сім з них враховано повністю "
            "або частково. Дані в розрізі статі з’явилися у звітах про виконання всіх соціальних програм громади.</p>"
        ),
        "contact_name": "Наталія Ткачук",
        "contact_role": "заступниця міського голови",
        "contact_email": "n.tkachuk@example.org",
        "date": "2021-11-16",
        "related": ["hendernyi-analiz-biudzhetu-dobrosyn-maheriv", "nastavnytstvo-dlia-deputatok-khmilnyk"],
        "en": None,
    },
    {
        "slug": "prohulianky-bezpeky-vinnytsia",
        "title": "«Прогулянки безпеки»: гендерно чутливий аудит громадських просторів",
        "summary": (
            "Мешканки й мешканці Вінниці разом із працівниками міської ради пройшли вечірніми маршрутами районів і склали перелік "
            "місць, де люди почуваються небезпечно; частину проблем усунули того ж року."
        ),
        "body": [
            ("heading", "Метод"),
            ("paragraph",
             "<p>«Прогулянка безпеки» — це пішохідний аудит, під час якого група мешканців проходить звичним для себе маршрутом "
             "у темну пору доби й фіксує все, що викликає тривогу: темні ділянки, глухі паркани, відсутність людей поруч, "
             "зупинки без освітлення. Жінки, підлітки, люди старшого віку й люди з інвалідністю бачать місто по-різному, тому "
             "до кожної групи запрошували різних учасників.</p>"),
            ("heading", "Маршрути"),
            ("table", {
                "caption": "Маршрути 2021 року",
                "header": ["Маршрут", "Хто брав участь", "Головні проблеми"],
                "rows": [
                    ["Від зупинки до гуртожитків коледжу", "студентки, куратори, патрульна поліція", "неосвітлений прохід між гаражами"],
                    ["Парк — житловий масив", "мами з дітьми, люди старшого віку", "зламані ліхтарі, зарослі кущі біля доріжок"],
                    ["Залізнична станція — центр", "мешканки району, соціальні працівники", "підземний перехід без освітлення і камер"],
                    ["Промзона — зупинка нічного автобуса", "працівниці нічних змін", "зупинка без навісу й освітлення"],
                ],
            }),
            ("quote", {
                "text": "Удень це звичайна вулиця. Увечері ти розумієш, чому жінки з нашого будинку обходять її десятою дорогою.",
                "attribution": "учасниця прогулянки в житловому масиві",
            }),
            ("heading", "Від прогулянки до бюджету"),
            ("paragraph",
             "<p>Кожне зауваження отримувало номер, фото і відповідальний підрозділ. Прості речі — замінити лампи, обрізати кущі — "
             "робили протягом місяця, а складніші, як-от освітлення переходу, включали до програми благоустрою наступного року. "
             "Стан виконання публікували на мапі на сайті міста.</p>"),
        ],
        "themes": ["genderna-rivnist", "prava-liudyny"],
        "tags": ["безпека", "рівні можливості", "участь мешканців"],
        "hromada": "vinnytska-miska",
        "oblast": "vinnytska",
        "population_band": "100k_500k",
        "period_start": "2021-04-12",
        "period_end": "2021-10-29",
        "context": "regular",
        "outcomes": (
            "<p>Учасники чотирьох маршрутів зафіксували 63 проблемні місця; до кінця року усунуто 41. Освітлення підземного "
            "переходу біля станції та навіс на нічній зупинці включено до програми благоустрою. Метод увійшов до стандартного "
            "порядку підготовки проєктів благоустрою.</p>"
        ),
        "contact_name": "Ірина Шевченко",
        "contact_role": "секретарка міської ради",
        "contact_email": "i.shevchenko@example.org",
        "date": "2022-01-18",
        "related": ["hendernyi-analiz-biudzhetu-dobrosyn-maheriv", "molodizhnyi-monitorynh-dostupnosti-pokrovsk"],
        "en": None,
    },
    {
        "slug": "nastavnytstvo-dlia-deputatok-khmilnyk",
        "title": "Наставництво для новообраних депутаток і депутатів",
        "summary": (
            "Після виборів 2020 року досвідчені депутати Хмільницької міської ради супроводжували колег, які вперше отримали мандат, "
            "а депутатки з різних фракцій створили міжфракційне об’єднання."
        ),
        "body": [
            ("heading", "Контекст"),
            ("paragraph",
             "<p>Новий Виборчий кодекс запровадив гендерну квоту у виборчих списках партій, і після виборів 2020 року в багатьох "
             "радах стало помітно більше жінок. Більшість новообраних депутаток і депутатів мали мандат уперше: їм треба було "
             "швидко розібратися в регламенті, бюджеті та роботі комісій.</p>"),
            ("heading", "Як працювало наставництво"),
            ("paragraph",
             "<ul>"
             "<li>Кожен охочий новачок обирав наставника з депутатів попередніх скликань, незалежно від фракції.</li>"
             "<li>Пара зустрічалася щонайменше раз на місяць і перед кожною сесією розбирала порядок денний.</li>"
             "<li>Секретар ради провів серію коротких занять: регламент, подання проєкту рішення, депутатський запит, робота з виборцями.</li>"
             "<li>Окреме заняття присвятили протидії сексизму й мові ворожнечі на засіданнях та в соцмережах.</li>"
             "</ul>"),
            ("quote", {
                "text": "Мені не треба було вдавати, що я все знаю. Я могла поставити «дурне» запитання колезі з іншої фракції — і отримати чесну відповідь.",
                "attribution": "Оксана Марчук, депутатка міської ради",
            }),
            ("heading", "Міжфракційне об’єднання"),
            ("paragraph",
             "<p>Депутатки з п’яти фракцій створили міжфракційне об’єднання «Рівні можливості». Воно не голосує блоком, але "
             "спільно готує ініціативи щодо безпеки, доступності послуг і підтримки родин, а також стежить, щоб у засіданнях "
             "не було принизливих висловлювань.</p>"),
        ],
        "themes": ["genderna-rivnist", "merezha-mistsevoi-demokratii"],
        "tags": ["жінки в політиці", "наставництво", "лідерство"],
        "hromada": "khmilnytska-miska",
        "oblast": "vinnytska",
        "population_band": "10k_50k",
        "period_start": "2020-12-01",
        "period_end": "2021-10-31",
        "context": "regular",
        "outcomes": (
            "<p>У програмі взяли участь 16 новообраних депутатів, з них 10 жінок. За перший рік вони подали 23 проєкти рішень, "
            "а міжфракційне об’єднання ініціювало програму облаштування безпечних маршрутів до шкіл. Формат наставництва рада "
            "вирішила повторювати на початку кожного скликання.</p>"
        ),
        "contact_name": "Оксана Марчук",
        "contact_role": "депутатка міської ради, координаторка об’єднання «Рівні можливості»",
        "contact_email": "o.marchuk@example.org",
        "date": "2021-12-07",
        "related": ["rada-rivnykh-mozhlyvostei-chortkiv", "hromady-v-pari-novoukrainka-shyroke"],
        "en": None,
    },
    {
        "slug": "prostir-pidtrymky-dlia-zhinok-pereselenok-chortkiv",
        "title": "Простір підтримки для жінок-переселенок і їхніх дітей",
        "summary": (
            "У Чорткові працює простір, де жінки, які через війну переїхали до громади, отримують психологічну й юридичну допомогу, "
            "консультації щодо роботи та можуть залишити дітей з вихователями на час зустрічей."
        ),
        "body": [
            ("heading", "Контекст"),
            ("paragraph",
             "<p>Навесні 2022 року до громади прибули тисячі переселенців, переважно жінки з дітьми та люди старшого віку. Жінки "
             "водночас шукали житло і роботу, оформлювали документи й доглядали дітей, а на власне відновлення часу не залишалося. "
             "Послуги існували, але були розпорошені по різних установах.</p>"),
            ("heading", "Що пропонує простір"),
            ("paragraph",
             "<ul>"
             "<li>Індивідуальні та групові зустрічі з психологинею.</li>"
             "<li>Юридичні консультації щодо документів, житла, соціальних виплат.</li>"
             "<li>Консультації кар’єрної радниці та курси, що допомагають змінити професію.</li>"
             "<li>Дитяча кімната з вихователями на час консультацій.</li>"
             "<li>Інформацію про протидію домашньому та гендерно зумовленому насильству і про те, куди звертатися.</li>"
             "</ul>"),
            ("quote", {
                "text": "Тут мене вперше за довгий час запитали не «які у вас документи», а «як ви».",
                "attribution": "відвідувачка простору",
            }),
            ("heading", "Як фінансується і хто працює"),
            ("paragraph",
             "<p>Приміщення і комунальні послуги забезпечує громада, фахівців частково оплачують партнерські громадські організації. "
             "Дві адміністраторки простору — самі переселенки, яких громада працевлаштувала через центр зайнятості.</p>"),
        ],
        "themes": ["genderna-rivnist", "prava-liudyny"],
        "tags": ["переселенці", "воєнний стан", "рівні можливості", "соціальна підтримка"],
        "hromada": "chortkivska-miska",
        "oblast": "ternopilska",
        "population_band": "10k_50k",
        "period_start": "2022-04-18",
        "period_end": None,
        "context": "martial_law",
        "outcomes": (
            "<p>За перший рік роботи простір відвідали понад 900 жінок, психологічну допомогу отримали близько 400. Понад сто "
            "відвідувачок знайшли роботу або розпочали навчання. Громада включила фінансування простору до місцевої програми "
            "підтримки внутрішньо переміщених осіб.</p>"
        ),
        "contact_name": "Людмила Гуменюк",
        "contact_role": "начальниця служби у справах сім’ї та молоді",
        "contact_email": "l.humeniuk@example.org",
        "date": "2024-03-05",
        "related": ["yedyne-vikno-dlia-vpo-vinnytsia", "kadrovyi-pul-dlia-pereselentsiv-uzhhorod"],
        "en": None,
    },
    # ------------------------------------------------------------------ open government
    {
        "slug": "vidkryti-zvity-u-mikroraionakh-ternopil",
        "title": "Відкриті звіти виконавчих органів у мікрорайонах міста",
        "summary": (
            "Керівники управлінь Тернопільської міської ради звітують не в залі засідань, а у дворах і школах мікрорайонів — "
            "з конкретними цифрами по цьому мікрорайону і відповідями на запитання мешканців."
        ),
        "body": [
            ("heading", "Навіщо виходити в мікрорайони"),
            ("paragraph",
             "<p>Щорічні звіти виконавчих органів формально були публічними, але на них приходили переважно журналісти й активісти. "
             "Більшість мешканців цікавить не загальна сума витрат на благоустрій, а те, коли відремонтують їхній двір і чому "
             "не працює ліхтар біля зупинки.</p>"),
            ("paragraph",
             "<ol>"
             "<li>Місто поділили на дев’ять звітних зон; для кожної готували окрему коротку довідку: що зроблено, що заплановано, скільки коштувало.</li>"
             "<li>За два тижні до зустрічі мешканці могли надіслати запитання онлайн або залишити їх в ОСББ.</li>"
             "<li>На зустріч приходили керівники профільних управлінь, а не лише заступник міського голови.</li>"
             "<li>Кожне запитання, на яке не відповіли на місці, отримувало письмову відповідь протягом 15 робочих днів; відповіді публікували на сайті.</li>"
             "</ol>"),
            ("quote", {
                "text": "Я вперше побачив начальника управління, який відповідає за наш двір, і вперше отримав від нього дату, а не «будемо розглядати».",
                "attribution": "мешканець мікрорайону «Східний»",
            }),
            ("paragraph",
             "<p>Формат звітів у мікрорайонах Тернопіль передав партнерам з «Відкритих офісів» — Вінниці та Житомиру.</p>"),
        ],
        "themes": ["vidkryte-uriaduvannia"],
        "tags": ["звітність", "відкриті офіси", "комунікація"],
        "hromada": "ternopilska-miska",
        "oblast": "ternopilska",
        "population_band": "100k_500k",
        "period_start": "2021-02-01",
        "period_end": None,
        "context": "regular",
        "outcomes": (
            "<p>У першому циклі відбулося дев’ять зустрічей, на які прийшли понад 1 300 мешканців; онлайн надійшло близько "
            "600 запитань. Понад 80 % письмових відповідей надано вчасно. Кількість повторних звернень з тих самих питань до "
            "міської ради помітно зменшилася.</p>"
        ),
        "contact_name": "Роман Пастух",
        "contact_role": "начальник відділу зв’язків з громадськістю",
        "contact_email": "r.pastukh@example.org",
        "date": "2021-05-25",
        "related": ["vidkryti-ofisy-partnerstvo-trokh-mist", "vyizni-zasidannia-vykonkomu-shyroke"],
        "en": None,
    },
    {
        "slug": "vidkryta-mapa-ukryttiv-zhytomyr",
        "title": "Відкрита мапа укриттів і щоденне оновлення даних про їхній стан",
        "summary": (
            "Після початку повномасштабного вторгнення Житомир опублікував мапу укриттів у форматі відкритих даних і залучив "
            "мешканців до перевірки їхнього стану."
        ),
        "body": [
            ("heading", "Контекст"),
            ("paragraph",
             "<p>У перші дні війни мешканці шукали укриття через чати й чутки: хтось приходив до зачиненого підвалу, хтось не знав, "
             "що поруч є облаштована школа. Інформація про укриття існувала, але у вигляді таблиць у різних управліннях.</p>"),
            ("heading", "Як працює мапа"),
            ("paragraph",
             "<ul>"
             "<li>Набір даних містить адресу, тип споруди, орієнтовну місткість, наявність пандуса, хто відповідає за укриття і чи воно відчиняється цілодобово.</li>"
             "<li>Дані оновлюються щодня з форми, яку заповнюють відповідальні особи, і публікуються на порталі відкритих даних.</li>"
             "<li>Мешканці через кнопку «Повідомити про проблему» можуть позначити, що укриття зачинене або в ньому немає води чи світла.</li>"
             "<li>Кожне повідомлення отримує відповідь із зазначенням, що зроблено.</li>"
             "</ul>"),
            ("paragraph",
             "<p>Склад набору даних погодили з військовою адміністрацією: публікуються лише укриття для цивільного населення, "
             "без інформації, яка могла б становити загрозу безпеці.</p>"),
            ("quote", {
                "text": "Відкриті дані в мирний час — це зручність. На війні це питання, чи встигне людина сховатися.",
                "attribution": "Дмитро Савчук, адміністратор порталу відкритих даних",
            }),
        ],
        "themes": ["vidkryte-uriaduvannia", "prava-liudyny"],
        "tags": ["відкриті дані", "воєнний стан", "безпека", "доступність"],
        "hromada": "zhytomyrska-miska",
        "oblast": "zhytomyrska",
        "population_band": "100k_500k",
        "period_start": "2022-03-05",
        "period_end": None,
        "context": "martial_law",
        "outcomes": (
            "<p>Мапа містить кілька сотень укриттів і є одним із найпопулярніших наборів на міському порталі відкритих даних. "
            "За перші пів року мешканці надіслали понад 700 повідомлень про проблеми; більшість усунуто протягом доби. "
            "Набір даних використовують розробники застосунків і сусідні громади як зразок структури.</p>"
        ),
        "contact_name": "Дмитро Савчук",
        "contact_role": "адміністратор порталу відкритих даних",
        "contact_email": "d.savchuk@example.org",
        "date": "2022-09-06",
        "related": ["vidkryti-ofisy-partnerstvo-trokh-mist", "dystantsiini-zasidannia-rady-zhytomyr"],
        "en": None,
    },
    {
        "slug": "vyizni-zasidannia-vykonkomu-shyroke",
        "title": "Виїзні засідання виконавчого комітету в старостинських округах",
        "summary": (
            "Широківська селищна громада раз на місяць проводить засідання виконкому не в селищі, а в одному зі старостинських "
            "округів — із відкритою частиною для мешканців."
        ),
        "body": [
            ("heading", "Проблема"),
            ("paragraph",
             "<p>Після об’єднання мешканці віддалених сіл відчували, що рішення ухвалюють «десь у центрі» без них. Дістатися до "
             "селища на засідання в робочий день для багатьох було неможливо: рейсовий автобус ходить двічі на день.</p>"),
            ("heading", "Як організовано"),
            ("paragraph",
             "<ol>"
             "<li>Графік виїзних засідань на пів року затверджують заздалегідь і розміщують на дошках оголошень та у Viber-спільнотах сіл.</li>"
             "<li>Староста разом з мешканцями формує одне-два питання округу, які обов’язково включають до порядку денного.</li>"
             "<li>Перша година засідання відкрита: будь-хто може поставити запитання членам виконкому.</li>"
             "<li>Протокол і відповіді на запитання публікують на сайті громади протягом тижня.</li>"
             "</ol>"),
            ("table", {
                "caption": "Приклади питань округів у 2021 році",
                "header": ["Округ", "Питання округу", "Рішення"],
                "rows": [
                    ["Старостинський округ № 1", "підвезення дітей до опорної школи", "змінено маршрут шкільного автобуса"],
                    ["Старостинський округ № 3", "стан фельдшерського пункту", "включено до плану поточних ремонтів"],
                    ["Старостинський округ № 5", "вуличне освітлення", "встановлено ліхтарі на сонячних батареях на двох вулицях"],
                ],
            }),
        ],
        "themes": ["vidkryte-uriaduvannia", "merezha-mistsevoi-demokratii"],
        "tags": ["старостинські округи", "участь мешканців", "прозорість"],
        "hromada": "shyrokivska-selyshchna",
        "oblast": "dnipropetrovska",
        "population_band": "10k_50k",
        "period_start": "2021-03-01",
        "period_end": "2021-11-30",
        "context": "regular",
        "outcomes": (
            "<p>Протягом 2021 року відбулося дев’ять виїзних засідань, на кожне приходило від 30 до 80 мешканців. З 14 питань округів "
            "11 вирішено або включено до бюджету наступного року. За результатами опитування частка мешканців сіл, які вважають, "
            "що можуть впливати на рішення громади, зросла.</p>"
        ),
        "contact_name": "Валентина Гончар",
        "contact_role": "керуюча справами виконавчого комітету",
        "contact_email": "v.honchar@example.org",
        "date": "2022-01-11",
        "related": ["vidkryti-zvity-u-mikroraionakh-ternopil", "hromady-v-pari-novoukrainka-shyroke"],
        "en": None,
    },
    {
        "slug": "statut-hromady-razom-z-meshkantsiamy-tsyrkuny",
        "title": "Статут громади, написаний разом із мешканцями",
        "summary": (
            "Циркунівська громада розробила статут територіальної громади через зустрічі в кожному селі та онлайн-опитування "
            "і закріпила в ньому зрозумілі інструменти місцевої демократії."
        ),
        "body": [
            ("heading", "Навіщо громаді статут"),
            ("paragraph",
             "<p>Статут — це «конституція» громади: він визначає, як мешканці можуть ініціювати питання, збиратися на загальні збори, "
             "проводити громадські слухання. Багато громад ухвалюють статут як формальність, скопіювавши чужий текст. Циркунівська "
             "громада вирішила, що документ, який визначає участь мешканців, має бути створений за їхньої участі — відповідно до "
             "принципів Європейської хартії місцевого самоврядування.</p>"),
            ("heading", "Етапи"),
            ("table", {
                "caption": "Як готували статут",
                "header": ["Етап", "Тривалість", "Учасники"],
                "rows": [
                    ["Робоча група", "2 місяці", "депутати, старости, юристка, представники ГО та молодіжної ради"],
                    ["Зустрічі в селах", "6 тижнів", "мешканці всіх старостинських округів"],
                    ["Онлайн-опитування щодо порогів і процедур", "3 тижні", "усі охочі мешканці"],
                    ["Громадське обговорення проєкту", "1 місяць", "мешканці, експерти мережі місцевої демократії"],
                    ["Розгляд радою", "1 сесія", "депутати"],
                ],
            }),
            ("heading", "Що закріпили в статуті"),
            ("paragraph",
             "<ul>"
             "<li>Місцева ініціатива: поріг підписів, нижчий для малих сіл, і обов’язковий розгляд на найближчій сесії.</li>"
             "<li>Загальні збори мешканців села чи вулиці з рекомендаціями, які виконком зобов’язаний розглянути.</li>"
             "<li>Громадські слухання щонайменше раз на рік, зокрема щодо бюджету.</li>"
             "<li>Бюджет участі з окремою квотою для молоді.</li>"
             "<li>Електронні петиції та онлайн-консультації.</li>"
             "</ul>"),
            ("quote", {
                "text": "Найбільше суперечок було навколо порогу підписів. Коли мешканці самі його обговорили, ніхто вже не казав, що статут написали «під владу».",
                "attribution": "Олена Дорошенко, юристка робочої групи",
            }),
        ],
        "themes": ["merezha-mistsevoi-demokratii", "vidkryte-uriaduvannia"],
        "tags": ["статут громади", "участь мешканців", "європейська хартія", "бюджет участі"],
        "hromada": "tsyrkunivska-silska",
        "oblast": "kharkivska",
        "population_band": "10k_50k",
        "period_start": "2021-02-01",
        "period_end": "2021-11-26",
        "context": "regular",
        "outcomes": (
            "<p>У зустрічах у селах взяли участь понад 600 мешканців, в онлайн-опитуванні — близько 1 100. Рада ухвалила статут "
            "майже одностайно. Протягом наступних місяців мешканці скористалися новими інструментами: подали дві місцеві ініціативи "
            "та провели загальні збори в трьох селах.</p>"
        ),
        "contact_name": "Олена Дорошенко",
        "contact_role": "юристка, членкиня робочої групи зі статуту",
        "contact_email": "o.doroshenko@example.org",
        "date": "2023-02-14",
        "related": ["vyizni-zasidannia-vykonkomu-shyroke", "zustrichi-sekretariv-rad-merezha"],
        "en": None,
    },
    {
        "slug": "onlain-konsultatsii-z-meshkantsiamy-za-kordonom-ternopil",
        "title": "Онлайн-консультації з мешканцями, які тимчасово перебувають за кордоном",
        "summary": (
            "Тернопіль проводить вечірні онлайн-зустрічі й опитування для мешканців, які через війну виїхали за кордон, "
            "щоб вони знали, що відбувається вдома, і могли впливати на рішення громади."
        ),
        "body": [
            ("heading", "Чому це важливо"),
            ("paragraph",
             "<p>Через війну частина мешканців, передусім жінки з дітьми, тимчасово живе за кордоном. Вони й далі вважають Тернопіль "
             "своїм домом, сплачують комунальні платежі, стежать за школами, де навчаються їхні діти дистанційно. Але звичні "
             "інструменти участі — слухання, зустрічі, паперові підписи — для них недоступні.</p>"),
            ("heading", "Що запровадили"),
            ("paragraph",
             "<ul>"
             "<li>Щомісячні онлайн-зустрічі з посадовцями о 19:00 за київським часом із записом і стислим підсумком українською.</li>"
             "<li>Короткі онлайн-опитування щодо питань, важливих для родин: освіта, дитячі садки, житло, підтримка під час повернення.</li>"
             "<li>Можливість підписувати електронні петиції та голосувати в бюджеті участі з ідентифікацією через електронний підпис.</li>"
             "<li>Розділ на сайті «Повернення додому» з оновлюваною інформацією про послуги.</li>"
             "</ul>"),
            ("quote", {
                "text": "Коли я бачу, що моє запитання про садочок почули, мені легше вирішити, коли повертатися.",
                "attribution": "учасниця онлайн-зустрічі",
            }),
            ("heading", "Обмеження"),
            ("paragraph",
             "<p>Онлайн-участь не замінює участі тих, хто живе в громаді: результати опитувань розглядають окремо і не "
             "протиставляють думці мешканців, які залишилися. Громада також не збирає даних про місце перебування учасників, "
             "окрім країни, якщо людина сама її вказала.</p>"),
        ],
        "themes": ["vidkryte-uriaduvannia", "prava-liudyny"],
        "tags": ["участь мешканців", "воєнний стан", "комунікація", "електронні послуги"],
        "hromada": "ternopilska-miska",
        "oblast": "ternopilska",
        "population_band": "100k_500k",
        "period_start": "2023-09-01",
        "period_end": "2024-06-30",
        "context": "martial_law",
        "outcomes": (
            "<p>У десяти онлайн-зустрічах узяли участь понад 2 000 людей, записи переглянуто в кілька разів більше. За результатами "
            "опитувань місто запровадило пріоритетне зарахування до дитячих садків для родин, які повертаються, і консультаційний "
            "день у ЦНАП для тих, хто щойно повернувся.</p>"
        ),
        "contact_name": "Роман Пастух",
        "contact_role": "начальник відділу зв’язків з громадськістю",
        "contact_email": "r.pastukh@example.org",
        "date": "2024-10-01",
        "related": ["vidkryti-zvity-u-mikroraionakh-ternopil", "yedyne-vikno-dlia-vpo-vinnytsia"],
        "en": None,
    },
    # ------------------------------------------------------------------ network of local democracy
    {
        "slug": "zustrichi-sekretariv-rad-merezha",
        "title": "Щомісячні онлайн-зустрічі секретарів рад: мережа взаємодопомоги громад",
        "summary": (
            "Секретарі рад і керівники апаратів громад — учасниць програми щомісяця зустрічаються онлайн, щоб розібрати складні "
            "процедурні питання та обмінятися шаблонами документів."
        ),
        "body": [
            ("heading", "Як виникла мережа"),
            ("paragraph",
             "<p>Навесні 2020 року секретарі рад одночасно зіткнулися з питаннями, на які не було готових відповідей: як провести "
             "дистанційне засідання, як оформити поіменне голосування, як провести громадські слухання, коли збиратися не можна. "
             "Після одного з вебінарів програми учасники попросили не завершувати зустріч, а збиратися регулярно. Так з’явилася "
             "мережа, яка згодом стала частиною мережі місцевої демократії.</p>"),
            ("heading", "Формат зустрічі"),
            ("paragraph",
             "<ol>"
             "<li><b>30 хвилин</b> — тема місяця: коротка презентація громади, яка вже розв’язала проблему, або експерта.</li>"
             "<li><b>45 хвилин</b> — «гарячі питання»: кожен учасник може винести свою ситуацію, колеги діляться досвідом.</li>"
             "<li><b>15 хвилин</b> — домовленості: хто і який шаблон надсилає, яку тему беремо наступного разу.</li>"
             "</ol>"),
            ("heading", "Спільна бібліотека шаблонів"),
            ("paragraph",
             "<p>Усі шаблони — порядок дистанційних засідань, положення про громадські слухання, регламенти онлайн-консультацій — "
             "зберігаються в спільній папці, а найкращі публікуються в бібліотеці спільноти. Кожен шаблон має позначку, "
             "яка громада його підготувала і коли він востаннє оновлювався.</p>"),
            ("quote", {
                "text": "Раніше на таке питання я витратила б тиждень листування з юристами. Тепер — один дзвінок колезі з іншої області.",
                "attribution": "Ганна Лисенко, секретарка селищної ради",
            }),
        ],
        "themes": ["merezha-mistsevoi-demokratii", "vriaduvannia-pid-chas-karantynu"],
        "tags": ["мережа громад", "обмін досвідом", "дистанційні засідання"],
        "hromada": None,
        "oblast": "kyiv",
        "population_band": None,
        "period_start": "2020-05-06",
        "period_end": None,
        "context": "covid_quarantine",
        "outcomes": (
            "<p>За перший рік відбулося 12 зустрічей, у середньому по 25 учасників із 13 громад програми та кількох громад, які "
            "приєдналися згодом. У спільній бібліотеці зібрано понад 40 шаблонів. Мережа підготувала узагальнені пропозиції "
            "щодо порядку дистанційних засідань і передала їх національним асоціаціям органів місцевого самоврядування.</p>"
        ),
        "contact_name": "Олена Коваленко",
        "contact_role": "модераторка спільноти, національний офіс програми",
        "contact_email": "moderator@example.org",
        "date": "2020-10-05",
        "related": ["dystantsiini-zasidannia-rady-zhytomyr", "hromady-v-pari-novoukrainka-shyroke"],
        "en": {
            "title": "Monthly online meetings of council secretaries: a mutual support network of hromadas",
            "summary": (
                "Council secretaries and heads of council staff from the programme’s hromadas meet online every month to work through "
                "difficult procedural questions and exchange document templates."
            ),
            "body": [
                ("heading", "How the network started"),
                ("paragraph",
                 "<p>In spring 2020 council secretaries faced the same questions at the same time, with no ready answers: how to hold a "
                 "remote session, how to record a roll-call vote, how to hold public hearings when gatherings are banned. After one of the "
                 "programme’s webinars the participants asked to keep meeting regularly. This is how the network started; it later "
                 "became part of the network of local democracy.</p>"),
                ("heading", "Meeting format"),
                ("paragraph",
                 "<ol>"
                 "<li><b>30 minutes</b> — topic of the month: a short presentation by a hromada that has solved the problem, or by an expert.</li>"
                 "<li><b>45 minutes</b> — “hot questions”: any participant can bring a case and colleagues share their experience.</li>"
                 "<li><b>15 minutes</b> — agreements: who sends which template, which topic comes next.</li>"
                 "</ol>"),
                ("heading", "A shared library of templates"),
                ("paragraph",
                 "<p>All templates — rules for remote sessions, regulations on public hearings, procedures for online consultations — "
                 "are kept in a shared folder, and the best are published in the community library, each marked with the hromada "
                 "that prepared it and the date of its last update.</p>"),
                ("quote", {
                    "text": "Before, a question like this would have cost me a week of letters to lawyers. Now it is one call to a colleague in another oblast.",
                    "attribution": "Hanna Lysenko, secretary of a settlement council",
                }),
            ],
            "outcomes": (
                "<p>In the first year 12 meetings took place, with 25 participants on average from the 13 programme hromadas and several "
                "that joined later. The shared library holds more than 40 templates. The network drafted joint proposals on rules for "
                "remote sessions and passed them to the national associations of local authorities.</p>"
            ),
        },
    },
    {
        "slug": "hromady-v-pari-novoukrainka-shyroke",
        "title": "Громади в парі: взаємне наставництво Новоукраїнки та Широкого",
        "summary": (
            "Дві громади з різних областей протягом року працювали в парі: щомісяця обмінювалися візитами фахівців, шаблонами "
            "рішень і разом шукали виходи зі схожих проблем."
        ),
        "body": [
            ("heading", "Ідея"),
            ("paragraph",
             "<p>Після завершення реформи децентралізації 2020 року обидві громади отримали нові села, нові повноваження і нових "
             "старост. Обидві працювали з програмою Конгресу і мали схожий розмір, але різні сильні сторони: Новоукраїнка — "
             "досвід роботи з доступністю та ЦНАП, Широке — залучення старостинських округів. Мережа місцевої демократії "
             "запропонувала їм працювати в парі.</p>"),
            ("heading", "Правила пари"),
            ("paragraph",
             "<ul>"
             "<li>Кожна громада призначає координатора, який відповідає за зв’язок.</li>"
             "<li>Щомісяця — онлайн-зустріч фахівців одного напряму (фінанси, соціальний захист, ЦНАП, робота зі старостами).</li>"
             "<li>Двічі на рік — робочий візит делегації, у складі якої обов’язково є і посадовці, і депутати.</li>"
             "<li>Після кожного візиту — одна конкретна зміна, яку громада запроваджує протягом трьох місяців.</li>"
             "</ul>"),
            ("quote", {
                "text": "Різниця між семінаром і парою громад у тому, що на семінарі ти чуєш історію успіху, а в парі бачиш усі чернетки й помилки.",
                "attribution": "Сергій Мороз, координатор пари від Новоукраїнської громади",
            }),
        ],
        "themes": ["merezha-mistsevoi-demokratii"],
        "tags": ["обмін досвідом", "мережа громад", "наставництво"],
        "hromada": "novoukrainska-miska",
        "oblast": "kirovohradska",
        "population_band": "10k_50k",
        "period_start": "2021-01-15",
        "period_end": "2021-12-17",
        "context": "regular",
        "outcomes": (
            "<p>За рік відбулося 11 онлайн-зустрічей і два робочі візити. Широківська громада за прикладом Новоукраїнки провела "
            "аудит доступності ЦНАП, а Новоукраїнська запровадила виїзні засідання виконкому в старостинських округах. "
            "Мережа місцевої демократії рекомендувала формат пар іншим громадам.</p>"
        ),
        "contact_name": "Сергій Мороз",
        "contact_role": "керуючий справами виконавчого комітету",
        "contact_email": "s.moroz@example.org",
        "date": "2022-02-08",
        "related": ["vyizni-zasidannia-vykonkomu-shyroke", "audyt-dostupnosti-vyborchykh-dilnyts-novoukrainka", "zustrichi-sekretariv-rad-merezha"],
        "en": None,
    },
    # ------------------------------------------------------------------ human rights and IDPs
    {
        "slug": "yedyne-vikno-dlia-vpo-vinnytsia",
        "title": "Єдине вікно для внутрішньо переміщених осіб у ЦНАП",
        "summary": (
            "З перших тижнів повномасштабної війни Вінниця зібрала в одному місці взяття на облік ВПО, оформлення виплат, "
            "пошук житла, психологічну та юридичну допомогу."
        ),
        "body": [
            ("heading", "Контекст"),
            ("paragraph",
             "<p>Навесні 2022 року до Вінниці щодня прибували тисячі людей. Кожному треба було стати на облік як внутрішньо "
             "переміщена особа, оформити допомогу, знайти житло, влаштувати дітей до школи чи садка. Ці послуги надавали різні "
             "установи в різних частинах міста, і люди, часто після важкої дороги, годинами переходили з черги в чергу.</p>"),
            ("heading", "Що входить до єдиного вікна"),
            ("table", {
                "caption": "Послуги в одному приміщенні",
                "header": ["Послуга", "Хто надає"],
                "rows": [
                    ["Взяття на облік ВПО, довідки", "адміністратори ЦНАП"],
                    ["Оформлення допомоги на проживання", "управління соціального захисту"],
                    ["Тимчасове житло і місця в гуртожитках", "житлова служба міста"],
                    ["Зарахування до шкіл і садків", "управління освіти"],
                    ["Психологічна підтримка", "психологи міського центру та громадських організацій"],
                    ["Безоплатна правова допомога", "бюро правової допомоги"],
                    ["Пошук роботи", "центр зайнятості"],
                ],
            }),
            ("heading", "Організація роботи"),
            ("paragraph",
             "<ul>"
             "<li>Окрема зона з дитячим куточком і місцем для людей з інвалідністю та людей старшого віку без черги.</li>"
             "<li>Електронна черга з SMS-сповіщенням, щоб люди не стояли в приміщенні годинами.</li>"
             "<li>Адміністратор-«навігатор» на вході, який з’ясовує потреби і складає для людини маршрут по вікнах.</li>"
             "<li>Щотижнева нарада всіх служб щодо типових проблем і змін у законодавстві.</li>"
             "</ul>"),
            ("quote", {
                "text": "Людина, яка втратила дім, не повинна доводити своє право на допомогу в семи кабінетах. Достатньо одного.",
                "attribution": "Валерій Гордійчук, керівник ЦНАП",
            }),
        ],
        "themes": ["prava-liudyny"],
        "tags": ["переселенці", "воєнний стан", "адміністративні послуги", "соціальна підтримка"],
        "hromada": "vinnytska-miska",
        "oblast": "vinnytska",
        "population_band": "100k_500k",
        "period_start": "2022-03-01",
        "period_end": None,
        "context": "martial_law",
        "outcomes": (
            "<p>Середній час, який людина проводить у єдиному вікні, скоротився з кількох годин до приблизно сорока хвилин. "
            "За перший рік тут надано понад 150 тисяч послуг. Модель перейняли кілька громад області, а опис процесів "
            "опубліковано в бібліотеці спільноти.</p>"
        ),
        "contact_name": "Валерій Гордійчук",
        "contact_role": "керівник центру надання адміністративних послуг",
        "contact_email": "v.hordiichuk@example.org",
        "date": "2022-06-14",
        "related": ["kadrovyi-pul-dlia-pereselentsiv-uzhhorod", "prostir-pidtrymky-dlia-zhinok-pereselenok-chortkiv", "vyborcha-adresa-dlia-pereselentsiv-kramatorsk"],
        "en": {
            "title": "A one-stop shop for internally displaced persons in the administrative service centre",
            "summary": (
                "From the first weeks of the full-scale war Vinnytsia brought IDP registration, benefits, housing, psychological "
                "and legal aid together in one place."
            ),
            "body": [
                ("heading", "Context"),
                ("paragraph",
                 "<p>In spring 2022 thousands of people arrived in Vinnytsia every day. Each of them needed to register as an internally "
                 "displaced person, apply for assistance, find housing and enrol children in school or kindergarten. These services were "
                 "provided by different institutions in different parts of the city, and people, often after a hard journey, spent hours "
                 "moving from queue to queue.</p>"),
                ("heading", "What the one-stop shop offers"),
                ("table", {
                    "caption": "Services under one roof",
                    "header": ["Service", "Provider"],
                    "rows": [
                        ["IDP registration and certificates", "administrative service centre staff"],
                        ["Living allowance", "social protection department"],
                        ["Temporary housing and dormitory places", "city housing service"],
                        ["Enrolment in schools and kindergartens", "education department"],
                        ["Psychological support", "psychologists of the city centre and NGOs"],
                        ["Free legal aid", "legal aid bureau"],
                        ["Job search", "employment centre"],
                    ],
                }),
                ("heading", "How it works"),
                ("paragraph",
                 "<ul>"
                 "<li>A separate area with a children’s corner; older people and people with disabilities are served without queuing.</li>"
                 "<li>An electronic queue with text-message alerts, so that people do not wait indoors for hours.</li>"
                 "<li>A “navigator” at the entrance who finds out what the person needs and plans their route through the desks.</li>"
                 "<li>A weekly meeting of all services on recurring problems and changes in legislation.</li>"
                 "</ul>"),
                ("quote", {
                    "text": "A person who has lost their home should not have to prove their right to help in seven offices. One is enough.",
                    "attribution": "Valerii Hordiichuk, head of the administrative service centre",
                }),
            ],
            "outcomes": (
                "<p>The average time a person spends in the one-stop shop fell from several hours to about forty minutes. More than "
                "150,000 services were provided in the first year. Several hromadas of the oblast adopted the model, and a description "
                "of the processes is published in the community library.</p>"
            ),
        },
    },
    {
        "slug": "kadrovyi-pul-dlia-pereselentsiv-uzhhorod",
        "title": "Кадровий пул для переселенців: як громада поєднала роботодавців і людей, які шукають роботу",
        "summary": (
            "Ужгородська громада створила базу вакансій і резюме для переселенців, провела ярмарки вакансій і домовилася "
            "з роботодавцями про гнучкі умови для батьків з дітьми."
        ),
        "body": [
            ("heading", "Контекст"),
            ("paragraph",
             "<p>Після лютого 2022 року Закарпаття стало одним із регіонів, які прийняли найбільше переселенців. Серед них були "
             "лікарі, інженери, вчителі, ІТ-фахівці — а місцеві підприємства, зокрема релоковані, шукали працівників. "
             "Проте люди і роботодавці просто не знаходили одне одного.</p>"),
            ("heading", "Кроки"),
            ("paragraph",
             "<ol>"
             "<li>Разом із центром зайнятості громада створила спільну онлайн-базу вакансій і анонімізованих резюме.</li>"
             "<li>Щомісяця проводили ярмарок вакансій, на якому роботодавці проводили співбесіди на місці.</li>"
             "<li>Для тих, чия професія не мала попиту, організували короткі курси перекваліфікації та мовні курси для роботи з іноземними партнерами.</li>"
             "<li>Громада домовилася з роботодавцями про гнучкий графік для батьків і працевлаштування людей старшого віку на неповний день.</li>"
             "</ol>"),
            ("quote", {
                "text": "Мені важливо було не лише отримати роботу, а й відчути, що мій досвід тут потрібен.",
                "attribution": "інженерка з Харкова, учасниця ярмарку вакансій",
            }),
        ],
        "themes": ["prava-liudyny"],
        "tags": ["переселенці", "воєнний стан", "зайнятість"],
        "hromada": "uzhhorodska-miska",
        "oblast": "zakarpatska",
        "population_band": "100k_500k",
        "period_start": "2022-05-02",
        "period_end": "2023-06-30",
        "context": "martial_law",
        "outcomes": (
            "<p>Протягом року в базі зареєструвалися понад 1 800 шукачів роботи і близько 300 роботодавців. За даними центру "
            "зайнятості, через ярмарки й базу роботу знайшли понад 700 людей, з них більшість — жінки. Курси перекваліфікації "
            "закінчили понад 200 учасників.</p>"
        ),
        "contact_name": "Марта Попович",
        "contact_role": "начальниця відділу економічного розвитку",
        "contact_email": "m.popovych@example.org",
        "date": "2023-07-11",
        "related": ["yedyne-vikno-dlia-vpo-vinnytsia", "prostir-pidtrymky-dlia-zhinok-pereselenok-chortkiv"],
        "en": None,
    },
    {
        "slug": "mobilnyi-tsnap-dlia-viddalenykh-sil-lutsk",
        "title": "Мобільний ЦНАП для віддалених сіл під час карантину вихідного дня",
        "summary": (
            "Коли людям старшого віку з приєднаних сіл стало небезпечно їздити до міста, Луцьк привіз адміністративні послуги "
            "до них — за графіком і з попереднім записом."
        ),
        "body": [
            ("heading", "Проблема"),
            ("paragraph",
             "<p>Восени 2020 року до Луцької громади приєдналися нові села. Щоб оформити субсидію, пенсійні документи чи "
             "довідку, мешканцям доводилося їхати до міста в переповненому автобусі — саме тоді, коли захворюваність зростала, "
             "а уряд запровадив карантин вихідного дня.</p>"),
            ("heading", "Графік і запис"),
            ("paragraph",
             "<p>Мобільний офіс — обладнаний автомобіль з двома робочими місцями адміністраторів — щотижня об’їжджав села за "
             "опублікованим графіком. Записатися можна було через старосту, телефоном або на сайті. Прийом вели з перервами на "
             "провітрювання; люди чекали на вулиці, а не в тісному приміщенні.</p>"),
            ("table", {
                "caption": "Найпоширеніші звернення до мобільного ЦНАП",
                "header": ["Послуга", "Частка звернень"],
                "rows": [
                    ["Субсидії та пільги", "31 %"],
                    ["Реєстрація місця проживання", "22 %"],
                    ["Паспортні послуги", "18 %"],
                    ["Земельні питання", "15 %"],
                    ["Інше", "14 %"],
                ],
            }),
            ("quote", {
                "text": "Я не була в місті з весни. А тут приїхали просто до будинку культури, і за двадцять хвилин усе оформили.",
                "attribution": "мешканка одного з приєднаних сіл",
            }),
        ],
        "themes": ["vriaduvannia-pid-chas-karantynu", "prava-liudyny"],
        "tags": ["адміністративні послуги", "люди старшого віку", "covid-19", "старостинські округи"],
        "hromada": "lutska-miska",
        "oblast": "volynska",
        "population_band": "100k_500k",
        "period_start": "2020-11-02",
        "period_end": "2021-04-30",
        "context": "covid_quarantine",
        "outcomes": (
            "<p>За шість місяців мобільний ЦНАП здійснив понад 150 виїздів і надав близько 3 400 послуг. Понад половина "
            "відвідувачів — люди віком понад 60 років. Після карантину графік виїздів збережено, а до маршруту додано ще кілька сіл.</p>"
        ),
        "contact_name": "Тетяна Мельничук",
        "contact_role": "заступниця начальника управління адміністративних послуг",
        "contact_email": "t.melnychuk@example.org",
        "date": "2021-05-04",
        "related": ["tsyfrova-hramotnist-dlia-starshykh-hadiach", "hariacha-liniia-dlia-liudei-starshoho-viku-ternopil"],
        "en": None,
    },
    {
        "slug": "molodizhnyi-monitorynh-dostupnosti-pokrovsk",
        "title": "Молодіжний моніторинг доступності: школярі перевіряють місто очима людини на кріслі колісному",
        "summary": (
            "Учасники молодіжної ради Покровська разом з організацією людей з інвалідністю перевірили доступність громадських будівель "
            "і зупинок, а результати передали міській раді з пропозиціями."
        ),
        "body": [
            ("heading", "Ідея"),
            ("paragraph",
             "<p>Молодіжна рада шукала проєкт, який би показав, що молодь може бути корисною всій громаді, а не лише собі. "
             "Разом із місцевою організацією людей з інвалідністю вирішили перевірити місто очима тих, кому бордюр у десять "
             "сантиметрів закриває дорогу.</p>"),
            ("paragraph",
             "<ol>"
             "<li>Навчання: як користуватися чеклістом доступності, як фотографувати і як говорити з людьми з інвалідністю без стереотипів.</li>"
             "<li>Моніторинг: команди з трьох осіб, одна з яких пересувається на кріслі колісному, проходили заздалегідь визначені маршрути.</li>"
             "<li>Аналіз: усі дані звели в онлайн-мапу з фото.</li>"
             "<li>Презентація на засіданні постійної комісії міської ради з переліком пропозицій.</li>"
             "</ol>"),
            ("table", {
                "caption": "Вибрані результати моніторингу",
                "header": ["Об’єкт", "Проблема", "Що зроблено"],
                "rows": [
                    ["Центральна поліклініка", "пандус із надто крутим ухилом", "пандус перебудовано"],
                    ["Зупинки на головній вулиці", "високі бордюри, немає тактильної плитки", "знижено бордюри на 12 зупинках"],
                    ["Міська бібліотека", "вхід лише сходами", "встановлено кнопку виклику і підйомник"],
                ],
            }),
        ],
        "themes": ["uchast-molodi", "prava-liudyny"],
        "tags": ["молодіжна рада", "доступність", "люди з інвалідністю"],
        "hromada": "pokrovska-miska",
        "oblast": "donetska",
        "population_band": "50k_100k",
        "period_start": "2021-05-10",
        "period_end": "2021-09-24",
        "context": "regular",
        "outcomes": (
            "<p>Команди перевірили 58 об’єктів і 40 зупинок громадського транспорту. Міська рада включила 17 пропозицій до "
            "програми безбар’єрності; до кінця року виконано сім. Молодіжна рада повторила моніторинг через рік, щоб перевірити виконання.</p>"
        ),
        "contact_name": "Марина Кузьменко",
        "contact_role": "координаторка молодіжної ради",
        "contact_email": "m.kuzmenko@example.org",
        "date": "2021-11-30",
        "related": ["audyt-dostupnosti-vyborchykh-dilnyts-novoukrainka", "prohulianky-bezpeky-vinnytsia"],
        "en": None,
    },
    {
        "slug": "tsyfrova-hramotnist-dlia-starshykh-hadiach",
        "title": "Цифрова грамотність для людей старшого віку: послуги онлайн без виходу з дому",
        "summary": (
            "Під час карантину Гадяцька громада навчала людей старшого віку користуватися смартфоном для запису до лікаря, "
            "оплати комунальних послуг і відеозв'язку з рідними."
        ),
        "body": [
            ("heading", "Чому це стало важливим саме на карантині"),
            ("paragraph",
             "<p>Коли поліклініки перейшли на попередній запис, а банки й пошта скоротили години роботи, люди старшого віку "
             "опинилися в найскладнішому становищі. Багато хто мав смартфон від дітей чи онуків, але користувався ним лише "
             "для дзвінків. Громада вирішила, що цифрова грамотність - це тепер питання здоров'я і безпеки.</p>"),
            ("heading", "Як організували навчання"),
            ("paragraph",
             "<ul>"
             "<li>Заняття в групах до шести осіб у бібліотеці та будинках культури, з масками й провітрюванням.</li>"
             "<li>Тренери - волонтери зі старшокласників і студентів, які пройшли коротку підготовку.</li>"
             "<li>П'ять тем: запис до лікаря, оплата комуналки, відеодзвінок, як розпізнати шахраїв, пошук інформації про послуги громади.</li>"
             "<li>Кожен учасник отримував друковану пам'ятку з великим шрифтом і телефон «гарячої лінії» для запитань після курсу.</li>"
             "</ul>"),
            ("quote", {
                "text": "Онука показала мені, як дзвонити по відео, ще рік тому, але я боялася щось натиснути. А тут я сама записалася до лікаря і пишаюся цим.",
                "attribution": "учасниця курсу, 71 рік",
            }),
        ],
        "themes": ["vriaduvannia-pid-chas-karantynu"],
        "tags": ["люди старшого віку", "електронні послуги", "волонтерство", "covid-19"],
        "hromada": "hadiatska-miska",
        "oblast": "poltavska",
        "population_band": "10k_50k",
        "period_start": "2020-06-15",
        "period_end": "2020-12-18",
        "context": "covid_quarantine",
        "outcomes": (
            "<p>Курс пройшли 230 людей віком понад 60 років, дві третини з них - жінки. Після навчання більшість учасників "
            "самостійно записувалися до лікаря онлайн. Волонтери-тренери отримали сертифікати, а бібліотека продовжила заняття "
            "як постійну послугу.</p>"
        ),
        "contact_name": "Лариса Білик",
        "contact_role": "директорка центру надання соціальних послуг",
        "contact_email": "l.bilyk@example.org",
        "date": "2021-02-23",
        "related": ["mobilnyi-tsnap-dlia-viddalenykh-sil-lutsk", "hariacha-liniia-dlia-liudei-starshoho-viku-ternopil"],
        "en": None,
    },
]

# Practices published only in English (partner material written in English, no Ukrainian page): the loader creates
# them in the English locale tree as pages of their own, not as translations. Cross-lingual search is measured on
# them (tests/semantic_queries.py): a Ukrainian query must find them by meaning.
ENGLISH_PRACTICES = [
    {
        "slug": "open-procurement-dashboard-lutsk",
        "title": "Open procurement dashboard: every municipal contract in one place",
        "summary": (
            "Lutsk city council publishes every purchase of its departments and municipal enterprises on a public dashboard, "
            "from the tender notice to the signed contract and the payments made under it."
        ),
        "body": [
            ("heading", "Why the city did it"),
            ("paragraph",
             "<p>Municipal purchases were already announced through the national e-procurement system, but residents, journalists "
             "and even councillors found it hard to see the whole picture: which department buys what, from whom, at what price, "
             "and whether the contract was actually delivered. Requests for public information about contracts took the finance "
             "department several days each.</p>"),
            ("heading", "What was done"),
            ("paragraph",
             "<ol>"
             "<li>The city exported the data of all its buyers (27 departments and enterprises) from the national system every night "
             "and joined it with payment data from the treasury.</li>"
             "<li>A simple dashboard shows spending by buyer, supplier, item and month, with a link to every tender.</li>"
             "<li>Red flags are computed automatically: a single bidder, a price far above similar purchases, a contract amended "
             "more than twice.</li>"
             "<li>The full data set is published on the city open data portal under an open licence and updated daily.</li>"
             "</ol>"),
            ("heading", "Tips for colleagues"),
            ("paragraph",
             "<ul>"
             "<li>Start with the data you already publish nationally: the work is in joining it with payments, not in collecting it.</li>"
             "<li>Agree with the departments on how a red flag is explained before it is shown publicly.</li>"
             "</ul>"),
        ],
        "themes": ["vidkryte-uriaduvannia"],
        "tags": ["public procurement", "open data", "anti-corruption"],
        "hromada": "lutska-miska",
        "oblast": "volynska",
        "population_band": "100k_500k",
        "period_start": "2021-02-01",
        "period_end": "2021-10-31",
        "context": "regular",
        "outcomes": (
            "<p>In the first year the dashboard was opened 41,000 times. Requests for information about contracts fell by half, "
            "and the share of tenders with a single bidder dropped from 38% to 24% as more suppliers saw upcoming purchases.</p>"
        ),
        "contact_name": "Andrii Melnyk",
        "contact_role": "head of the open data unit, Lutsk city council",
        "contact_email": "a.melnyk@example.org",
        "date": "2022-01-20",
    },
    {
        "slug": "electronic-petitions-uzhhorod",
        "title": "Electronic petitions with a lower signature threshold and a guaranteed answer within a month",
        "summary": (
            "Uzhhorod lowered the number of signatures an electronic petition needs to be considered by the city council and "
            "committed to a reasoned public answer within a month, with the author invited to the committee meeting."
        ),
        "body": [
            ("heading", "The problem"),
            ("paragraph",
             "<p>The city had an online petition service since 2016, but almost no petition ever reached the threshold of "
             "1,000 signatures, and those that did received a formal reply months later. Residents concluded that petitions "
             "change nothing and stopped using them.</p>"),
            ("heading", "What changed"),
            ("paragraph",
             "<ul>"
             "<li>The council amended the hromada charter: the threshold is now 250 signatures collected within 60 days.</li>"
             "<li>A petition that reaches it is put on the agenda of the responsible standing committee within two weeks; its "
             "author presents it in person or by video link.</li>"
             "<li>The mayor's answer is published on the petition page within 30 days and explains what will be done, by whom and "
             "when, or why the request cannot be met.</li>"
             "<li>The petition page shows the status of the follow-up until the promised action is completed.</li>"
             "</ul>"),
            ("quote", {
                "text": "A petition is not a complaint box. It is a way for residents to put a question on the council's agenda, "
                        "and the council has to say yes or no in public.",
                "attribution": "Viktoriia Horvat, secretary of the city council",
            }),
        ],
        "themes": ["vidkryte-uriaduvannia", "merezha-mistsevoi-demokratii"],
        "tags": ["e-petitions", "citizen participation", "hromada charter"],
        "hromada": "uzhhorodska-miska",
        "oblast": "zakarpatska",
        "population_band": "100k_500k",
        "period_start": "2021-03-01",
        "period_end": "2022-02-15",
        "context": "regular",
        "outcomes": (
            "<p>In the following year 19 petitions reached the threshold, against two in the previous five years. Eleven were "
            "supported fully or partly, among them a pedestrian crossing near a school and longer opening hours of the public library.</p>"
        ),
        "contact_name": "Viktoriia Horvat",
        "contact_role": "secretary of the city council",
        "contact_email": "v.horvat@example.org",
        "date": "2022-03-10",
    },
    {
        "slug": "heating-and-charging-points-khmilnyk",
        "title": "Heating and charging points during power outages",
        "summary": (
            "When attacks on the energy system left homes without electricity and heat for many hours, Khmilnyk opened warm "
            "public spaces with generators, drinking water, mobile connection and places to charge phones."
        ),
        "body": [
            ("heading", "Context"),
            ("paragraph",
             "<p>In the winter of 2022–2023 scheduled and emergency blackouts lasted up to twenty hours a day. Older residents "
             "living alone, families with small children and people who depend on medical devices were most at risk: without "
             "electricity there was no heating in many apartment blocks, no water pumps and no mobile connection.</p>"),
            ("heading", "How the points work"),
            ("paragraph",
             "<ol>"
             "<li>Twelve points were set up in schools, the administrative service centre and village clubs of the starosta "
             "districts, each with a generator, a fuel reserve for three days and a satellite internet terminal.</li>"
             "<li>Each point has hot drinks, drinking water, first aid kits and sockets to charge phones, power banks and medical devices.</li>"
             "<li>Points open automatically when the power is off for more than four hours; their addresses and status are on the "
             "city website, in a messenger channel and on printed notices in every building entrance.</li>"
             "<li>Social workers and volunteers phone residents on the list of vulnerable people and bring those who cannot walk.</li>"
             "</ol>"),
            ("heading", "Lessons"),
            ("paragraph",
             "<p>Test the generators under load every week, keep a paper list of vulnerable residents in case the network is down, "
             "and agree with the school on how lessons continue while the point is open.</p>"),
        ],
        "themes": ["prava-liudyny"],
        "tags": ["power outages", "resilience", "vulnerable residents"],
        "hromada": "khmilnytska-miska",
        "oblast": "vinnytska",
        "population_band": "10k_50k",
        "period_start": "2022-10-20",
        "period_end": "2023-03-31",
        "context": "martial_law",
        "outcomes": (
            "<p>Over the winter the points received about 9,500 visits; on the worst days up to 600 people used them. No resident "
            "on the list of vulnerable people was left without a daily check.</p>"
        ),
        "contact_name": "Serhii Tkachuk",
        "contact_role": "head of the civil protection department",
        "contact_email": "s.tkachuk@example.org",
        "date": "2023-05-04",
    },
    {
        "slug": "councillors-code-of-ethics-hadiach",
        "title": "A code of ethics for councillors and a public register of conflicts of interest",
        "summary": (
            "Hadiach city council adopted a code of conduct for its members and keeps a public register in which councillors "
            "declare a private interest before the council votes on a related decision."
        ),
        "body": [
            ("heading", "Why"),
            ("paragraph",
             "<p>After a series of votes on land plots in which relatives of councillors were interested, trust in the council "
             "fell sharply. The law already required councillors to declare a real conflict of interest, but declarations were "
             "made orally, were not recorded anywhere and were easy to forget.</p>"),
            ("heading", "What the council did"),
            ("paragraph",
             "<ul>"
             "<li>A working group of councillors from all political groups drafted a code of ethics based on the Congress "
             "European Code of Conduct for all persons involved in local and regional governance.</li>"
             "<li>Before each session the secretariat sends councillors the list of draft decisions and a one-page form to declare "
             "a private interest.</li>"
             "<li>Declarations are published in a register on the council website next to the decision and the roll-call vote.</li>"
             "<li>An ethics commission of three councillors and two civil society representatives examines complaints and "
             "publishes its conclusions.</li>"
             "</ul>"),
        ],
        "themes": ["vidkryte-uriaduvannia", "merezha-mistsevoi-demokratii"],
        "tags": ["integrity", "conflict of interest", "councillors"],
        "hromada": "hadiatska-miska",
        "oblast": "poltavska",
        "population_band": "10k_50k",
        "period_start": "2021-01-15",
        "period_end": "2021-12-20",
        "context": "regular",
        "outcomes": (
            "<p>In its first year the register recorded 34 declarations; in 29 cases the councillor did not take part in the vote. "
            "The ethics commission examined six complaints and upheld two.</p>"
        ),
        "contact_name": "Tetiana Savchenko",
        "contact_role": "chair of the ethics commission",
        "contact_email": "t.savchenko@example.org",
        "date": "2022-02-08",
    },
    {
        "slug": "housing-register-for-displaced-families-slavuta",
        "title": "A municipal register of vacant housing for displaced families",
        "summary": (
            "Slavuta matched families who fled the war with flats and houses offered by residents, checked each offer and "
            "paid owners' utility bills from a municipal programme."
        ),
        "body": [
            ("heading", "Context"),
            ("paragraph",
             "<p>In spring 2022 more than six thousand people arrived in the hromada within a few weeks. School gyms and dormitories "
             "were full, while many residents were ready to let empty flats, houses of relatives who had moved abroad or rooms in "
             "their own homes, but did not know how to do it safely.</p>"),
            ("heading", "How the register works"),
            ("paragraph",
             "<ol>"
             "<li>Owners register an offer online or by phone: address, number of beds, conditions, whether pets or people with "
             "reduced mobility can be accommodated.</li>"
             "<li>A social worker visits within three days, checks heating, water and safety, and photographs the place.</li>"
             "<li>Families apply at the administrative service centre; a coordinator proposes suitable options, giving priority "
             "to large families, older people and people with disabilities.</li>"
             "<li>Owner and family sign a simple free-of-charge agreement; the hromada compensates utilities from its programme "
             "and the state scheme.</li>"
             "</ol>"),
            ("paragraph",
             "<p>The register is also used to plan longer-term solutions: renovating a former dormitory as social housing.</p>"),
        ],
        "themes": ["prava-liudyny"],
        "tags": ["IDPs", "temporary housing", "social protection"],
        "hromada": "slavutska-miska",
        "oblast": "khmelnytska",
        "population_band": "10k_50k",
        "period_start": "2022-03-10",
        "period_end": "2022-12-31",
        "context": "martial_law",
        "outcomes": (
            "<p>By the end of 2022 the register had 640 checked offers and had housed 1,870 people. Collective shelters in "
            "schools were closed before the school year started.</p>"
        ),
        "contact_name": "Nataliia Kovalchuk",
        "contact_role": "head of the social protection department",
        "contact_email": "n.kovalchuk@example.org",
        "date": "2023-02-14",
    },
    {
        "slug": "mobile-team-domestic-violence-dobrosyn",
        "title": "A mobile team for survivors of domestic violence in a rural hromada",
        "summary": (
            "In a hromada of small villages without a shelter or a psychologist nearby, a mobile team of a social worker and a "
            "psychologist visits survivors of domestic violence at home and coordinates police, health and social services."
        ),
        "body": [
            ("heading", "The problem"),
            ("paragraph",
             "<p>Women in remote villages rarely reported violence: the nearest police station and crisis centre were 40 km away, "
             "public transport ran twice a day, and everybody in the village knew everybody. Cases came to light only after serious "
             "injuries.</p>"),
            ("heading", "What was done"),
            ("paragraph",
             "<ul>"
             "<li>The hromada set up a mobile team with a car, a social worker and a psychologist, financed partly by a state "
             "subvention and partly by the local budget.</li>"
             "<li>The team visits on a call from the hotline, the police, a family doctor, a teacher or the starosta, and returns "
             "regularly until the situation is safe.</li>"
             "<li>A coordination council of the police, the health centre, schools and the social service meets every month to "
             "review cases; the starostas were trained to recognise signs of violence.</li>"
             "<li>Posters with the hotline number were placed in shops, pharmacies and medical posts, and the topic was discussed "
             "openly at village meetings.</li>"
             "</ul>"),
        ],
        "themes": ["genderna-rivnist", "prava-liudyny"],
        "tags": ["domestic violence", "social services", "rural hromada"],
        "hromada": "dobrosynsko-magerivska",
        "oblast": "lvivska",
        "population_band": "lt10k",
        "period_start": "2021-04-01",
        "period_end": "2022-03-31",
        "context": "regular",
        "outcomes": (
            "<p>In its first year the team worked with 47 families; reports to the police rose from 6 to 31, which the council "
            "treats as a sign of trust rather than of more violence. Two women and their children were placed in a shelter in Lviv.</p>"
        ),
        "contact_name": "Iryna Levytska",
        "contact_role": "head of the social service",
        "contact_email": "i.levytska@example.org",
        "date": "2022-05-17",
    },
    {
        "slug": "school-participatory-budget-novoukrainka",
        "title": "School participatory budget: pupils decide how to spend part of their school's money",
        "summary": (
            "Every school in Novoukrainka receives a small grant from the city budget; pupils propose projects, campaign for them "
            "and elect the winner in a secret ballot organised by their own school election commission."
        ),
        "body": [
            ("heading", "Idea"),
            ("paragraph",
             "<p>The city participatory budget was open to residents from 16, and few teenagers took part. The education "
             "department and the youth council wanted children to learn by doing how public money is allocated, and to see the "
             "result in their own school within months.</p>"),
            ("heading", "Steps"),
            ("paragraph",
             "<ol>"
             "<li>Each of the nine schools receives 50,000 hryvnias a year for pupils' projects.</li>"
             "<li>Pupils from grade 5 to grade 11 submit ideas with a simple cost estimate prepared with a teacher.</li>"
             "<li>Authors present their projects at a school fair and campaign for two weeks.</li>"
             "<li>A school election commission of pupils runs the vote with ballot papers, a ballot box and a public count.</li>"
             "<li>The education department buys what the winning project needs; pupils report on the result at the end of the year.</li>"
             "</ol>"),
            ("paragraph",
             "<p>Winning projects included a recreation zone with table tennis, a school radio, bicycle parking and a reading corner.</p>"),
        ],
        "themes": ["uchast-molodi"],
        "tags": ["participatory budget", "schools", "civic education"],
        "hromada": "novoukrainska-miska",
        "oblast": "kirovohradska",
        "population_band": "10k_50k",
        "period_start": "2021-09-01",
        "period_end": "2022-05-31",
        "context": "regular",
        "outcomes": (
            "<p>In the first year 3,100 pupils voted, 84% of those entitled, and 41 projects were submitted. Three of the pupils "
            "who led school campaigns later joined the youth council.</p>"
        ),
        "contact_name": "Oleh Bondar",
        "contact_role": "youth policy officer, education department",
        "contact_email": "o.bondar@example.org",
        "date": "2022-06-21",
    },
    {
        "slug": "online-training-for-polling-station-commissions-starobilsk",
        "title": "Online training for members of polling station commissions",
        "summary": (
            "Before the 2020 local elections, when in-person seminars were restricted, Starobilsk trained members of precinct "
            "election commissions with short video lessons, online tests and a help desk on election day."
        ),
        "body": [
            ("heading", "Context"),
            ("paragraph",
             "<p>Most members of precinct election commissions were appointed only two weeks before the vote, and many served for "
             "the first time. The usual seminars in a crowded hall were not possible under quarantine rules, while the new "
             "Electoral Code had changed the counting procedure and the forms of protocols.</p>"),
            ("heading", "What was done"),
            ("paragraph",
             "<ul>"
             "<li>Together with a civic organisation, the city recorded twelve video lessons of five to ten minutes: opening the "
             "station, checking the voter list, home voting, counting ballots and filling in the protocol.</li>"
             "<li>After each lesson a short online test showed commission members what to revise; results were visible to the "
             "commission chair.</li>"
             "<li>Practical sessions for chairs and secretaries took place in groups of ten with masks and distance.</li>"
             "<li>On election day a help desk of experienced lawyers answered commissions' questions by phone and messenger.</li>"
             "</ul>"),
        ],
        "themes": ["vybory-pid-chas-covid-19"],
        "tags": ["elections 2020", "election commissions", "training"],
        "hromada": "starobilska-miska",
        "oblast": "luhanska",
        "population_band": "10k_50k",
        "period_start": "2020-09-15",
        "period_end": "2020-10-25",
        "context": "elections",
        "outcomes": (
            "<p>Members of all 31 commissions took the course; 87% passed every test. The territorial commission had to return "
            "far fewer protocols for correction than in 2015, and the count was finished before morning everywhere.</p>"
        ),
        "contact_name": "Olena Marchenko",
        "contact_role": "secretary of the territorial election commission",
        "contact_email": "o.marchenko@example.org",
        "date": "2020-12-03",
    },
]

RESOURCES = [
    {
        "slug": "posibnyk-vidkrytyi-uriad-yak-tse-pratsiuie",
        "title": "Посібник «Відкритий уряд: як це працює»",
        "kind": "handbook",
        "summary": (
            "Практичний посібник для жінок і чоловіків у місцевій політиці: як зробити роботу ради відкритою і рівною для всіх, "
            "як розпізнати сексизм в установі й протидіяти йому та як підтримати видимість жінок на місцевому і регіональному рівнях."
        ),
        "body": [
            ("heading", "Для кого цей посібник"),
            ("paragraph",
             "<p>Посібник адресовано кандидаткам і кандидатам на місцевих виборах, депутаткам і депутатам, посадовцям органів "
             "місцевого самоврядування та громадським активістам. Він поєднує дві теми, які часто розглядають окремо: відкрите "
             "врядування і рівну участь жінок і чоловіків. Рада, яка працює прозоро, зазвичай є і більш доступною для тих, "
             "хто раніше залишався поза ухваленням рішень.</p>"),
            ("heading", "Зміст"),
            ("paragraph",
             "<ol>"
             "<li>Принципи відкритого врядування: прозорість, підзвітність, участь.</li>"
             "<li>Як виглядає сексизм у раді та виконавчих органах: від «жартів» до розподілу посад.</li>"
             "<li>Інструменти протидії: регламент, кодекс поведінки, процедура розгляду скарг.</li>"
             "<li>Видимість жінок: публічні виступи, робота з медіа, безпека в інтернеті.</li>"
             "<li>Як змінити правила: зразки положень і рішень для ради.</li>"
             "</ol>"),
            ("quote", {
                "text": "Відкритість — це не лише опубліковані документи, а й рівна можливість для кожного бути почутим під час їх обговорення.",
                "attribution": "з передмови до посібника",
            }),
            ("paragraph",
             "<p>Посібник підготовлено в межах програми Конгресу місцевих і регіональних влад Ради Європи «Посилення демократії "
             "та довіри на місцевому рівні». Його можна вільно використовувати для навчання за умови посилання на джерело.</p>"),
        ],
        "themes": ["genderna-rivnist", "vidkryte-uriaduvannia"],
        "tags": ["жінки в політиці", "прозорість", "рівні можливості", "посібник"],
        "date": "2020-11-20",
        "documents": [
            {
                "title": "Посібник «Відкритий уряд: як це працює» (повний текст)",
                "filename": "vidkrytyi-uriad.pdf",
                "text": (
                    "Відкритий уряд: як це працює\n"
                    "Посібник для жінок і чоловіків у місцевому врядуванні\n\n"
                    "Вступ. Місцева рада ухвалює рішення, які щодня відчуває кожен мешканець. Що прозоріше вона працює, то більше "
                    "довіри до її рішень і то ширше коло людей, які беруть участь в їх підготовці.\n\n"
                    "Розділ 1. Принципи відкритого врядування. Прозорість означає, що інформація про рішення доступна вчасно і "
                    "у зрозумілій формі. Підзвітність означає, що посадовці пояснюють свої рішення і відповідають за них. Участь "
                    "означає, що мешканці мають реальні способи вплинути на рішення до їх ухвалення.\n\n"
                    "Розділ 2. Сексизм в установі. Сексизм — це будь-які дії, висловлювання чи практики, які принижують людину через "
                    "її стать або закріплюють стереотипи. У раді він може проявлятися в перебиванні під час виступів, коментарях "
                    "щодо зовнішності, розподілі посад у комісіях за стереотипами.\n\n"
                    "Розділ 3. Що можна зробити. Ухвалити кодекс поведінки депутатів, передбачити процедуру розгляду скарг, "
                    "збирати дані в розрізі статі, навчати головуючих на засіданнях.\n\n"
                    "Додаток. Зразок положення про кодекс поведінки депутатів місцевої ради."
                ),
            },
            {
                "title": "Зразок кодексу поведінки депутатів місцевої ради",
                "filename": "kodeks-povedinky-deputativ.pdf",
                "text": (
                    "Зразок кодексу поведінки депутатів місцевої ради\n\n"
                    "1. Депутати поважають гідність колег, працівників ради і мешканців незалежно від статі, віку, походження, "
                    "інвалідності чи інших ознак.\n"
                    "2. Під час засідань не допускаються висловлювання, які принижують людину через її стать, а також коментарі щодо зовнішності.\n"
                    "3. Головуючий зупиняє виступ, який порушує кодекс, і робить зауваження.\n"
                    "4. Скарги на порушення кодексу розглядає комісія з питань регламенту та депутатської етики протягом 30 днів.\n"
                    "5. Рішення комісії оприлюднюються на сайті ради."
                ),
            },
        ],
        "en": {
            "title": "Handbook “Open government: how it works”",
            "summary": (
                "A practical handbook for women and men in local politics: how to make council work open and equal for everyone, "
                "how to recognise and counter sexism in institutions, and how to support the visibility of women at local and regional level."
            ),
            "body": [
                ("heading", "Who the handbook is for"),
                ("paragraph",
                 "<p>The handbook is written for candidates in local elections, councillors, local government officials and civic "
                 "activists. It brings together two topics often treated separately: open government and equal participation of women "
                 "and men. A council that works transparently is usually also more accessible to those who used to be left out of decision-making.</p>"),
                ("heading", "Contents"),
                ("paragraph",
                 "<ol>"
                 "<li>Principles of open government: transparency, accountability, participation.</li>"
                 "<li>What sexism looks like in councils and executive bodies.</li>"
                 "<li>Tools to counter it: rules of procedure, codes of conduct, complaint procedures.</li>"
                 "<li>Visibility of women: public speaking, working with the media, online safety.</li>"
                 "<li>Changing the rules: model provisions and decisions for councils.</li>"
                 "</ol>"),
            ],
        },
    },
    {
        "slug": "kurs-henderni-initsiatyvy-na-mistsevomu-rivni",
        "title": "Навчальний курс «Гендерні ініціативи на місцевому рівні»",
        "kind": "course",
        "summary": (
            "Курс для службовців органів місцевого самоврядування та громадських організацій: як враховувати потреби жінок "
            "і чоловіків у рішеннях громади і робити процес ухвалення рішень відкритим для всіх."
        ),
        "body": [
            ("heading", "Про курс"),
            ("paragraph",
             "<p>Курс запущено 2020 року, щоб посадовці громад і представники громадських організацій отримали практичні знання "
             "і навички для роботи з гендерною рівністю. Він не вимагає попередньої підготовки: кожен модуль завершується "
             "практичним завданням на матеріалах власної громади.</p>"),
            ("table", {
                "caption": "Модулі курсу",
                "header": ["Модуль", "Тема", "Практичне завдання"],
                "rows": [
                    ["1", "Рівність жінок і чоловіків: поняття, законодавство, європейські стандарти", "знайти в рішеннях своєї ради три приклади врахування або неврахування рівності"],
                    ["2", "Дані в розрізі статі та гендерний аналіз", "проаналізувати одну бюджетну програму"],
                    ["3", "Участь жінок і чоловіків у ухваленні рішень", "оцінити склад комісій, робочих груп, консультативних рад"],
                    ["4", "Безпека і протидія насильству на місцевому рівні", "скласти маршрут допомоги для постраждалих у громаді"],
                    ["5", "Комунікація без стереотипів", "переписати одне оголошення громади"],
                    ["6", "План гендерної ініціативи громади", "підготувати і захистити власний план"],
                ],
            }),
            ("heading", "Формат"),
            ("paragraph",
             "<ul>"
             "<li>Шість тижнів, по одному модулю на тиждень; приблизно 3–4 години навчання щотижня.</li>"
             "<li>Відеолекції, читання, тести і вебінари з тренерками.</li>"
             "<li>Сертифікат після захисту плану гендерної ініціативи.</li>"
             "</ul>"),
            ("paragraph",
             "<p>Кілька практик із бібліотеки спільноти, зокрема консультативна рада з рівних можливостей у Чорткові, виросли "
             "з планів, які учасники готували на курсі.</p>"),
        ],
        "themes": ["genderna-rivnist", "merezha-mistsevoi-demokratii"],
        "tags": ["гендерний курс", "рівні можливості", "навчання"],
        "date": "2020-12-10",
        "documents": [
            {
                "title": "Програма курсу «Гендерні ініціативи на місцевому рівні»",
                "filename": "prohrama-kursu-henderni-initsiatyvy.pdf",
                "text": (
                    "Навчальний курс «Гендерні ініціативи на місцевому рівні»\n"
                    "Програма\n\n"
                    "Мета курсу — підвищити знання і навички службовців органів місцевого самоврядування та представників "
                    "громадських організацій, щоб процес ухвалення рішень у громадах був відкритим для участі жінок і чоловіків.\n\n"
                    "Тривалість: шість тижнів. Навантаження: 3–4 години на тиждень.\n\n"
                    "Модуль 1. Рівність жінок і чоловіків: поняття, законодавство, європейські стандарти.\n"
                    "Модуль 2. Дані в розрізі статі та гендерний аналіз бюджетних програм.\n"
                    "Модуль 3. Участь жінок і чоловіків у ухваленні рішень.\n"
                    "Модуль 4. Безпека і протидія насильству на місцевому рівні.\n"
                    "Модуль 5. Комунікація без стереотипів.\n"
                    "Модуль 6. План гендерної ініціативи громади.\n\n"
                    "Умови отримання сертифіката: виконані практичні завдання всіх модулів і захищений план гендерної ініціативи."
                ),
            },
        ],
        "en": None,
    },
    {
        "slug": "zvit-seminary-cherven-lypen-2020",
        "title": "Звіт про семінари червня та липня 2020 року: якість демократії на місцевому рівні",
        "kind": "report",
        "summary": (
            "Підсумки двох семінарів 2020 року за участі народних депутатів, національних асоціацій органів місцевого "
            "самоврядування та місцевих радників: висновки щодо застосування Європейської хартії місцевого самоврядування, "
            "виборів під час пандемії та виборчих прав внутрішньо переміщених осіб."
        ),
        "body": [
            ("heading", "Про семінари"),
            ("paragraph",
             "<p>У червні та липні 2020 року програма Конгресу місцевих і регіональних влад Ради Європи провела два семінари. "
             "Учасниками були представники Верховної Ради України, національних асоціацій органів місцевого самоврядування, "
             "місцеві радники та експерти. Через пандемію перший семінар відбувся онлайн, другий — у змішаному форматі.</p>"),
            ("heading", "Головні висновки"),
            ("paragraph",
             "<ul>"
             "<li>Дистанційні засідання рад мають бути врегульовані так, щоб зберігати публічність і право мешканців стежити за ухваленням рішень.</li>"
             "<li>Протиепідемічні заходи під час виборів не повинні обмежувати виборчі права, зокрема людей старшого віку та людей з інвалідністю.</li>"
             "<li>Внутрішньо переміщені особи мають отримати можливість голосувати на місцевих виборах там, де вони фактично проживають, "
             "без надмірних процедурних бар’єрів.</li>"
             "<li>Громадам потрібна постійна платформа для обміну досвідом — основа майбутньої спільноти практик і мережі місцевої демократії.</li>"
             "</ul>"),
            ("table", {
                "caption": "Семінари 2020 року",
                "header": ["Дата", "Тема", "Формат"],
                "rows": [
                    ["18 червня 2020", "Якість демократії на місцевому рівні та Європейська хартія місцевого самоврядування", "онлайн"],
                    ["9 липня 2020", "Вибори під час пандемії та виборчі права внутрішньо переміщених осіб", "змішаний, Київ"],
                ],
            }),
        ],
        "themes": ["merezha-mistsevoi-demokratii", "vybory-pid-chas-covid-19"],
        "tags": ["семінари 2020", "європейська хартія", "виборчі права", "переселенці"],
        "date": "2020-09-15",
        "documents": [
            {
                "title": "Звіт про семінари червня та липня 2020 року",
                "filename": "zvit-seminary-2020.pdf",
                "text": (
                    "Звіт про семінари червня та липня 2020 року\n"
                    "Програма «Посилення демократії та довіри на місцевому рівні»\n\n"
                    "1. Вступ. У червні та липні 2020 року програма Конгресу місцевих і регіональних влад Ради Європи провела "
                    "два семінари для представників Верховної Ради України, національних асоціацій органів місцевого "
                    "самоврядування та місцевих радників.\n\n"
                    "2. Якість демократії на місцевому рівні. Учасники обговорили, як принципи Європейської хартії місцевого "
                    "самоврядування застосовуються в умовах карантину, зокрема щодо дистанційних засідань рад і консультацій з мешканцями.\n\n"
                    "3. Вибори під час пандемії. Учасники наголосили, що санітарні заходи мають захищати здоров’я виборців і членів "
                    "комісій, не обмежуючи виборчих прав.\n\n"
                    "4. Виборчі права внутрішньо переміщених осіб. Учасники підтримали підхід, за яким переміщені особи голосують на "
                    "місцевих виборах за місцем фактичного проживання.\n\n"
                    "5. Рекомендації. Створити платформу обміну досвідом між громадами; підготувати збірник практик; продовжити "
                    "діалог між національним і місцевим рівнями."
                ),
            },
        ],
        "en": {
            "title": "Report on the June and July 2020 seminars: quality of democracy at local level",
            "summary": (
                "Conclusions of two 2020 seminars with members of parliament, national associations of local authorities and local "
                "councillors on the European Charter of Local Self-Government, elections during the pandemic and the voting rights of IDPs."
            ),
            "body": [
                ("heading", "About the seminars"),
                ("paragraph",
                 "<p>In June and July 2020 the Council of Europe Congress programme held two seminars with members of the Verkhovna Rada, "
                 "national associations of local authorities, local councillors and experts. Because of the pandemic the first seminar "
                 "took place online and the second in a hybrid format.</p>"),
                ("heading", "Main conclusions"),
                ("paragraph",
                 "<ul>"
                 "<li>Remote council sessions must be regulated in a way that keeps them public.</li>"
                 "<li>Sanitary measures during elections must not restrict voting rights, especially of older people and people with disabilities.</li>"
                 "<li>Internally displaced persons should be able to vote in local elections where they actually live, without excessive procedural barriers.</li>"
                 "<li>Hromadas need a permanent platform for sharing experience — the basis of the future community of practice and network of local democracy.</li>"
                 "</ul>"),
            ],
        },
    },
    {
        "slug": "zbirnyk-praktyk-karantyn-i-vybory-2020",
        "title": "Збірник практик громад: врядування під час карантину та вибори в умовах пандемії",
        "kind": "report",
        "summary": (
            "Добірка практик 13 громад — учасниць програми 2020 року: дистанційні засідання, адресна підтримка мешканців, "
            "безпечні виборчі дільниці та інформування переселенців про виборчі права."
        ),
        "body": [
            ("paragraph",
             "<p>Збірник підготовлено за результатами 2020 року, коли громади водночас долали наслідки пандемії, завершували "
             "адміністративно-територіальну реформу і готувалися до місцевих виборів. Кожна практика описана за однаковою схемою: "
             "контекст, кроки, ресурси, результати і контактна особа.</p>"),
            ("heading", "Що всередині"),
            ("paragraph",
             "<ul>"
             "<li>Розділ 1. Рішення без зали засідань: дистанційні засідання рад і консультації онлайн.</li>"
             "<li>Розділ 2. Нікого не залишити наодинці: гарячі лінії, волонтерство, адресна допомога.</li>"
             "<li>Розділ 3. Безпечні вибори: санітарні протоколи, доступність дільниць.</li>"
             "<li>Розділ 4. Голос переселенців: інформаційні кампанії щодо зміни виборчої адреси.</li>"
             "</ul>"),
            ("paragraph",
             "<p>Повні описи більшості практик зі збірника доступні в бібліотеці спільноти, де їх можна фільтрувати за темою, "
             "областю і розміром громади.</p>"),
        ],
        "themes": ["vriaduvannia-pid-chas-karantynu", "vybory-pid-chas-covid-19"],
        "tags": ["covid-19", "вибори 2020", "збірник практик"],
        "date": "2021-03-01",
        "documents": [
            {
                "title": "Збірник практик громад 2020 року",
                "filename": "zbirnyk-praktyk-2020.pdf",
                "text": (
                    "Збірник практик громад: врядування під час карантину та вибори в умовах пандемії\n\n"
                    "Передмова. 2020 рік поставив перед громадами завдання, до яких ніхто не готувався: ухвалювати рішення без "
                    "засідань у залі, підтримувати мешканців, які не можуть вийти з дому, і проводити вибори так, щоб не наражати "
                    "людей на небезпеку.\n\n"
                    "Розділ 1. Дистанційні засідання рад. Практика Житомирської міської ради: трансляції, поіменне голосування, "
                    "публікація результатів у відкритих даних.\n\n"
                    "Розділ 2. Адресна допомога. Практики Тернополя і Чорткова: гаряча лінія, єдиний реєстр заявок, відкриті критерії.\n\n"
                    "Розділ 3. Безпечні вибори. Практики Славути і Новоукраїнки: санітарний набір для дільниці, аудит доступності.\n\n"
                    "Розділ 4. Виборчі права переселенців. Практика Краматорська: консультації щодо зміни виборчої адреси."
                ),
            },
        ],
        "en": None,
    },
]

EVENTS = [
    {
        "slug": "seminar-yakist-mistsevoi-demokratii-cherven-2020",
        "title": "Семінар «Якість демократії на місцевому рівні: Європейська хартія місцевого самоврядування в дії»",
        "summary": (
            "Онлайн-семінар для народних депутатів, національних асоціацій органів місцевого самоврядування та місцевих радників "
            "про те, як принципи Європейської хартії працюють в умовах карантину."
        ),
        "start": "2020-06-18T10:00",
        "end": "2020-06-18T16:00",
        "place": "Онлайн (відеоконференція)",
        "online": True,
        "oblast": None,
        "body": [
            ("heading", "Про семінар"),
            ("paragraph",
             "<p>Семінар відкриває серію заходів програми Конгресу місцевих і регіональних влад Ради Європи «Посилення демократії "
             "та довіри на місцевому рівні» у 2020 році. Учасники обговорять, як зберегти якість місцевої демократії — "
             "прозорість, підзвітність і участь мешканців — тоді, коли ради змушені працювати дистанційно.</p>"),
            ("heading", "Програма"),
            ("table", {
                "caption": "18 червня 2020 року",
                "header": ["Час", "Сесія"],
                "rows": [
                    ["10:00–10:30", "Відкриття. Європейська хартія місцевого самоврядування: що вона вимагає від держави і громад"],
                    ["10:30–12:00", "Дистанційні засідання рад: правове регулювання і досвід громад"],
                    ["12:00–13:00", "Перерва"],
                    ["13:00–14:30", "Консультації з мешканцями в умовах карантину"],
                    ["14:30–15:30", "Діалог національного і місцевого рівнів: що змінити"],
                    ["15:30–16:00", "Підсумки і наступні кроки"],
                ],
            }),
            ("paragraph",
             "<p>Робочі мови — українська та англійська, забезпечено синхронний переклад. Запис семінару та презентації доступні "
             "всім охочим.</p>"),
        ],
        "themes": ["merezha-mistsevoi-demokratii", "vriaduvannia-pid-chas-karantynu"],
        "tags": ["семінари 2020", "європейська хартія", "дистанційні засідання"],
        "materials": [
            {
                "title": "Програма семінару 18 червня 2020 року",
                "filename": "prohrama-seminaru-cherven-2020.pdf",
                "text": (
                    "Семінар «Якість демократії на місцевому рівні: Європейська хартія місцевого самоврядування в дії»\n"
                    "18 червня 2020 року, онлайн\n\n"
                    "10:00 Відкриття. Європейська хартія місцевого самоврядування: що вона вимагає від держави і громад.\n"
                    "10:30 Дистанційні засідання рад: правове регулювання і досвід громад.\n"
                    "13:00 Консультації з мешканцями в умовах карантину.\n"
                    "14:30 Діалог національного і місцевого рівнів: що змінити.\n"
                    "15:30 Підсумки і наступні кроки.\n\n"
                    "Учасники: представники Верховної Ради України, національних асоціацій органів місцевого самоврядування, "
                    "місцеві радники, експерти Конгресу."
                ),
            },
        ],
        "members_only": False,
    },
    {
        "slug": "seminar-vybory-pid-chas-pandemii-lypen-2020",
        "title": "Семінар «Вибори під час пандемії та виборчі права внутрішньо переміщених осіб»",
        "summary": (
            "Семінар у змішаному форматі про підготовку до місцевих виборів 2020 року в умовах COVID-19 і про те, як забезпечити "
            "внутрішньо переміщеним особам право голосувати за місцем фактичного проживання."
        ),
        "start": "2020-07-09T10:00",
        "end": "2020-07-09T17:00",
        "place": "Київ, змішаний формат: обмежена кількість учасників у залі та онлайн-трансляція",
        "online": False,
        "oblast": "kyiv",
        "body": [
            ("heading", "Про семінар"),
            ("paragraph",
             "<p>До місцевих виборів залишається кілька місяців, а епідемічна ситуація непередбачувана. Учасники семінару — "
             "народні депутати, представники національних асоціацій органів місцевого самоврядування, місцеві радники, "
             "експерти з виборчого права та громадські організації переселенців — обговорять, як провести вибори безпечно "
             "і не обмежити виборчих прав.</p>"),
            ("heading", "Питання для обговорення"),
            ("paragraph",
             "<ul>"
             "<li>Санітарні вимоги до виборчих дільниць і захист членів комісій.</li>"
             "<li>Голосування людей на самоізоляції, людей старшого віку та людей з інвалідністю.</li>"
             "<li>Зміна виборчої адреси внутрішньо переміщеними особами: процедура, строки, інформування.</li>"
             "<li>Рекомендація Конгресу щодо виборчих прав внутрішньо переміщених осіб і її застосування в Україні.</li>"
             "</ul>"),
            ("paragraph",
             "<p>Кількість місць у залі обмежено відповідно до карантинних вимог; для учасників онлайн передбачено можливість "
             "ставити запитання в чаті. Презентації доповідачів і робочі нотатки доступні учасникам спільноти після входу.</p>"),
        ],
        "themes": ["vybory-pid-chas-covid-19", "prava-liudyny"],
        "tags": ["семінари 2020", "виборчі права", "переселенці", "вибори 2020"],
        "materials": [
            {
                "title": "Презентації доповідачів семінару 9 липня 2020 року",
                "filename": "prezentatsii-seminaru-lypen-2020.pdf",
                "text": (
                    "Презентації доповідачів семінару «Вибори під час пандемії та виборчі права внутрішньо переміщених осіб»\n"
                    "9 липня 2020 року, Київ\n\n"
                    "1. Санітарні вимоги до організації голосування: що потрібно дільниці і хто за це відповідає.\n"
                    "2. Голосування людей на самоізоляції: варіанти і ризики.\n"
                    "3. Зміна виборчої адреси: покрокова процедура і типові помилки.\n"
                    "4. Рекомендація Конгресу щодо виборчих прав внутрішньо переміщених осіб: основні положення."
                ),
            },
            {
                "title": "Робочі нотатки семінару 9 липня 2020 року",
                "filename": "notatky-seminaru-lypen-2020.pdf",
                "text": (
                    "Робочі нотатки семінару 9 липня 2020 року\n\n"
                    "Учасники погодилися, що громади можуть допомогти комісіям із засобами захисту та облаштуванням приміщень, "
                    "не втручаючись у виборчий процес. Представники громад зі сходу України наголосили на потребі роз’яснювальної "
                    "кампанії для переселенців щодо зміни виборчої адреси. Запропоновано зібрати практики громад у збірник і "
                    "продовжити обмін досвідом після виборів."
                ),
            },
        ],
        "members_only": True,
    },
    {
        "slug": "obmin-dosvidom-2027-vidkryte-vriaduvannia-u-vidnovlenni",
        "title": "Обмін досвідом 2027: відкрите і підзвітне врядування у відновленні громад",
        "summary": (
            "Щорічна онлайн-зустріч спільноти практик: громади покажуть, як залучають мешканців, зокрема молодь і переселенців, "
            "до планування відновлення і як звітують про використання коштів."
        ),
        "start": "2027-04-15T10:00",
        "end": "2027-04-15T15:30",
        "place": "Онлайн; посилання надійде зареєстрованим учасникам",
        "online": True,
        "oblast": None,
        "body": [
            ("heading", "Для кого"),
            ("paragraph",
             "<p>Для посадовців громад і областей, депутатів, представників молодіжних рад і громадських організацій. "
             "Участь безкоштовна, потрібна попередня реєстрація.</p>"),
            ("heading", "Формат"),
            ("paragraph",
             "<ol>"
             "<li>Коротке відкриття і огляд нових практик у бібліотеці спільноти.</li>"
             "<li>Три паралельні «столи обміну»: відкриті дані про відновлення, участь молоді в плануванні, залучення переселенців.</li>"
             "<li>«Ярмарок практик»: громади за п’ять хвилин представляють одну практику і відповідають на запитання.</li>"
             "<li>Підсумки і домовленості про пари громад на наступний рік.</li>"
             "</ol>"),
            ("quote", {
                "text": "Найкращі рішення ми щоразу знаходимо не в презентаціях, а в розмовах між ними.",
                "attribution": "з відгуку учасниці попереднього обміну",
            }),
            ("paragraph",
             "<p>Громади, які хочуть представити свою практику на «ярмарку», можуть подати її через форму публікації практики "
             "з позначкою «Обмін досвідом 2027».</p>"),
        ],
        "themes": ["vidkryte-uriaduvannia", "merezha-mistsevoi-demokratii", "uchast-molodi"],
        "tags": ["обмін досвідом", "відновлення", "мережа громад"],
        "materials": [
            {
                "title": "Попередня програма обміну досвідом 2027",
                "filename": "prohrama-obminu-dosvidom-2027.pdf",
                "text": (
                    "Обмін досвідом 2027: відкрите і підзвітне врядування у відновленні громад\n"
                    "15 квітня 2027 року, онлайн. Попередня програма\n\n"
                    "10:00 Відкриття. Що нового в бібліотеці практик.\n"
                    "10:30 Столи обміну: відкриті дані про відновлення; участь молоді в плануванні; залучення переселенців.\n"
                    "12:30 Перерва.\n"
                    "13:15 Ярмарок практик.\n"
                    "15:00 Підсумки і пари громад на наступний рік.\n\n"
                    "Програма може змінюватися; остаточну версію буде надіслано зареєстрованим учасникам."
                ),
            },
        ],
        "members_only": False,
    },
]
