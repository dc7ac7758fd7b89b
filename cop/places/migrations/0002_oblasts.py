"""Reference data: the oblasts of Ukraine, the Autonomous Republic of Crimea and the two cities with special status."""

from django.db import migrations

OBLASTS = [
    ("vinnytska", "Вінницька область", "Vinnytsia Oblast"),
    ("volynska", "Волинська область", "Volyn Oblast"),
    ("dnipropetrovska", "Дніпропетровська область", "Dnipropetrovsk Oblast"),
    ("donetska", "Донецька область", "Donetsk Oblast"),
    ("zhytomyrska", "Житомирська область", "Zhytomyr Oblast"),
    ("zakarpatska", "Закарпатська область", "Zakarpattia Oblast"),
    ("zaporizka", "Запорізька область", "Zaporizhzhia Oblast"),
    ("ivano-frankivska", "Івано-Франківська область", "Ivano-Frankivsk Oblast"),
    ("kyivska", "Київська область", "Kyiv Oblast"),
    ("kirovohradska", "Кіровоградська область", "Kirovohrad Oblast"),
    ("luhanska", "Луганська область", "Luhansk Oblast"),
    ("lvivska", "Львівська область", "Lviv Oblast"),
    ("mykolaivska", "Миколаївська область", "Mykolaiv Oblast"),
    ("odeska", "Одеська область", "Odesa Oblast"),
    ("poltavska", "Полтавська область", "Poltava Oblast"),
    ("rivnenska", "Рівненська область", "Rivne Oblast"),
    ("sumska", "Сумська область", "Sumy Oblast"),
    ("ternopilska", "Тернопільська область", "Ternopil Oblast"),
    ("kharkivska", "Харківська область", "Kharkiv Oblast"),
    ("khersonska", "Херсонська область", "Kherson Oblast"),
    ("khmelnytska", "Хмельницька область", "Khmelnytskyi Oblast"),
    ("cherkaska", "Черкаська область", "Cherkasy Oblast"),
    ("chernivetska", "Чернівецька область", "Chernivtsi Oblast"),
    ("chernihivska", "Чернігівська область", "Chernihiv Oblast"),
    ("krym", "Автономна Республіка Крим", "Autonomous Republic of Crimea"),
    ("kyiv", "місто Київ", "Kyiv City"),
    ("sevastopol", "місто Севастополь", "Sevastopol City"),
]


def create_oblasts(apps, schema_editor):
    Oblast = apps.get_model("places", "Oblast")
    for position, (slug, name, name_en) in enumerate(OBLASTS):
        Oblast.objects.update_or_create(slug=slug, defaults={"name": name, "name_en": name_en, "position": position})


def remove_oblasts(apps, schema_editor):
    apps.get_model("places", "Oblast").objects.filter(slug__in=[o[0] for o in OBLASTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(create_oblasts, remove_oblasts)]
