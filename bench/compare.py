#!/usr/bin/env python3
"""Puts jlstm and PyTorch benchmark results side by side as a Markdown table.

    python3 bench/compare.py jlstm.jsonl pytorch.jsonl [--markdown-out FILE]
    ./jlstm bench --json | python3 bench/compare.py

Reads JSON lines (one object per line, as printed by `./jlstm bench --json` and
`bench/pytorch_bench.py`) from the files given, or from stdin when there are none or a file is `-`.
Lines with "impl": "jlstm" and "impl": "pytorch" are matched by (case, H, B, T, layers, directions,
threads); a row found on one side only still appears, with the other side blank. The speed-up is
PyTorch's median time over jlstm's: above 1.00x jlstm is faster. Blank lines are skipped; other
lines that are not JSON objects are skipped with a warning on stderr.

Needs only the standard library.
"""
import argparse
import datetime
import json
import sys

KEY = ("case", "H", "B", "T", "layers", "directions", "threads")
CASE_ORDER = ["stream", "seq_infer", "train", "bilstm_infer", "stacked_infer"]
IMPLS = ("jlstm", "pytorch")


def read_rows(paths):
    """{impl: {key: row}} from the JSON lines of the given files (stdin for "-")."""
    results = {impl: {} for impl in IMPLS}
    for path in paths or ["-"]:
        name = "<stdin>" if path == "-" else path
        for number, line in enumerate(lines_of(path), 1):
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
                impl = row["impl"]
                key = tuple(row[k] for k in KEY)
            except (ValueError, TypeError, KeyError) as e:
                warn(f"{name}:{number}: skipped, not a result line ({type(e).__name__}: {e})")
                continue
            if impl not in results:
                warn(f"{name}:{number}: skipped, unknown impl {impl!r}")
                continue
            if key in results[impl]:
                warn(f"{name}:{number}: {impl} {describe(key)} seen before; the later line is kept")
            results[impl][key] = row
    return results


def lines_of(path):
    """The lines of a file, or of stdin for "-"."""
    if path == "-":
        yield from sys.stdin
    else:
        with open(path, encoding="utf-8") as f:
            yield from f


def warn(message):
    print(f"compare: {message}", file=sys.stderr)


def describe(key):
    return " ".join(f"{k}={v}" for k, v in zip(KEY, key))


def sort_key(key):
    case = key[0]
    rank = CASE_ORDER.index(case) if case in CASE_ORDER else len(CASE_ORDER)
    # case, threads, then B, H, T, layers, directions
    return (rank, str(case), key[6], key[2], key[1], key[3], key[4], key[5])


def fmt_ms(value):
    """Milliseconds with about 4 significant digits and no exponent."""
    if value is None:
        return ""
    for limit, decimals in ((100, 1), (10, 2), (1, 3), (0.1, 4), (0.01, 5)):
        if value >= limit:
            return f"{value:.{decimals}f}"
    return f"{value:.6f}"


def fmt_gflops(value):
    return "" if value is None else f"{value:.1f}"


def values(rows, field):
    """The distinct values of one field, in order of first appearance, joined by ", "."""
    seen = []
    for row in rows:
        v = row.get(field)
        if v is not None and str(v) not in seen:
            seen.append(str(v))
    return ", ".join(seen)


def header(results):
    jl = list(results["jlstm"].values())
    pt = list(results["pytorch"].values())
    jlstm = f"jlstm on JDK {values(jl, 'jdk') or '?'}, backend {values(jl, 'backend') or '?'}" if jl \
        else "jlstm: no results"
    torch = f"PyTorch {values(pt, 'version') or '?'}" if pt else "PyTorch: no results"
    return f"{jlstm}; {torch}; {datetime.date.today().isoformat()}"


def table(results):
    jl, pt = results["jlstm"], results["pytorch"]
    lines = [
        "| case | H | B | T | threads | jlstm median ms | PyTorch median ms "
        "| jlstm GFLOP/s | PyTorch GFLOP/s | speed-up |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for key in sorted(set(jl) | set(pt), key=sort_key):
        a, b = jl.get(key, {}), pt.get(key, {})
        case, H, B, T, layers, directions, threads = key
        if (layers, directions) != default_shape(case):
            case = f"{case} (layers={layers}, directions={directions})"
        a_ms, b_ms = a.get("median_ms"), b.get("median_ms")
        speedup = f"{b_ms / a_ms:.2f}x" if a_ms and b_ms else ""
        cells = [case, H, B, T, threads, fmt_ms(a_ms), fmt_ms(b_ms),
                 fmt_gflops(a.get("gflops")), fmt_gflops(b.get("gflops")), speedup]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return lines


def default_shape(case):
    """(layers, directions) that a case name implies; others are spelled out in the table."""
    return {"bilstm_infer": (1, 2), "stacked_infer": (2, 1)}.get(case, (1, 1))


def main(argv=None):
    p = argparse.ArgumentParser(description="jlstm and PyTorch benchmark results as a Markdown table.")
    p.add_argument("files", nargs="*", help="files of JSON lines (default: stdin; '-' is stdin)")
    p.add_argument("--markdown-out", metavar="FILE", help="also write the table to FILE")
    args = p.parse_args(argv)

    try:
        results = read_rows(args.files)
    except OSError as e:
        print(f"compare: {e}", file=sys.stderr)
        return 2
    if not results["jlstm"] and not results["pytorch"]:
        print("compare: no result lines found", file=sys.stderr)
        return 1
    text = "\n".join([header(results), ""] + table(results)) + "\n"
    sys.stdout.write(text)
    if args.markdown_out:
        with open(args.markdown_out, "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
