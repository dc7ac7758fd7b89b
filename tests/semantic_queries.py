"""The relevance set for search by meaning, shared by tests/test_search_semantic_relevance.py and benchmarks/semantic.py.

Queries an official would type that share few or no words with the practice they should find:

* "uk→en": a Ukrainian query whose answer exists only in English (knowledge.demo_content.ENGLISH_PRACTICES);
* "en→uk": an English query whose answer exists only in Ukrainian (a practice without an "en" translation);
* "paraphrase": a question or paraphrase in the language of the answer, in other words than its text.

The first two are the cross-lingual part. Each query names the slugs of the documents that answer it (a result
counts when its URL ends with one of them: a practice and its translation share their slug). The queries were
written before any ranking was measured and are not tuned to pass: a query that fails is a finding.
"""

# (query, expected slugs, kind)
SEMANTIC_SET = [
    # Ukrainian query -> English-only practice
    ("відкриті дані про публічні закупівлі", ("open-procurement-dashboard-lutsk",), "uk→en"),
    ("як показати мешканцям усі договори і закупівлі міста", ("open-procurement-dashboard-lutsk",), "uk→en"),
    ("електронні петиції до міської ради", ("electronic-petitions-uzhhorod",), "uk→en"),
    ("скільки підписів має зібрати петиція, щоб її розглянули", ("electronic-petitions-uzhhorod",), "uk→en"),
    ("пункти обігріву під час відключень електроенергії", ("heating-and-charging-points-khmilnyk",), "uk→en"),
    ("де зарядити телефон, коли немає світла", ("heating-and-charging-points-khmilnyk",), "uk→en"),
    ("конфлікт інтересів депутатів місцевої ради", ("councillors-code-of-ethics-hadiach",), "uk→en"),
    ("кодекс етики депутатів", ("councillors-code-of-ethics-hadiach",), "uk→en"),
    ("житло для переселенців", ("housing-register-for-displaced-families-slavuta",), "uk→en"),
    ("як знайти тимчасове житло для сімей, які втекли від війни", ("housing-register-for-displaced-families-slavuta",), "uk→en"),
    ("допомога постраждалим від домашнього насильства в селах", ("mobile-team-domestic-violence-dobrosyn",), "uk→en"),
    ("шкільний бюджет участі", ("school-participatory-budget-novoukrainka",), "uk→en"),
    ("навчання членів дільничних виборчих комісій", ("online-training-for-polling-station-commissions-starobilsk",), "uk→en"),
    # English query -> Ukrainian-only practice
    ("hotline for older people during the lockdown", ("hariacha-liniia-dlia-liudei-starshoho-viku-ternopil",), "en→uk"),
    ("safety walks for women in public spaces", ("prohulianky-bezpeky-vinnytsia",), "en→uk"),
    ("mobile administrative services for remote villages", ("mobilnyi-tsnap-dlia-viddalenykh-sil-lutsk",), "en→uk"),
    ("open map of bomb shelters", ("vidkryta-mapa-ukryttiv-zhytomyr",), "en→uk"),
    ("hromada charter drafted together with residents", ("statut-hromady-razom-z-meshkantsiamy-tsyrkuny",), "en→uk"),
    ("teaching older people to use smartphones", ("tsyfrova-hramotnist-dlia-starshykh-hadiach",), "en→uk"),
    ("food aid with transparent eligibility criteria", ("produktova-dopomoha-za-vidkrytymy-kryteriiamy-chortkiv",), "en→uk"),
    ("mentoring for newly elected women councillors", ("nastavnytstvo-dlia-deputatok-khmilnyk",), "en→uk"),
    ("jobs for internally displaced people", ("kadrovyi-pul-dlia-pereselentsiv-uzhhorod",), "en→uk"),
    ("disinfection and masks at polling stations", ("sanitarnyi-protokol-vyborchykh-dilnyts-slavuta",), "en→uk"),
    ("how can residents living abroad take part in local decisions",
     ("onlain-konsultatsii-z-meshkantsiamy-za-kordonom-ternopil",), "en→uk"),
    ("can wheelchair users get into polling stations", ("audyt-dostupnosti-vyborchykh-dilnyts-novoukrainka",), "en→uk"),
    # Same language, other words
    ("як провести сесію, якщо депутати не можуть зібратися в залі", ("dystantsiini-zasidannia-rady-zhytomyr",), "paraphrase"),
    ("як допомогти самотнім пенсіонерам отримати ліки", ("hariacha-liniia-dlia-liudei-starshoho-viku-ternopil",), "paraphrase"),
    ("де сховатися під час повітряної тривоги", ("vidkryta-mapa-ukryttiv-zhytomyr",), "paraphrase"),
    ("щоб мешканцям сіл не треба було їздити до міста по довідки", ("mobilnyi-tsnap-dlia-viddalenykh-sil-lutsk",), "paraphrase"),
    ("допомога жінкам, які виїхали з дітьми від війни", ("prostir-pidtrymky-dlia-zhinok-pereselenok-chortkiv",), "paraphrase"),
    ("keeping people warm during winter blackouts", ("heating-and-charging-points-khmilnyk",), "paraphrase"),
    ("letting residents put an issue on the council agenda", ("electronic-petitions-uzhhorod",), "paraphrase"),
    ("children choose how to spend money in their school", ("school-participatory-budget-novoukrainka",), "paraphrase"),
]

CROSS_LINGUAL = ("uk→en", "en→uk")
TOP = 10  # a query whose answer is not in the first TOP results scores 0


def query_language(query):
    """"uk" when the query has Cyrillic letters, else "en" (the reader's interface language in the measurement)."""
    return "uk" if any("\u0400" <= ch <= "\u04ff" for ch in query) else "en"


def is_expected(url, slugs):
    path = (url or "").split("?")[0].rstrip("/")
    return any(path.endswith("/" + slug) for slug in slugs)


def rank(results, slugs):
    """1-based position of the first result that answers the query, or None."""
    for position, result in enumerate(results[:TOP], start=1):
        if is_expected(result.get("url"), slugs):
            return position
    return None


def mrr(ranks):
    return sum(1 / r if r else 0.0 for r in ranks) / len(ranks) if ranks else 0.0
