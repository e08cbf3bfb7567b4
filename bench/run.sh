#!/usr/bin/env bash
# Runs the LSTM benchmark suite in jlstm and in PyTorch (CPU) and prints a Markdown table of both.
#
#   bench/run.sh                         the whole suite, all cores
#   bench/run.sh --quick                 short settings (for a smoke test, not for numbers)
#   bench/run.sh --threads 1             one thread on both sides
#   bench/run.sh --cases stream,train    some cases only
#
# The arguments go to `./jlstm bench --json`; --threads, --cases and --quick also go to
# bench/pytorch_bench.py, run by Debian's /usr/bin/python3 (PYTHON=... for another). Without an
# importable torch (apt-get install python3-torch) it says so and prints the jlstm results alone.
# Progress goes to stderr, the table to stdout.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
    sed -n '2,13s/^# \{0,1\}//p' "$0"
    exit 0
fi

py="${PYTHON:-/usr/bin/python3}"

# The options both sides understand, for pytorch_bench.py.
torch_args=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[i]}" in
        --quick | --threads=* | --cases=*) torch_args+=("${args[i]}") ;;
        --threads | --cases) torch_args+=("${args[i]}" "${args[i + 1]:-}"); i=$((i + 1)) ;;
    esac
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "run.sh: jlstm ..." >&2
if ! ./jlstm bench --json "$@" > "$tmp/jlstm.jsonl"; then
    echo "run.sh: ./jlstm bench failed (above)" >&2
    exit 1
fi

if "$py" -c 'import torch' 2>/dev/null; then
    echo "run.sh: PyTorch ..." >&2
    if ! "$py" bench/pytorch_bench.py "${torch_args[@]}" > "$tmp/pytorch.jsonl"; then
        echo "run.sh: bench/pytorch_bench.py failed (above)" >&2
        exit 1
    fi
    "$py" bench/compare.py "$tmp/jlstm.jsonl" "$tmp/pytorch.jsonl"
else
    echo "run.sh: PyTorch is not importable by $py (apt-get install python3-torch); jlstm results only" >&2
    "$py" bench/compare.py "$tmp/jlstm.jsonl"
fi
