#!/usr/bin/env bash
# A single-node OpenSearch 2.19.1 with the k-NN plugin (engine "lucene" only) for development and CI,
# without Docker: the Java launcher in this folder (pom.xml, src/) runs OpenSearch from its Maven
# artifacts. Needs Java 17+ and Maven 3.8+.
#
#   ops/opensearch/opensearch.sh start [--fresh] [PORT]   build if needed, start, wait for health, print the URL
#   ops/opensearch/opensearch.sh stop   [PORT]            stop it and wait until the port is closed
#   ops/opensearch/opensearch.sh status [PORT]            exit 0 healthy, 1 running but not healthy, 3 stopped
#   ops/opensearch/opensearch.sh wait   [PORT]            wait until healthy (up to OPENSEARCH_WAIT seconds)
#
# PORT is the HTTP port (default 9200). `start` prints opensearch://127.0.0.1:PORT on stdout (everything
# else goes to stderr), the value for SEARCH_URL / SEARCH_TEST_OPENSEARCH_URL.
#
# Environment:
#   OPENSEARCH_WORK       work dir (default /tmp/cop-opensearch-PORT): data/, home/, logs/,
#                         opensearch.pid, opensearch.log. `start --fresh` wipes its data first.
#   OPENSEARCH_HEAP       JVM heap, -Xms = -Xmx (default 512m)
#   OPENSEARCH_JAVA_OPTS  extra JVM options
#   OPENSEARCH_WAIT       seconds to wait for health (default 180)
#   OPENSEARCH_JAVA_HOME, else JAVA_HOME: the JDK to run (else `java` on PATH)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MAIN_CLASS=org.cop.opensearch.Launcher
STAMP="$HERE/target/.built"

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
    exit 2
}

say() { printf '[opensearch] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

COMMAND=${1:-}
[ -n "$COMMAND" ] || usage
shift
FRESH=no
PORT=""
for arg in "$@"; do
    case "$arg" in
        --fresh) FRESH=yes ;;
        -h|--help) usage ;;
        *[!0-9]*|"") die "not a port number: $arg" ;;
        *) PORT=$arg ;;
    esac
done
PORT=${PORT:-9200}
[ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ] || die "not a port number: $PORT"

WORK=${OPENSEARCH_WORK:-/tmp/cop-opensearch-$PORT}
PID_FILE="$WORK/opensearch.pid"
LOG_FILE="$WORK/opensearch.log"
URL="opensearch://127.0.0.1:$PORT"
WAIT_SECONDS=${OPENSEARCH_WAIT:-180}

JAVA_DIR=${OPENSEARCH_JAVA_HOME:-${JAVA_HOME:-}}
JAVA=${JAVA_DIR:+$JAVA_DIR/bin/}java
LOCALE_PROVIDERS=SPI,COMPAT

# port_open: something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
}

# our_pid: print the launcher's pid from the pid file if that process is alive and is our launcher.
our_pid() {
    local pid args
    [ -f "$PID_FILE" ] || return 1
    pid=$(cat "$PID_FILE" 2>/dev/null || true)
    case "$pid" in ''|*[!0-9]*) return 1 ;; esac
    kill -0 "$pid" 2>/dev/null || return 1
    if [ -r "/proc/$pid/cmdline" ]; then
        args=$(tr '\0' ' ' <"/proc/$pid/cmdline")
    else
        args=$(ps -p "$pid" -o args= 2>/dev/null || true)
    fi
    case "$args" in *"$MAIN_CLASS"*) echo "$pid" ;; *) return 1 ;; esac
}

# http_get PATH: print the response body of GET PATH (curl if present, else bash's /dev/tcp).
http_get() {
    if command -v curl >/dev/null 2>&1; then
        curl -fsS --max-time 5 "http://127.0.0.1:$PORT$1" 2>/dev/null
    else
        timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
            printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" "$2" >&3
            sed "1,/^\r\{0,1\}$/d" <&3' _ "$PORT" "$1" 2>/dev/null
    fi
}

# healthy: cluster health is green or yellow and the launcher has applied its settings
# (cluster.default_number_of_replicas=0, set right after the node starts).
healthy() {
    local body
    body=$(http_get "/_cluster/health") || return 1
    printf '%s' "$body" | grep -Eq '"status" *: *"(green|yellow)"' || return 1
    body=$(http_get "/_cluster/settings?filter_path=persistent.cluster.default_number_of_replicas") || return 1
    printf '%s' "$body" | grep -q '"default_number_of_replicas" *: *"0"'
}

# wait_healthy [PID]: wait up to WAIT_SECONDS; give up early when PID dies.
wait_healthy() {
    local pid=${1:-} deadline=$((SECONDS + WAIT_SECONDS))
    while [ "$SECONDS" -lt "$deadline" ]; do
        if healthy; then
            return 0
        fi
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
            say "the node exited during start-up; last lines of $LOG_FILE:"
            tail -n 40 "$LOG_FILE" >&2 || true
            return 1
        fi
        sleep 1
    done
    say "not healthy after ${WAIT_SECONDS}s on port $PORT"
    [ -f "$LOG_FILE" ] && { say "last lines of $LOG_FILE:"; tail -n 40 "$LOG_FILE" >&2; }
    return 1
}

# up_to_date: target/ holds a build newer than pom.xml and everything under src/.
up_to_date() {
    [ -f "$STAMP" ] && [ -z "$(find "$HERE/pom.xml" "$HERE/src" -newer "$STAMP" -print -quit)" ] \
        && compgen -G "$HERE/target/lib/opensearch-*.jar" >/dev/null
}

