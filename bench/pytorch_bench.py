#!/usr/bin/env python3
"""The jlstm benchmark suite in PyTorch, on the CPU: the cases of `./jlstm bench`, timed the same way.

Run with a Python that has torch (on Debian: `apt-get install python3-torch`, then
`/usr/bin/python3 bench/pytorch_bench.py`). It prints one JSON object per line on stdout, one per
case and shape, and its progress on stderr:

    {"impl": "pytorch", "case": "stream", "H": 128, "B": 1, "T": 1, "layers": 1, "directions": 1,
     "threads": 2, "median_ms": 0.074701, "min_ms": 0.065123, "gflops": 3.509, "reps": 5,
     "version": "1.13.0a0"}

(on one line). Every case is a torch.nn.LSTM with input size X = H, float32, default init, biases,
seq-first tensors [T, B, X]; the model and the data are made once per case, and inference runs
under torch.no_grad():

    stream         one step of one sequence, x [1, 1, H], (h, c) carried from call to call;
                   H = 128, 256, 512, 1024; time per step
    seq_infer      lstm(x) over T = 128, B = 1 and 32, H = 256 and 512
    train          forward and backward (gradients of all weights, loss = output.sum()),
                   B = 32, T = 64, H = 256 and 512; no optimizer step
    bilstm_infer   bidirectional, B = 32, T = 128, H = 256
    stacked_infer  two layers, B = 32, T = 128, H = 256

FLOPs: 2*T*B*4H*(X+H) = 16*T*B*H*H per layer and direction; training counts 3x the forward.
gflops = flops / (median_ms * 1e6).

Timing: a warm-up of at least 1 s and at least 20 calls (0.3 s with --quick), then 9 repetitions
(5 with --quick), each running the operation in a loop for at least 200 ms (50 ms) and recording
the time per call; median_ms and min_ms are over the repetitions.

Debian's torch does its matrix products in the system BLAS (libblas.so.3). The reference BLAS that
libblas3 installs runs them at about 4 GFLOP/s on one thread; with `apt-get install
libopenblas0-openmp` the same torch ran bilstm_infer at about 95 GFLOP/s instead of 5 on the
development machine (that OpenBLAS shares torch's OpenMP threads, so --threads governs it too). The BLAS in use is named on stderr at the start.
"""
import argparse
import contextlib
import json
import os
import statistics
import sys
import time

torch = None  # imported in main(), once OPENBLAS_NUM_THREADS is set

CASES = ["stream", "seq_infer", "train", "bilstm_infer", "stacked_infer"]


class Case:
    """One row of the suite: a case name and its shape."""

    def __init__(self, name, H, B, T, layers=1, directions=1):
        self.name, self.H, self.B, self.T = name, H, B, T
        self.layers, self.directions = layers, directions

    @property
    def training(self):
        return self.name == "train"

    def flops(self):
        forward = 16 * self.T * self.B * self.H * self.H * self.layers * self.directions
        return 3 * forward if self.training else forward

    def __str__(self):
        return (f"{self.name} H={self.H} B={self.B} T={self.T} "
                f"layers={self.layers} directions={self.directions}")


def suite(names):
    """The shapes of the named cases, in the suite's order."""
    rows = []
    for name in CASES:
        if name not in names:
            continue
        if name == "stream":
            rows += [Case(name, H, 1, 1) for H in (128, 256, 512, 1024)]
        elif name == "seq_infer":
            rows += [Case(name, H, B, 128) for B in (1, 32) for H in (256, 512)]
        elif name == "train":
            rows += [Case(name, H, 32, 64) for H in (256, 512)]
        elif name == "bilstm_infer":
            rows.append(Case(name, 256, 32, 128, directions=2))
        elif name == "stacked_infer":
            rows.append(Case(name, 256, 32, 128, layers=2))
    return rows


def make_op(case):
    """The model, its data, and the operation timed (a function of no arguments)."""
    torch.manual_seed(0)
    H = case.H
    lstm = torch.nn.LSTM(input_size=H, hidden_size=H, num_layers=case.layers,
                         bias=True, batch_first=False, bidirectional=case.directions == 2)

    if case.name == "stream":
        x = torch.randn(1, 1, H)
        h = torch.zeros(case.layers * case.directions, 1, H)
        c = torch.zeros(case.layers * case.directions, 1, H)

        def step():
            nonlocal h, c
            _, (h, c) = lstm(x, (h, c))
        return step

    x = torch.randn(case.T, case.B, H)  # [T, B, X]; does not require grad
    if case.training:
        def train():
            lstm.zero_grad(set_to_none=True)
            out, _ = lstm(x)
            out.sum().backward()
        return train

    def infer():
        lstm(x)
    return infer


