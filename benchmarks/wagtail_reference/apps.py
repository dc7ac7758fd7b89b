from django.apps import AppConfig


class WagtailReferenceConfig(AppConfig):
    name = "benchmarks.wagtail_reference"
    label = "bench_wagtail_reference"
    verbose_name = "Search benchmark: Wagtail reference"
    default_auto_field = "django.db.models.BigAutoField"
