"""Attention heads on the encoder's token states, trained end to end on a GPU.

Usage (on a machine with PyTorch; the inputs come from ``finetune_prepare.py``)::

    python benchmarks/gpu_token_heads.py --inputs .device/finetune/inputs.npz --out OUT

The fine-tuning runs of ``gpu_finetune_e5.py`` pooled the last layer by its mean
and lost to the shipped frozen attention head. This asks what the attention head
itself gains from more than the frozen states, in three modes, each the shipped
paragraph-attention design (per token ``z = relu(W1 h + b1)``; per technique a
score ``z W2`` and an attention logit ``z U``) on each token's mean of layers 6, 8,
10 and 12, the states the engine hands the shipped heads:

- ``att``: the frozen states, as shipped; the GPU's check on the numpy head.
- ``ctx``: the frozen states through one new transformer layer first (1.8M
  weights). It could ship: numpy runs one layer on the states the engine already
  returns, with no second encoder pass.
- ``lora``: the encoder's LoRA adapters trained with the head (as in
  ``gpu_finetune_e5.py``); the ceiling of this head on e5-small.

Each is trained on four folds (those of ``spinscope train``) and scores the
fifth; its scores are the mean of its snapshots after each epoch in
``--snapshots``, as the shipped heads average theirs.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

try:
    import torch
    import torch.nn.functional as F
    from torch import nn
except ImportError:  # spinscope itself never needs it; the GPU machine has it
    sys.exit("gpu_token_heads.py: needs PyTorch (python3 on the GPU machine has it)")

from gpu_finetune_e5 import (
    SEED,
    Encoder,
    batches,
    load_inputs,
    padded,
    quick_f1,
    run_log,
    train_step,
    warmup_decay,
)

POOLED = (5, 7, 9, 11)  # 0-based: layers 6, 8, 10 and 12, as the engine pools them
HIDDEN = 256


def layer_mean(states: list[torch.Tensor]) -> torch.Tensor:
    """Each token's mean over the pooled layers: the states the engine hands the heads."""
    return sum(states[i] for i in POOLED) / len(POOLED)


