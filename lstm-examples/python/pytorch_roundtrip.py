#!/usr/bin/env python3
"""The PyTorch round trip: a torch.nn.LSTM exported to safetensors, run by `./jlstm infer`, compared.

Run from the repository root, with a Python that has torch and numpy (on Debian:
`apt-get install python3-torch`, then `/usr/bin/python3 lstm-examples/python/pytorch_roundtrip.py`).
It writes into a temporary directory and prints the largest difference between PyTorch's outputs
and jlstm's; it exits non-zero if any exceeds 1e-5.

`safetensors.torch.save_file(module.state_dict(), path)` writes the same file when the `safetensors`
package is installed; the few lines of `save_file` below do it without that package.
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np
import torch


def save_file(tensors, path):
    """A safetensors file: u64 header length, JSON header, then the raw float32 data."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-(8 + len(raw)) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)) + raw + b"".join(blobs))


def main():
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(input_size=8, hidden_size=32, num_layers=2, bidirectional=True)
    x = torch.randn(20, 4, 8)  # [T, B, X], seq-first
    with torch.no_grad():
        out, (hn, cn) = lstm(x)
    with tempfile.TemporaryDirectory() as d:
        save_file(lstm.state_dict(), os.path.join(d, "W.safetensors"))
        np.save(os.path.join(d, "X.npy"), x.numpy())
        subprocess.run(["./jlstm", "infer", "--weights", f"{d}/W.safetensors", "--input", f"{d}/X.npy",
                        "--output", f"{d}/Y.npy", "--hn", f"{d}/HN.npy", "--cn", f"{d}/CN.npy"], check=True)
        diffs = {name: float(np.abs(np.load(f"{d}/{f}") - ref.numpy()).max())
                 for name, f, ref in [("output", "Y.npy", out), ("hn", "HN.npy", hn), ("cn", "CN.npy", cn)]}
    print("largest |PyTorch - jlstm|:", diffs)
    sys.exit(0 if max(diffs.values()) <= 1e-5 else 1)


if __name__ == "__main__":
    main()