def measure(op, warmup_s, warmup_calls, reps, rep_s):
    """Warms up, then returns the milliseconds per call of each repetition."""
    start = time.perf_counter_ns()
    calls = 0
    while calls < warmup_calls or time.perf_counter_ns() - start < warmup_s * 1e9:
        op()
        calls += 1

    per_call_ms = []
    for _ in range(reps):
        calls = 0
        t0 = time.perf_counter_ns()
        while True:
            op()
            calls += 1
            elapsed = time.perf_counter_ns() - t0
            if elapsed >= rep_s * 1e9:
                break
        per_call_ms.append(elapsed / calls / 1e6)
    return per_call_ms


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="The jlstm benchmark suite in PyTorch (CPU); one JSON line per case on stdout.")
    p.add_argument("--cases", default=",".join(CASES),
                   help="comma-separated cases (default: all): " + ", ".join(CASES))
    p.add_argument("--threads", type=int, default=os.cpu_count(),
                   help="torch.set_num_threads(N); inter-op threads are 1 (default: all cores, %(default)s)")
    p.add_argument("--quick", action="store_true",
                   help="short settings: 0.3 s warm-up, 5 repetitions of 50 ms")
    args = p.parse_args(argv)
    names = [n for n in args.cases.split(",") if n]
    unknown = [n for n in names if n not in CASES]
    if unknown or not names:
        p.error(f"unknown case {', '.join(map(repr, unknown))}; the cases are {', '.join(CASES)}"
                if unknown else "--cases is empty")
    if args.threads < 1:
        p.error(f"--threads must be >= 1, found {args.threads}")
    args.cases = names
    return args


def blas_libraries():
    """The BLAS libraries loaded into this process (torch's "generic" BLAS is libblas.so.3)."""
    with open("/proc/self/maps") as f:
        paths = {line.split()[-1] for line in f if "blas" in line.rsplit("/", 1)[-1]}
    return ", ".join(sorted(paths)) or "none found"


def main(argv=None):
    args = parse_args(argv)
    # Debian's torch calls the system libblas.so.3; when that is OpenBLAS, its thread count is read
    # once, when the library loads, from OPENBLAS_NUM_THREADS: hence torch is imported only now.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", str(args.threads))
    global torch
    import torch as torch_module
    torch = torch_module
    # First, before any torch work: the thread pools are fixed once they have been used.
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)

    if args.quick:
        warmup_s, reps, rep_s = 0.3, 5, 0.05
    else:
        warmup_s, reps, rep_s = 1.0, 9, 0.2
    warmup_calls = 20

    print(f"pytorch_bench: torch {torch.__version__}, threads: {torch.get_num_threads()}, "
          f"{reps} repetitions of {rep_s * 1000:.0f} ms{' (quick)' if args.quick else ''}",
          file=sys.stderr, flush=True)
    torch.ones(2, 2) @ torch.ones(2, 2)  # loads the BLAS library
    blas = blas_libraries()
    print(f"pytorch_bench: BLAS: {blas}", file=sys.stderr, flush=True)
    if "/blas/libblas.so" in blas:
        print("pytorch_bench: warning: that is the reference BLAS (unoptimized, one thread): torch's "
              "matrix products run at a few GFLOP/s; `apt-get install libopenblas0-openmp` gives it "
              "OpenBLAS", file=sys.stderr, flush=True)
    elif "openblas-pthread" in blas:
        print("pytorch_bench: warning: OpenBLAS's own threads compete with torch's OpenMP threads "
              "(times vary up to 10x); libopenblas0-openmp shares torch's threads, or set "
              "OMP_WAIT_POLICY=PASSIVE", file=sys.stderr, flush=True)
    for case in suite(args.cases):
        op = make_op(case)
        context = contextlib.nullcontext() if case.training else torch.no_grad()
        with context:
            times = measure(op, warmup_s, warmup_calls, reps, rep_s)
        median_ms = statistics.median(times)
        min_ms = min(times)
        gflops = case.flops() / (median_ms * 1e6)
        row = {
            "impl": "pytorch", "case": case.name, "H": case.H, "B": case.B, "T": case.T,
            "layers": case.layers, "directions": case.directions, "threads": args.threads,
            "median_ms": round(median_ms, 6), "min_ms": round(min_ms, 6),
            "gflops": round(gflops, 3), "reps": reps, "version": torch.__version__,
        }
        print(json.dumps(row), flush=True)
        print(f"pytorch_bench: {case}: median {median_ms:.4f} ms, min {min_ms:.4f} ms, "
              f"{gflops:.2f} GFLOP/s", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