class AttentionHead(nn.Module):
    """The shipped paragraph-attention head, optionally after one new layer."""

    def __init__(self, dim: int, n_labels: int, context: bool) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.context = (
            nn.TransformerEncoderLayer(dim, 6, 4 * dim, dropout=0.1, batch_first=True)
            if context
            else None
        )
        self.w1 = nn.Linear(dim, HIDDEN)
        self.w2 = nn.Linear(HIDDEN, n_labels)
        self.u = nn.Linear(HIDDEN, n_labels, bias=False)
        nn.init.constant_(self.w2.bias, -2.0)
        nn.init.zeros_(self.u.weight)
        self.dropout = nn.Dropout(0.1)

    def forward(self, h: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        h = self.norm(h)
        if self.context is not None:
            h = self.context(h, src_key_padding_mask=~mask)
        z = self.dropout(F.relu(self.w1(h)))
        e = self.u(z).masked_fill(~mask[..., None], float("-inf"))
        return (torch.softmax(e.float(), dim=1) * self.w2(z).float()).sum(1)


class TunedEncoder(Encoder):
    """LoRA e5-small whose layer-mean token states feed the attention head."""

    def __init__(self, z, n_labels: int) -> None:
        super().__init__(z, n_labels, "lora")
        self.head = AttentionHead(self.word.shape[1], n_labels, context=False)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        states = self.states(ids, mask)
        return self.head(layer_mean(states), mask)


class Padded:
    """Each paragraph's piece ids, or its frozen token states, batched with a mask."""

    def __init__(self, ids_of: list[np.ndarray], device: str) -> None:
        self.ids_of, self.device, self.states = ids_of, device, None

    def freeze(self, z, lengths: np.ndarray, log) -> None:
        """Run the frozen encoder once; keep every token's layer mean (bfloat16)."""
        encoder = Encoder(z, 1, "lora").to(self.device).eval()
        out: list[torch.Tensor | None] = [None] * len(self.ids_of)
        order = np.argsort(lengths)
        with torch.no_grad():
            for i in range(0, len(order), 256):
                rows = order[i : i + 256]
                ids, mask = self.ids(rows)
                with torch.autocast(device_type=self.device.split(":")[0], dtype=torch.bfloat16):
                    states = encoder.states(ids, mask)
                mean = layer_mean([s.float() for s in states]).bfloat16()
                for r, row_states in zip(rows, mean, strict=True):
                    out[r] = row_states[: lengths[r]].clone()
        self.states = out
        log(f"frozen states of {len(out)} paragraphs kept")

    def ids(self, rows: np.ndarray):
        return padded(self.ids_of, rows, self.device)

    def batch(self, rows: np.ndarray):
        """What the model reads: piece ids, or the kept states; and the mask."""
        if self.states is None:
            return self.ids(rows)
        parts = [self.states[r] for r in rows]
        x = nn.utils.rnn.pad_sequence(parts, batch_first=True)
        lengths = torch.tensor([len(p) for p in parts], device=self.device)
        mask = torch.arange(x.shape[1], device=self.device)[None] < lengths[:, None]
        return x, mask


def build(mode: str, z, n_labels: int) -> nn.Module:
    if mode == "lora":
        return TunedEncoder(z, n_labels)
    return AttentionHead(int(z["header"][0]), n_labels, context=mode == "ctx")


@torch.no_grad()
def score(model: nn.Module, data: Padded, lengths: np.ndarray, rows: np.ndarray, device: str):
    """Probabilities on ``rows``, in batches of similar length; training resumes after."""
    model.eval()
    head = model.head if isinstance(model, TunedEncoder) else model
    out = np.zeros((len(rows), head.w2.out_features), np.float32)
    order = np.argsort(lengths[rows])
    for i in range(0, len(order), 256):
        part = rows[order[i : i + 256]]
        with torch.autocast(device_type=device.split(":")[0], dtype=torch.bfloat16):
            out[order[i : i + 256]] = torch.sigmoid(model(*data.batch(part)).float()).cpu().numpy()
    model.train()
    return out


def fit_and_score(z, data, lengths, y, train_rows, test_rows, mode, args, device, log):
    """Train on ``train_rows``; the mean of the snapshots' scores on ``test_rows``."""
    torch.manual_seed(SEED)
    model = build(mode, z, y.shape[1]).to(device)
    rng = np.random.default_rng(SEED)

    def in_body(name: str) -> bool:  # the adapters, or the new layer: these learn at lr_body
        return not name.startswith("head.") if mode == "lora" else name.startswith("context.")

    named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    groups = [
        {"params": [p for n, p in named if not in_body(n)], "lr": args.lr_head},
        {"params": [p for n, p in named if in_body(n)], "lr": args.lr_body},
    ]
    groups = [g for g in groups if g["params"]]
    optimizer = torch.optim.AdamW(groups, weight_decay=0.01)
    epochs = max(args.snapshots)
    steps = epochs * math.ceil(len(train_rows) / args.batch)
    schedule = warmup_decay(optimizer, steps, floor=0.02)
    target = torch.from_numpy(y.astype(np.float32)).to(device)
    kept = []
    model.train()
    for epoch in range(1, epochs + 1):
        total = 0.0
        for rows in batches(lengths, train_rows, args.batch, rng):
            loss = train_step(model, data.batch(rows), target[rows], optimizer, schedule)
            total += loss * len(rows)
        note = ""
        if epoch in args.snapshots:
            kept.append(score(model, data, lengths, test_rows, device))
            note = f", snapshot quick F1 {quick_f1(y[test_rows], kept[-1]):.4f}"
        log(f"  {mode} epoch {epoch}/{epochs}: loss {total / len(train_rows):.4f}{note}")
    return np.mean(kept, axis=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--modes", default="att,ctx,lora", help="in the order to run them")
    parser.add_argument("--folds", default="0,1,2,3,4", help="folds the frozen modes score")
    parser.add_argument("--lora-folds", default="0", help="folds the lora mode scores")
    parser.add_argument("--snapshots", default="4,6,8", help="epochs whose scores are averaged")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr-head", type=float, default=1e-3)
    parser.add_argument("--lr-body", type=float, default=2e-4, help="new layer, or adapters")
    parser.add_argument("--limit", type=int, default=0, help="first N paragraphs (a smoke test)")
    parser.add_argument("--budget-s", type=float, default=480, help="skip work past this")
    args = parser.parse_args(argv)
    args.snapshots = {int(e) for e in args.snapshots.split(",")}
    began = time.time()
    log = run_log(args.out)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    z, ids_of, lengths, y, folds = load_inputs(args.inputs, args.limit)
    n = len(y)
    log(f"{device}: {n} paragraphs, modes {args.modes}, snapshots {sorted(args.snapshots)}")
    summary: dict = {"device": device, "n": int(n), "runs": {}}
    frozen = Padded(ids_of, device)
    for mode in args.modes.split(","):
        data = Padded(ids_of, device)
        if mode != "lora":
            if frozen.states is None:
                frozen.freeze(z, lengths, log)
            data = frozen
        oof = np.full(y.shape, np.nan, np.float32)
        for k in (int(f) for f in (args.lora_folds if mode == "lora" else args.folds).split(",")):
            if time.time() - began > args.budget_s:
                log(f"{mode} fold {k}: skipped, past the budget")
                continue
            train_rows, test_rows = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
            oof[test_rows] = fit_and_score(
                z, data, lengths, y, train_rows, test_rows, mode, args, device, log
            )
            f1 = quick_f1(y[test_rows], oof[test_rows])
            log(f"{mode} fold {k}: quick micro-F1 {f1:.4f}")
            summary["runs"].setdefault(mode, {})[f"fold{k}"] = f1
            np.save(args.out / f"oof_{mode}.npy", oof.astype(np.float16))
            (args.out / "summary.json").write_text(json.dumps(summary, indent=1))
    log(f"done in {time.time() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
