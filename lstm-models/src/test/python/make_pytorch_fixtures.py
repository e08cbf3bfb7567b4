"""Generate the PyTorch reference fixtures that jlstm's tests compare against.

Run from the repository root with Debian's Python (the one that has torch):

    /usr/bin/python3 lstm-models/src/test/python/make_pytorch_fixtures.py

It is deterministic (torch.manual_seed per case, float32, one thread) and idempotent: every case
directory under lstm-models/src/test/resources/pytorch/ is deleted and written again. After writing,
it reads every file back and checks it (an independent safetensors reader, a float64 NumPy
re-implementation of the LSTM/GRU equations with per-row lengths, and the masking of padded steps).

One directory per case, lstm-models/src/test/resources/pytorch/<case>/:

  case.json          kind ("lstm" | "gru"), input_size X, hidden_size H, num_layers L, bidirectional,
                     bias, T, B, lengths (list or null), has_initial_state, weight_scale, seed,
                     torch_version, and the loss as a string.
  weights.safetensors  the module's state_dict(), float32, PyTorch names and layouts:
                     weight_ih_l{k} [G*H, X or dirs*H], weight_hh_l{k} [G*H, H], bias_ih_l{k} [G*H],
                     bias_hh_l{k} [G*H], and the same with suffix _reverse for the backward direction;
                     G = 4 (gates i, f, g, o) for LSTM, 3 (r, z, n) for GRU. The default PyTorch init,
                     then every parameter (weights and biases) multiplied by weight_scale so the gates
                     are not all near 0.5.
  input.npy          x [T, B, X], seq-first, uniform in [-2, 2] (also at padded positions).
  h0.npy, c0.npy     initial states [L*dirs, B, H] (only when has_initial_state; c0 for LSTM only),
                     uniform in [-1, 1]; row index = layer*dirs + direction (0 forward, 1 reverse).
  output.npy         top layer's output [T, B, dirs*H] (forward direction in [..., :H], reverse in
                     [..., H:]); exactly zero at padded steps t >= lengths[b].
  hn.npy, cn.npy     final states [L*dirs, B, H] (cn for LSTM only). With lengths: forward direction =
                     state after step lengths[b]-1; reverse direction = state after running from step
                     lengths[b]-1 down to step 0 (i.e. equal to the reverse half of output[0, b]).
  grad_output.npy    R  [T, B, dirs*H], uniform in [-1, 1], nonzero at padded steps too.
  grad_hn.npy        Rh [L*dirs, B, H], uniform in [-1, 1].
  grad_cn.npy        Rc [L*dirs, B, H], uniform in [-1, 1] (LSTM only).
  grads.safetensors  d loss / d parameter, same names and shapes as weights.safetensors, for
                         loss = sum(output * R) + sum(hn * Rh) + sum(cn * Rc)   (no cn term for GRU)
  grad_input.npy     d loss / d x [T, B, X] (zero at padded steps).
  grad_h0.npy, grad_c0.npy  d loss / d h0, d c0 [L*dirs, B, H] (when has_initial_state; c0: LSTM).
  grads_output_only.safetensors, grad_input_output_only.npy, grad_h0_output_only.npy,
  grad_c0_output_only.npy   the same for loss = sum(output * R) alone (what `jlstm grad` computes).

Variable-length cases run the module on
torch.nn.utils.rnn.pack_padded_sequence(x, lengths, enforce_sorted=False) and unpack with
pad_packed_sequence(..., total_length=T); h0/c0 and hn/cn are in the original batch order.
"""

import json
import os
import shutil
import struct
import sys

import numpy as np
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "resources", "pytorch"))

LOSS_FULL = "sum(output * R) + sum(hn * Rh) + sum(cn * Rc)"
LOSS_FULL_GRU = "sum(output * R) + sum(hn * Rh)"
LOSS_OUTPUT_ONLY = "sum(output * R)"

