"""The polyphone classifier: g2pM's one-layer BiLSTM, run with a lean numpy loop.

g2pM (kakaobrain, Apache-2.0) reads a sentence character by character in both directions
and classifies the reading of each polyphonic character from the two hidden states there.
The weights are exported to ``data/g2pm_bilstm.npz`` by ``build_data.py``.

Why our own loop rather than the g2pM package: its per-step code recomputes the input
projection and splits gates in many small numpy calls.  Here the embedding and the input
projection (and both biases) are folded into one table per vocabulary entry at load time,
the two directions run as one batched matmul per step, and the tanh gate is pre-scaled so
one sigmoid call covers all four gates (tanh(x) = 2·σ(2x) − 1).  The model is only asked
about the characters the dictionary could not settle, and only over a window of context
around them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .resources import MODEL_FILE

_UNK = "<UNK>"
_BOS = "시"  # g2pM's sentence-start and sentence-end tokens
_EOS = "끝"


@dataclass(frozen=True)
class Prediction:
    """The reading chosen at one position and the model's probability for it."""

    reading: str  # numbered tone, neutral 5, ü as "u:" (g2pM's class spelling)
    prob: float


class PolyphoneModel:
    """Reading classifier for the polyphonic characters g2pM knows."""

    def __init__(self, path: Path = MODEL_FILE, *, window: int = 6) -> None:
        self.window = window
        with np.load(path, allow_pickle=False) as z:
            w = {k: z[k] for k in z.files}
        vocab = [str(c) for c in w["vocab"]]
        self._index = {c: i for i, c in enumerate(vocab)}
        self._unk = self._index[_UNK]
        self._bos = self._index[_BOS]
        self._eos = self._index[_EOS]
        hidden = w["w_hh_fw"].shape[1]
        self._h = hidden
        # PyTorch gate order is i, f, g, o.  Interleave the two directions and regroup as
        # [i f o | g] × [fw bw] so one tanh covers every gate: σ(x) = (1 + tanh(x/2)) / 2,
        # hence the i, f, o columns are pre-scaled by 1/2.
        h = hidden
        gate_rows = {
            "i": slice(0, h),
            "f": slice(h, 2 * h),
            "g": slice(2 * h, 3 * h),
            "o": slice(3 * h, 4 * h),
        }
        order = ("i", "f", "o", "g")
        pre = {}
        for d in ("fw", "bw"):
            pre[d] = w["embedding"] @ w[f"w_ih_{d}"].T + w[f"b_ih_{d}"] + w[f"b_hh_{d}"]  # (V, 4H)
        whh = np.zeros((2 * h, 8 * h), dtype=np.float64)
        pre_fw = np.zeros((pre["fw"].shape[0], 8 * h), dtype=np.float64)
        pre_bw = np.zeros_like(pre_fw)
        for k, name in enumerate(order):
            scale = 1.0 if name == "g" else 0.5
            rows = gate_rows[name]
            fw_cols = slice((2 * k) * h, (2 * k + 1) * h)
            bw_cols = slice((2 * k + 1) * h, (2 * k + 2) * h)
            pre_fw[:, fw_cols] = pre["fw"][:, rows] * scale
            pre_bw[:, bw_cols] = pre["bw"][:, rows] * scale
            whh[:h, fw_cols] = w["w_hh_fw"][rows].T * scale
            whh[h:, bw_cols] = w["w_hh_bw"][rows].T * scale
        # the forward table fills the fw columns and the backward one the bw columns, so the
        # step input is pre_fw[token at t] + pre_bw[token at n-1-t]
        self._pre_fw = pre_fw
        self._pre_bw = pre_bw
        self._whh = whh
        self._fc0_w = w["fc0_w"].T.copy()  # (2H, 32)
        self._fc0_b = w["fc0_b"]
        self._fc1_w = w["fc1_w"]
        self._fc1_b = w["fc1_b"]
        self._classes = [str(c) for c in w["classes"]]
        offsets = w["poly_offsets"]
        cands = w["poly_classes"]
        self.candidates: dict[str, tuple[int, ...]] = {
            str(ch): tuple(int(x) for x in cands[offsets[i] : offsets[i + 1]])
            for i, ch in enumerate(w["poly_chars"])
        }
        # candidates as a padded (chars × K) table so a batch is classified in one go
        widest = max(len(c) for c in self.candidates.values())
        self._slot = {ch: k for k, ch in enumerate(self.candidates)}
        self._cand_cls = np.zeros((len(self._slot), widest), dtype=np.intp)
        self._cand_ok = np.zeros((len(self._slot), widest), dtype=bool)
        for ch, k in self._slot.items():
            c = self.candidates[ch]
            self._cand_cls[k, : len(c)] = c
            self._cand_ok[k, : len(c)] = True

    def readings(self, char: str) -> list[str]:
        """The candidate readings of a polyphonic character (empty if the model has none)."""
        return [self._classes[i] for i in self.candidates.get(char, ())]

    def predict(self, text: str, positions: list[int]) -> list[Prediction]:
        """Readings of ``text[p]`` for each p in ``positions`` (each must be a known polyphone).

        Each position is read from a window of ``window`` characters either side: a BiLSTM's
        state at one character hardly depends on text further away (measured on the CPP dev
        split: the same accuracy from 6 characters up), and short windows, run as one batch,
        cost a fixed number of steps however long the sentence is.
        """
        if not positions:
            return []
        index = self._index
        unk = self._unk
        w = self.window
        n = len(text)
        rows = len(positions)
        width = 2 * w + 3  # window + BOS + EOS
        body = [index.get(c, unk) for c in text]
        bos = self._bos
        eos = self._eos
        fw_rows: list[list[int]] = []
        bw_rows: list[list[int]] = []
        fw_list: list[int] = []
        bw_list: list[int] = []
        for p in positions:
            a = p - w if p > w else 0
            b = p + w + 1 if p + w + 1 < n else n
            ids = [bos, *body[a:b], eos]
            pad = [0] * (width - len(ids))  # 0 is <PAD>, after the sequence in both directions
            fw_rows.append(ids + pad)
            ids.reverse()
            bw_rows.append(ids + pad)
            fw_list.append(p - a + 1)
            bw_list.append(b - p)  # = len(ids) - 1 - (p - a + 1)
        fw_ids = np.array(fw_rows, dtype=np.intp)
        bw_ids = np.array(bw_rows, dtype=np.intp)
        fw_at = np.array(fw_list, dtype=np.intp)
        bw_at = np.array(bw_list, dtype=np.intp)
        steps = int(max(fw_at.max(), bw_at.max())) + 1
        x = self._pre_fw[fw_ids[:, :steps].T] + self._pre_bw[bw_ids[:, :steps].T]  # (T, B, 8H)
        states = self._run(x, steps)  # (T, B, 2H)
        h = self._h
        ar = np.arange(rows)
        feat = np.concatenate((states[fw_at, ar, :h], states[bw_at, ar, h:]), axis=1)
        hid = feat @ self._fc0_w + self._fc0_b
        np.maximum(hid, 0.0, out=hid)
        slots = np.array([self._slot[text[p]] for p in positions], dtype=np.intp)
        cls = self._cand_cls[slots]  # (B, K)
        logits = np.einsum("bkd,bd->bk", self._fc1_w[cls], hid) + self._fc1_b[cls]
        logits[~self._cand_ok[slots]] = -np.inf
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        probs = e / e.sum(axis=1, keepdims=True)
        best = probs.argmax(axis=1)
        chosen = cls[ar, best]
        return [
            Prediction(self._classes[c], float(pr))
            for c, pr in zip(chosen.tolist(), probs[ar, best].tolist(), strict=True)
        ]

    def _run(self, x: np.ndarray, steps: int) -> np.ndarray:
        rows = x.shape[1]
        h2 = 2 * self._h
        whh = self._whh
        states = np.empty((steps, rows, h2))
        hidden = np.zeros((rows, h2))
        cell = np.zeros((rows, h2))
        gates = np.empty((rows, 4 * h2))
        scratch = np.empty((rows, h2))
        # views made once: slicing inside the loop costs as much as the arithmetic
        ifo = gates[:, : 3 * h2]
        gate_i = gates[:, :h2]
        gate_f = gates[:, h2 : 2 * h2]
        gate_o = gates[:, 2 * h2 : 3 * h2]
        gate_g = gates[:, 3 * h2 :]
        tanh = np.tanh
        dot = np.dot
        add = np.add
        multiply = np.multiply
        for t in range(steps):
            dot(hidden, whh, out=gates)
            add(gates, x[t], out=gates)
            tanh(gates, out=gates)
            multiply(ifo, 0.5, out=ifo)
            add(ifo, 0.5, out=ifo)
            multiply(cell, gate_f, out=cell)
            multiply(gate_i, gate_g, out=scratch)
            add(cell, scratch, out=cell)
            hidden = states[t]
            tanh(cell, out=hidden)
            multiply(hidden, gate_o, out=hidden)
        return states