# build: `mvn package` when target/ is missing or older than pom.xml or anything under src/.
build() {
    up_to_date && return 0
    command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to build the launcher: install it (Debian: apt-get install maven)"
    mkdir -p "$HERE/target"
    if command -v flock >/dev/null 2>&1 && { exec 9>"$HERE/target/.build.lock"; } 2>/dev/null; then
        flock 9  # two starts at once: one builds, the other waits and reuses it
        up_to_date && return 0
    fi
    say "building the launcher (mvn package; the first build downloads about 80 MB from Maven Central into ~/.m2)"
    # Jars only go when the dependencies may have changed: a node still running keeps using them.
    if [ ! -f "$STAMP" ] || [ "$HERE/pom.xml" -nt "$STAMP" ]; then
        rm -rf "$HERE/target/lib"
    fi
    rm -f "$STAMP"
    if [ -n "$JAVA_DIR" ]; then export JAVA_HOME="$JAVA_DIR"; fi
    if ! mvn -q -B -DskipTests -f "$HERE/pom.xml" package >"$HERE/target/build.log" 2>&1; then
        tail -n 40 "$HERE/target/build.log" >&2
        die "build failed; full output in $HERE/target/build.log"
    fi
    touch "$STAMP"
}

check_java() {
    local version major
    version=$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1) \
        || die "Java not found ($JAVA): install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)"
    [ -n "$version" ] || die "Java not found ($JAVA): install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)"
    major=${version%%.*}
    if [ "$major" -lt 17 ]; then
        die "Java $version is too old: OpenSearch 2.19 needs 17 or later (set OPENSEARCH_JAVA_HOME)"
    fi
    # As the distribution's jvm.options: the COMPAT locale data (date formats) until Java 22; gone in 23.
    if [ "$major" -lt 23 ]; then LOCALE_PROVIDERS=SPI,COMPAT; else LOCALE_PROVIDERS=SPI,CLDR; fi
}

cmd_start() {
    local pid
    if pid=$(our_pid); then
        [ "$FRESH" = no ] || die "already running (pid $pid): stop it before start --fresh"
        say "already running (pid $pid, work dir $WORK)"
        wait_healthy "$pid" || exit 1
        echo "$URL"
        return 0
    fi
    if port_open; then
        die "port $PORT on 127.0.0.1 is already in use by another process (not this launcher's pid file $PID_FILE); stop it or choose another port: $0 start PORT"
    fi
    check_java
    build
    rm -f "$PID_FILE"
    if [ "$FRESH" = yes ]; then
        say "--fresh: wiping $WORK/data"
        rm -rf "$WORK/data" "$WORK/home" "$WORK/logs"
    fi
    mkdir -p "$WORK/tmp"
    say "starting on 127.0.0.1:$PORT (work dir $WORK, log $LOG_FILE)"
    local started=$SECONDS
    # shellcheck disable=SC2086  # OPENSEARCH_JAVA_OPTS is a list of options
    (
        cd "$WORK"
        exec nohup "$JAVA" \
            -Xms"${OPENSEARCH_HEAP:-512m}" -Xmx"${OPENSEARCH_HEAP:-512m}" \
            -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -XX:-OmitStackTraceInFastThrow \
            -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Djava.io.tmpdir="$WORK/tmp" \
            -Djava.locale.providers=$LOCALE_PROVIDERS \
            -Dlog4j2.disable.jmx=true -Dlog4j.shutdownHookEnabled=false \
            -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true \
            -Dio.netty.recycler.maxCapacityPerThread=0 \
            ${OPENSEARCH_JAVA_OPTS:-} \
            -cp "$HERE/target/classes:$HERE/target/lib/*" "$MAIN_CLASS" "$WORK" "$PORT"
    ) >"$LOG_FILE" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$PID_FILE"
    if ! wait_healthy "$pid"; then
        kill "$pid" 2>/dev/null || true
        rm -f "$PID_FILE"
        exit 1
    fi
    say "healthy after $((SECONDS - started))s (pid $pid); stop with: $0 stop $PORT"
    echo "$URL"
}

cmd_stop() {
    local pid i
    if pid=$(our_pid); then
        say "stopping pid $pid"
        kill -TERM "$pid" 2>/dev/null || true
        for i in $(seq 60); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 "$pid" 2>/dev/null; then
            say "still alive after 30s: killing pid $pid"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    else
        say "not running (no live launcher in $PID_FILE)"
    fi
    rm -f "$PID_FILE"
    for i in $(seq 60); do
        port_open || { say "port $PORT is free"; return 0; }
        sleep 0.5
    done
    die "port $PORT is still in use by another process"
}

cmd_status() {
    local pid
    if pid=$(our_pid); then
        if healthy; then
            say "running and healthy (pid $pid, work dir $WORK)"
            echo "$URL"
            return 0
        fi
        say "running (pid $pid) but not healthy yet; see $LOG_FILE"
        return 1
    fi
    if port_open; then
        say "not started by this script, but port $PORT is in use by another process"
    else
        say "stopped"
    fi
    return 3
}

cmd_wait() {
    local pid=""
    pid=$(our_pid) || true
    wait_healthy "$pid" || exit 1
    echo "$URL"
}

case "$COMMAND" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    wait) cmd_wait ;;
    -h|--help|help) usage ;;
    *) say "unknown command: $COMMAND"; usage ;;
esac
