#!/usr/bin/python3
"""Makes the fixture files of dev.jlstm.core.io's tests: .npy files written by NumPy itself, and
safetensors files written the way PyTorch users make them.

Run it in this directory with Debian's python3 (numpy 1.24, torch 1.13); the files are committed, so
the tests never need Python. The `safetensors` package is not needed: save_safetensors() below builds
the format by hand from its specification (https://github.com/huggingface/safetensors), in the same
layout as safetensors.torch.save_file: compact JSON, "__metadata__" first, tensors sorted by dtype
alignment and then by name, header padded with spaces to a multiple of 8 bytes.
"""
import json
import struct
import sys

import numpy as np
import torch


def save(name, array, version=None):
    """np.save, or a chosen format version through numpy.lib.format.write_array."""
    with open(name, "wb") as f:
        if version is None:
            np.save(f, array)
        else:
            np.lib.format.write_array(f, array, version=version)


def save_safetensors(name, tensors, metadata=None):
    """tensors: name -> torch tensor, written contiguous in the order of safetensors.torch.save_file."""
    dtypes = {torch.float32: "F32", torch.float64: "F64", torch.bfloat16: "BF16", torch.int64: "I64"}
    order = sorted(tensors, key=lambda k: (-tensors[k].element_size(), k))
    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for key in order:
        t = tensors[key].detach().contiguous()
        # bfloat16 has no NumPy dtype: take its bytes through a 16-bit integer view.
        raw = (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).numpy().tobytes()
        header[key] = {"dtype": dtypes[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(name, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


assert sys.byteorder == "little", "tensor bytes are written in the machine's order"

a23 = np.arange(6, dtype="<f4").reshape(2, 3) / np.float32(4)  # 0, 0.25, ..., 1.25

# Accepted .npy files.
save("f32_2x3.npy", a23)                                        # format 1.0
save("f32_2x3_v2.npy", a23, version=(2, 0))
save("f32_2x3_v3.npy", a23, version=(3, 0))
save("f32_scalar.npy", np.array(-1.5, dtype="<f4"))             # shape ()
save("f32_0x3.npy", np.zeros((0, 3), dtype="<f4"))
save("f32_rank4.npy", np.arange(12, dtype="<f4").reshape(2, 1, 3, 2))
# NaN with a payload, -0, infinities, the smallest subnormal, the largest float, 1.
bits = [0x7FC12345, 0x80000000, 0x7F800000, 0xFF800000, 0x00000001, 0x7F7FFFFF, 0x3F800000]
save("f32_special.npy", np.array(bits, dtype="<u4").view("<f4"))

# Refused .npy files.
save("f64_2x3.npy", a23.astype("<f8"))
save("i64_2x3.npy", np.arange(6, dtype="<i8").reshape(2, 3))
save("f16_2x3.npy", a23.astype("<f2"))
save("f4_big_endian_2x3.npy", a23.astype(">f4"))
save("f32_fortran_2x3.npy", np.asfortranarray(a23))

# A PyTorch LSTM's weights, as a safetensors file and as one .npy file per tensor.
torch.manual_seed(0)
lstm = torch.nn.LSTM(input_size=3, hidden_size=2)
state = lstm.state_dict()
save_safetensors("lstm.safetensors", state, {"format": "pt"})
for key, value in state.items():
    save("lstm_" + key + ".npy", value.numpy())

# Edge cases in one file: a scalar, an empty tensor, a non-ASCII name, metadata with escapes.
save_safetensors("edge_cases.safetensors", {
    "scalar": torch.tensor(2.5),
    "empty": torch.zeros(0, 3),
    "énergie/层": torch.arange(4, dtype=torch.float32).reshape(2, 2),
}, {"quote\"backslash\\": "line\nbreak\ttab\u0001", "ünïcode": "层"})

# Refused safetensors files: the dtype of half-precision and double models.
save_safetensors("f64.safetensors", {"weight_ih_l0": lstm.weight_ih_l0.double()})
save_safetensors("bf16.safetensors", {"weight_ih_l0": lstm.weight_ih_l0.bfloat16()})
