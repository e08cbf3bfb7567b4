#!/usr/bin/env bash
# Builds the benchmark jar if needed and runs the jlstm JMH benchmarks on one JDK, ending with a
# Markdown table. The JDK is that of JAVA_HOME, else the `java` on PATH; JMH forks the benchmark JVMs
# with the same java (java.home of the JVM started here), so the table is for that JDK alone.
#
#   lstm-bench/run.sh                      the whole suite (about 10 minutes)
#   lstm-bench/run.sh --quick Activation   short settings, benchmarks whose name matches a regex
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 lstm-bench/run.sh
#
# Any other arguments go to JMH (-h lists them).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Maven's output is shown only when the build fails (on new JDKs Maven itself prints warnings).
if ! build_log=$(mvn -q -B -DskipTests package -pl lstm-bench -am 2>&1); then
    printf '%s\n' "$build_log" >&2
    echo "run.sh: the build failed" >&2
    exit 1
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# The benchmarks run on the classpath, where the incubator module must be added by hand; the forks
# inherit this flag and the @Fork annotations add it again.
opts=(--add-modules jdk.incubator.vector)
# JDK 24+ warns that JMH uses sun.misc.Unsafe; the flag that allows it quietly exists from JDK 23 on
# (BenchMain adds it to the forks itself).
if "$java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
    opts+=(--sun-misc-unsafe-memory-access=allow)
fi
exec "$java" "${opts[@]}" -jar lstm-bench/target/benchmarks.jar "$@"