# name: (kind, X, H, L, bidirectional, bias, T, B, lengths, has_initial_state, weight_scale, seed)
CASES = [
    ("lstm_1layer", "lstm", 3, 4, 1, False, True, 5, 2, None, False, 2.0, 101),
    ("lstm_1layer_h0", "lstm", 3, 4, 1, False, True, 5, 2, None, True, 2.0, 102),
    ("lstm_2layer", "lstm", 3, 4, 2, False, True, 5, 3, None, True, 2.0, 103),
    ("lstm_bidirectional", "lstm", 3, 4, 1, True, True, 6, 2, None, True, 2.0, 104),
    ("lstm_2layer_bidirectional", "lstm", 2, 3, 2, True, True, 4, 2, None, True, 1.8, 105),
    ("lstm_no_bias", "lstm", 3, 5, 1, False, False, 4, 2, None, False, 2.5, 106),
    ("lstm_lengths", "lstm", 3, 4, 2, True, True, 7, 4, [7, 3, 5, 1], True, 2.0, 107),
    ("gru_1layer", "gru", 3, 4, 1, False, True, 5, 2, None, True, 2.0, 201),
    ("gru_2layer_bidirectional", "gru", 3, 4, 2, True, True, 5, 3, None, True, 2.0, 202),
    ("gru_lengths", "gru", 2, 3, 1, True, True, 6, 3, [6, 2, 4], True, 1.8, 203),
    ("gru_no_bias", "gru", 3, 4, 1, False, False, 4, 2, None, False, 2.5, 204),
    ("lstm_h64", "lstm", 16, 64, 1, False, True, 6, 3, None, True, 4.0, 301),
]


# ---------------------------------------------------------------------------------------------
# safetensors, written and read by hand (the safetensors package is not assumed)

