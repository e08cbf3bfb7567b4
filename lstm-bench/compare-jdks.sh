#!/usr/bin/env bash
# Runs the jlstm LSTM suite (LstmSuiteBench) and the kernel benchmarks GemmLargeBench and
# LstmStreamingStepBench on several JDKs, both backends, and compares them: a Markdown table of
# GFLOP/s per case, JDK and backend, and an SVG bar chart of the vector backend's GFLOP/s.
#
#   lstm-bench/compare-jdks.sh                    every JDK >= 17 under /usr/lib/jvm (about 10 min each)
#   lstm-bench/compare-jdks.sh --quick            short JMH settings: a smoke run (about 5 min per JDK)
#   lstm-bench/compare-jdks.sh /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64
#   lstm-bench/compare-jdks.sh --quick --bench LstmSuiteBench.sequence -p shape=seq_infer:1:256
#
# Options:
#   --quick          1 fork, 2 warm-up and 3 measurement iterations of 1 s (BenchMain's --quick)
#   --out DIR        where the results go (default lstm-bench/target/jdk-comparison)
#   --bench REGEX    the benchmarks to run instead of the three above (JMH regex; repeatable)
#   -p NAME=VALUES   a JMH parameter, e.g. -p backend=vector, -p threads=2 (repeatable)
#   --jmh ARG        any other JMH argument, one per --jmh (e.g. --jmh -jvmArgsAppend --jmh -XX:MaxVectorSize=32)
#
# The benchmark jar is built once, by Maven on its default JDK (Java 17 bytecode, so it runs on every
# JDK); then each JDK runs it, and JMH forks the benchmark JVMs with that JDK's java. Per JDK the
# output directory gets NAME.json (JMH's results) and NAME.log (its console output), NAME being the
# JDK directory's name; then jdk-comparison.md and jdk-comparison.svg. A JDK whose run fails is shown
# as missing in the report and does not stop the others. Run on an otherwise idle machine.
set -uo pipefail # not -e: one JDK's failure must not stop the others

usage() {
    sed -n '2,/^set /p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
}

die() {
    echo "compare-jdks.sh: $*" >&2
    exit 2
}

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The command line, for the report: arguments quoted only where the shell needs it.
command="lstm-bench/compare-jdks.sh"
for a in "$@"; do
    if [[ "$a" =~ ^[A-Za-z0-9_./:=,+@%-]+$ ]]; then
        command+=" $a"
    else
        q="'\\''"
        command+=" '${a//\'/$q}'"
    fi
done
quick=()
out="$repo/lstm-bench/target/jdk-comparison"
benches=()
jmh=()
jdks=()
while (($#)); do
    case "$1" in
        --quick) quick=(--quick) ;;
        --out) (($# >= 2)) || die "--out needs a directory"; out="$2"; shift ;;
        --out=*) out="${1#--out=}" ;;
        --bench) (($# >= 2)) || die "--bench needs a regex"; benches+=("$2"); shift ;;
        --bench=*) benches+=("${1#--bench=}") ;;
        -p) (($# >= 2)) || die "-p needs NAME=VALUES"; jmh+=(-p "$2"); shift ;;
        --jmh) (($# >= 2)) || die "--jmh needs an argument"; jmh+=("$2"); shift ;;
        -h | --help) usage; exit 0 ;;
        --) shift; jdks+=("$@"); break ;;
        -*) die "unknown option '$1' (--help lists them)" ;;
        *) jdks+=("$1") ;;
    esac
    shift