def write_safetensors(path, tensors, metadata=None):
    """tensors: list of (name, float32 ndarray), written in this order, contiguous, no holes."""
    header = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    blobs = []
    offset = 0
    for name, arr in tensors:
        data = np.ascontiguousarray(arr, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(arr.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    hbytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hbytes += b" " * ((-(8 + len(hbytes))) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hbytes)))
        f.write(hbytes)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    """Independent minimal reader: returns (dict name -> ndarray, metadata), checks the layout."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    assert (8 + n) % 8 == 0, "header not padded to 8"
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    buf = raw[8 + n:]
    meta = header.pop("__metadata__", None)
    out = {}
    spans = []
    for name, info in header.items():
        assert info["dtype"] == "F32"
        b, e = info["data_offsets"]
        count = int(np.prod(info["shape"])) if info["shape"] else 1
        assert e - b == 4 * count
        out[name] = np.frombuffer(buf[b:e], dtype="<f4").reshape(info["shape"])
        spans.append((b, e))
    spans.sort()
    pos = 0
    for b, e in spans:
        assert b == pos, "hole or overlap in the byte buffer"
        pos = e
    assert pos == len(buf), "trailing bytes after the last tensor"
    return out, meta


# ---------------------------------------------------------------------------------------------
# float64 NumPy reference (per-row lengths, no packing), used only as a self-check

def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def np_cell(kind, p, sfx, x, h, c, bias):
    wih, whh = p["weight_ih" + sfx], p["weight_hh" + sfx]
    gi = x @ wih.T
    gh = h @ whh.T
    if bias:
        gi = gi + p["bias_ih" + sfx]
        gh = gh + p["bias_hh" + sfx]
    H = h.shape[1]
    if kind == "lstm":
        g = gi + gh
        i, f, gg, o = sigmoid(g[:, :H]), sigmoid(g[:, H:2 * H]), np.tanh(g[:, 2 * H:3 * H]), sigmoid(g[:, 3 * H:])
        c2 = f * c + i * gg
        return o * np.tanh(c2), c2
    r = sigmoid(gi[:, :H] + gh[:, :H])
    z = sigmoid(gi[:, H:2 * H] + gh[:, H:2 * H])
    n = np.tanh(gi[:, 2 * H:] + r * gh[:, 2 * H:])
    return (1.0 - z) * n + z * h, None


def np_forward(kind, p, X, H, L, bidir, bias, x, lengths, h0, c0):
    T, B, _ = x.shape
    dirs = 2 if bidir else 1
    lens = np.array(lengths if lengths is not None else [T] * B)
    if h0 is None:
        h0 = np.zeros((L * dirs, B, H))
    if c0 is None:
        c0 = np.zeros((L * dirs, B, H))
    hn = np.zeros((L * dirs, B, H))
    cn = np.zeros((L * dirs, B, H))
    inp = x
    for layer in range(L):
        out = np.zeros((T, B, dirs * H))
        for d in range(dirs):
            k = layer * dirs + d
            sfx = "_l%d" % layer + ("_reverse" if d == 1 else "")
            h, c = h0[k].copy(), c0[k].copy()
            steps = range(T) if d == 0 else range(T - 1, -1, -1)
            for t in steps:
                live = (t < lens)[:, None]
                h2, c2 = np_cell(kind, p, sfx, inp[t], h, c, bias)
                h = np.where(live, h2, h)
                if c2 is not None:
                    c = np.where(live, c2, c)
                out[t, :, d * H:(d + 1) * H] = np.where(live, h2, 0.0)
            hn[k], cn[k] = h, c
        inp = out
    return out, hn, cn


# ---------------------------------------------------------------------------------------------

def save_npy(path, t):
    arr = t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else t
    np.save(path, np.ascontiguousarray(arr, dtype=np.float32))


def uniform(shape, lo, hi):
    return torch.rand(*shape) * (hi - lo) + lo


def run_module(module, kind, x, lengths, h0, c0, T):
    if kind == "lstm":
        hx = (h0, c0) if h0 is not None else None
    else:
        hx = h0
    if lengths is None:
        out, hfin = module(x, hx)
    else:
        packed = pack_padded_sequence(x, torch.tensor(lengths, dtype=torch.int64), enforce_sorted=False)
        pout, hfin = module(packed, hx)
        out, out_lens = pad_packed_sequence(pout, total_length=T)
        assert out_lens.tolist() == list(lengths)
    if kind == "lstm":
        return out, hfin[0], hfin[1]
    return out, hfin, None


def make_case(name, kind, X, H, L, bidir, bias, T, B, lengths, has_init, scale, seed):
    d = os.path.join(ROOT, name)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    dirs = 2 if bidir else 1
    is_lstm = kind == "lstm"

    torch.manual_seed(seed)
    cls = torch.nn.LSTM if is_lstm else torch.nn.GRU
    module = cls(input_size=X, hidden_size=H, num_layers=L, bias=bias, batch_first=False,
                 bidirectional=bidir)
    with torch.no_grad():
        for prm in module.parameters():
            prm.mul_(scale)
    names = list(module.state_dict().keys())
    params = dict(module.named_parameters())
    assert names == list(params.keys())

    x = uniform((T, B, X), -2.0, 2.0).requires_grad_(True)
    h0 = c0 = None
    if has_init:
        h0 = uniform((L * dirs, B, H), -1.0, 1.0).requires_grad_(True)
        if is_lstm:
            c0 = uniform((L * dirs, B, H), -1.0, 1.0).requires_grad_(True)
    R = uniform((T, B, dirs * H), -1.0, 1.0)
    Rh = uniform((L * dirs, B, H), -1.0, 1.0)
    Rc = uniform((L * dirs, B, H), -1.0, 1.0) if is_lstm else None

    out, hn, cn = run_module(module, kind, x, lengths, h0, c0, T)
    assert out.shape == (T, B, dirs * H) and hn.shape == (L * dirs, B, H)

    loss_out = (out * R).sum()
    loss_full = loss_out + (hn * Rh).sum() + ((cn * Rc).sum() if is_lstm else 0.0)

    wrt = [params[n] for n in names] + [x]
    if h0 is not None:
        wrt.append(h0)
    if c0 is not None:
        wrt.append(c0)
    g_full = torch.autograd.grad(loss_full, wrt, retain_graph=True)
    g_out = torch.autograd.grad(loss_out, wrt)

    meta = {"format": "pt", "case": name}
    write_safetensors(os.path.join(d, "weights.safetensors"),
                      [(n, params[n].detach().numpy()) for n in names], meta)
    save_npy(os.path.join(d, "input.npy"), x)
    if h0 is not None:
        save_npy(os.path.join(d, "h0.npy"), h0)
    if c0 is not None:
        save_npy(os.path.join(d, "c0.npy"), c0)
    save_npy(os.path.join(d, "output.npy"), out)
    save_npy(os.path.join(d, "hn.npy"), hn)
    if is_lstm:
        save_npy(os.path.join(d, "cn.npy"), cn)
    save_npy(os.path.join(d, "grad_output.npy"), R)
    save_npy(os.path.join(d, "grad_hn.npy"), Rh)
    if is_lstm:
        save_npy(os.path.join(d, "grad_cn.npy"), Rc)

    for grads, sfx in ((g_full, ""), (g_out, "_output_only")):
        np_ = len(names)
        write_safetensors(os.path.join(d, "grads%s.safetensors" % sfx),
                          [(n, grads[i].numpy()) for i, n in enumerate(names)], meta)
        save_npy(os.path.join(d, "grad_input%s.npy" % sfx), grads[np_])
        k = np_ + 1
        if h0 is not None:
            save_npy(os.path.join(d, "grad_h0%s.npy" % sfx), grads[k])
            k += 1
        if c0 is not None:
            save_npy(os.path.join(d, "grad_c0%s.npy" % sfx), grads[k])

    case = {
        "kind": kind, "input_size": X, "hidden_size": H, "num_layers": L, "bidirectional": bidir,
        "bias": bias, "T": T, "B": B, "lengths": lengths, "has_initial_state": has_init,
        "weight_scale": scale, "seed": seed, "torch_version": torch.__version__,
        "loss": LOSS_FULL if is_lstm else LOSS_FULL_GRU, "loss_output_only": LOSS_OUTPUT_ONLY,
    }
    with open(os.path.join(d, "case.json"), "w") as f:
        json.dump(case, f, indent=2)
        f.write("\n")


# ---------------------------------------------------------------------------------------------
# self-check: everything below reads the files back, independently of the generation code above

def check_case(name):
    d = os.path.join(ROOT, name)
    with open(os.path.join(d, "case.json")) as f:
        c = json.load(f)
    kind, X, H, L, bidir, bias = (c["kind"], c["input_size"], c["hidden_size"], c["num_layers"],
                                  c["bidirectional"], c["bias"])
    T, B, lengths = c["T"], c["B"], c["lengths"]
    dirs = 2 if bidir else 1
    is_lstm = kind == "lstm"
    ld = lambda f: np.load(os.path.join(d, f))

    w, meta = read_safetensors(os.path.join(d, "weights.safetensors"))
    assert meta == {"format": "pt", "case": name}
    G = 4 if is_lstm else 3
    expect = []
    for layer in range(L):
        for dd in range(dirs):
            s = "_l%d" % layer + ("_reverse" if dd else "")
            expect += ["weight_ih" + s, "weight_hh" + s] + (["bias_ih" + s, "bias_hh" + s] if bias else [])
    assert list(w.keys()) == expect, (list(w.keys()), expect)
    for layer in range(L):
        for dd in range(dirs):
            s = "_l%d" % layer + ("_reverse" if dd else "")
            assert w["weight_ih" + s].shape == (G * H, X if layer == 0 else dirs * H)
            assert w["weight_hh" + s].shape == (G * H, H)

    # the safetensors file against torch's own view of the same weights
    torch.manual_seed(c["seed"])
    module = (torch.nn.LSTM if is_lstm else torch.nn.GRU)(X, H, L, bias=bias, bidirectional=bidir)
    for n, t in module.state_dict().items():
        assert np.array_equal(w[n], (t * c["weight_scale"]).numpy()), n

    x = ld("input.npy")
    assert x.dtype == np.float32 and x.shape == (T, B, X) and x.flags["C_CONTIGUOUS"]
    h0 = ld("h0.npy") if c["has_initial_state"] else None
    c0 = ld("c0.npy") if (c["has_initial_state"] and is_lstm) else None
    out, hn = ld("output.npy"), ld("hn.npy")
    cn = ld("cn.npy") if is_lstm else None
    R, Rh = ld("grad_output.npy"), ld("grad_hn.npy")
    Rc = ld("grad_cn.npy") if is_lstm else None

    p64 = {k: v.astype(np.float64) for k, v in w.items()}
    f64 = lambda a: None if a is None else a.astype(np.float64)
    rout, rhn, rcn = np_forward(kind, p64, X, H, L, bidir, bias, f64(x), lengths, f64(h0), f64(c0))
    err = max(np.abs(rout - out).max(), np.abs(rhn - hn).max(),
              np.abs(rcn - cn).max() if is_lstm else 0.0)
    assert err < 2e-5, (name, err)

    # float64 torch gradients (same module, double) vs the float32 fixtures
    wd = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in w.items()}
    mod64 = module.double()
    with torch.no_grad():
        for n, prm in mod64.named_parameters():
            prm.copy_(wd[n])
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    h0t = None if h0 is None else torch.tensor(h0, dtype=torch.float64, requires_grad=True)
    c0t = None if c0 is None else torch.tensor(c0, dtype=torch.float64, requires_grad=True)
    o64, hn64, cn64 = run_module(mod64, kind, xt, lengths, h0t, c0t, T)
    gerr = 0.0
    for sfx in ("", "_output_only"):
        loss = (o64 * torch.tensor(R, dtype=torch.float64)).sum()
        if sfx == "":
            loss = loss + (hn64 * torch.tensor(Rh, dtype=torch.float64)).sum()
            if is_lstm:
                loss = loss + (cn64 * torch.tensor(Rc, dtype=torch.float64)).sum()
        prms = dict(mod64.named_parameters())
        wrt = [prms[n] for n in w] + [xt] + [t for t in (h0t, c0t) if t is not None]
        gs = torch.autograd.grad(loss, wrt, retain_graph=True)
        gw, _ = read_safetensors(os.path.join(d, "grads%s.safetensors" % sfx))
        assert list(gw.keys()) == list(w.keys())
        for i, n in enumerate(w):
            assert gw[n].shape == w[n].shape
            gerr = max(gerr, np.abs(gs[i].numpy() - gw[n]).max())
        gx = ld("grad_input%s.npy" % sfx)
        gerr = max(gerr, np.abs(gs[len(w)].numpy() - gx).max())
        k = len(w) + 1
        if h0t is not None:
            gerr = max(gerr, np.abs(gs[k].numpy() - ld("grad_h0%s.npy" % sfx)).max())
            k += 1
        if c0t is not None:
            gerr = max(gerr, np.abs(gs[k].numpy() - ld("grad_c0%s.npy" % sfx)).max())
        if lengths is not None:
            for b, n in enumerate(lengths):
                assert np.all(gx[n:, b, :] == 0.0), "nonzero grad_input at padded steps"
    assert gerr < 1e-4, (name, gerr)

    if lengths is not None:
        for b, n in enumerate(lengths):
            assert np.all(out[n:, b, :] == 0.0), "torch output not exactly zero at padded steps"
            assert np.all(R[n:, b, :] != 0.0)
            for layer in range(L):
                k = layer * dirs
                if layer == L - 1:
                    # forward final state = output at the row's own last step
                    assert np.array_equal(hn[k, b], out[n - 1, b, :H])
                    if bidir:
                        # reverse final state = reverse output at step 0 (it ran n-1 .. 0)
                        assert np.array_equal(hn[k + 1, b], out[0, b, H:])
    else:
        assert np.array_equal(hn[(L - 1) * dirs], out[T - 1, :, :H])
        if bidir:
            assert np.array_equal(hn[(L - 1) * dirs + 1], out[0, :, H:])

    # gates not all near 0.5: spread of the sigmoid gates of layer 0, forward, first step
    g = x[0].astype(np.float64) @ p64["weight_ih_l0"].T
    if h0 is not None:
        g = g + h0[0].astype(np.float64) @ p64["weight_hh_l0"].T
    if bias:
        g = g + p64["bias_ih_l0"] + p64["bias_hh_l0"]
    spread = np.abs(sigmoid(g) - 0.5).max()
    return err, gerr, spread


def main():
    torch.set_default_dtype(torch.float32)
    torch.set_num_threads(1)
    os.makedirs(ROOT, exist_ok=True)
    for case in CASES:
        make_case(*case)
    total = 0
    for case in CASES:
        name = case[0]
        err, gerr, spread = check_case(name)
        size = sum(os.path.getsize(os.path.join(ROOT, name, f)) for f in os.listdir(os.path.join(ROOT, name)))
        total += size
        print("%-28s %7d bytes  forward vs float64 %.1e  grads vs float64 %.1e  max|gate-0.5| %.2f"
              % (name, size, err, gerr, spread))
    print("total %d bytes, torch %s" % (total, torch.__version__))
    assert total < 1_000_000


if __name__ == "__main__":
    sys.exit(main())