done
((${#benches[@]})) || benches=(LstmSuiteBench GemmLargeBench LstmStreamingStepBench)
mkdir -p "$out" || die "cannot create $out"
out="$(cd "$out" && pwd)"

# A property of a JDK's java, e.g. java.specification.version; empty if it does not run.
property() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n "s/^ *$2 = //p" | head -n 1
}

# The feature version of a java.specification.version: 17, 25; 8 for 1.8; empty if not a number.
feature() {
    local v="${1#1.}"
    v="${v%%.*}"
    [[ "$v" =~ ^[0-9]+$ ]] && echo "$v"
}

# The JDKs: those given, else every JDK >= 17 under /usr/lib/jvm; each directory once (by realpath).
if ((${#jdks[@]} == 0)); then
    explicit=0
    for d in /usr/lib/jvm/*/; do
        jdks+=("${d%/}")
    done
else
    explicit=1
fi
declare -A seen=()
homes=()
skipped=()
for d in "${jdks[@]}"; do
    if [[ ! -x "$d/bin/java" ]]; then
        ((explicit)) && { echo "compare-jdks.sh: skipping $d: no bin/java" >&2; skipped+=("$d (no bin/java)"); }
        continue
    fi
    real="$(realpath "$d")"
    [[ -n "${seen[$real]:-}" ]] && continue
    seen[$real]=1
    spec="$(property "$real" java.specification.version)"
    major="$(feature "$spec")"
    if [[ -z "$major" || "$major" -lt 17 ]]; then
        ((explicit)) && { echo "compare-jdks.sh: skipping $d: Java ${spec:-?} (17 or later needed)" >&2; skipped+=("$d (Java ${spec:-?})"); }
        continue
    fi
    homes+=("$major $real")
done
((${#homes[@]})) || die "no JDK 17 or later found${jdks[*]:+ among: ${jdks[*]}}"
mapfile -t homes < <(printf '%s\n' "${homes[@]}" | sort -n -s -k1,1 | cut -d' ' -f2-)

echo "compare-jdks.sh: JDKs: ${homes[*]}"
echo "compare-jdks.sh: benchmarks: ${benches[*]} ${jmh[*]:-} ${quick[*]:-}; results in $out"

# Build once, on Maven's JDK; Maven's output is shown only when the build fails.
cd "$repo" || exit 1
echo "compare-jdks.sh: building lstm-bench/target/benchmarks.jar"
if ! build_log=$(mvn -q -B -DskipTests package -pl lstm-bench -am 2>&1); then
    printf '%s\n' "$build_log" >&2
    die "the build failed"
fi
jar="$repo/lstm-bench/target/benchmarks.jar"
[[ -f "$jar" ]] || die "the build made no $jar"

runs=()
failed=0
for home in "${homes[@]}"; do
    name="$(basename "$home")"
    version="$(property "$home" java.version)"
    json="$out/$name.json"
    log="$out/$name.log"
    rm -f "$json"
    java="$home/bin/java"
    # Classpath run: the incubator module by hand (the forks get it from the @Fork annotations), and on
    # JDK 23+ the flag that lets JMH use sun.misc.Unsafe without a warning (BenchMain adds it to the forks).
    opts=(--add-modules jdk.incubator.vector)
    if "$java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
        opts+=(--sun-misc-unsafe-memory-access=allow)
    fi
    echo
    echo "compare-jdks.sh: $(date -u +%H:%M:%S) JDK $version ($home): log in $log"
    start=$SECONDS
    "$java" "${opts[@]}" -jar "$jar" "${quick[@]}" -rf json -rff "$json" "${jmh[@]}" "${benches[@]}" 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    echo "compare-jdks.sh: JDK $version: exit status $status after $(((SECONDS - start) / 60)) min $(((SECONDS - start) % 60)) s"
    if ((status != 0)) || [[ ! -s "$json" ]]; then
        failed=$((failed + 1))
    fi
    runs+=("$version=$json")
done

# The report, on the JDK that runs Maven's java if it can, else the first JDK.
host="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! "$host" -version >/dev/null 2>&1; then
    host="${homes[0]}/bin/java"
fi
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)"
notes=("Machine: $(nproc) processors${cpu:+, $cpu}, $(uname -sr). Command: \`$command\`.")
if ((${#quick[@]})); then
    notes+=("" "**--quick**: short JMH settings, for checking that things run; not numbers to compare.")
fi
for s in "${skipped[@]}"; do
    notes+=("" "Skipped: $s.")
done
report_args=(--md "$out/jdk-comparison.md" --svg "$out/jdk-comparison.svg")
for n in "${notes[@]}"; do
    report_args+=(--note "$n")
done
echo
# (the FLOP counts come from the benchmark classes, some of which name Vector API types)
"$host" --add-modules jdk.incubator.vector -cp "$jar" dev.jlstm.bench.JdkReport "${report_args[@]}" "${runs[@]}"
report=$?
echo
echo "compare-jdks.sh: $out/jdk-comparison.md and $out/jdk-comparison.svg"
((report == 0)) || die "the report failed"
((failed == 0)) || { echo "compare-jdks.sh: $failed of ${#homes[@]} JDK runs failed (see their logs)" >&2; exit 1; }
