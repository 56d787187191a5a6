#!/usr/bin/env bash
# Throwaway PostgreSQL, mosquitto and NATS (JetStream) servers on loopback for the plugin tests.
#
#   scripts/services.sh start        install (Debian packages) if missing, start all three, write the env file
#   scripts/services.sh stop         stop them and delete their data
#   scripts/services.sh pg-stop|pg-start|mqtt-stop|mqtt-start|nats-stop|nats-start
#                                    stop or start one server, keeping its data (the tests use these)
#   scripts/services.sh nats-cluster-start|nats-cluster-stop|nats-cluster-stop-node K|nats-cluster-kill-node K
#                                    a three-node JetStream cluster on $PRIVACY_RUNTIME_NATS_PORT+10..+15
#
# State lives in $PRIVACY_RUNTIME_SERVICES_DIR (default /tmp/privacy-runtime-services); the env file
# $DIR/env holds PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, MQTT_HOST, MQTT_PORT (anonymous),
# MQTT_AUTH_PORT, MQTT_USER, MQTT_PASSWORD (a listener that requires the login), MQTT_TLS_PORT (TLS with
# a server certificate from a throwaway CA), MQTT_MTLS_PORT (TLS that also requires a client
# certificate), MQTT_TLS_CA, MQTT_TLS_OTHER_CA (a CA the broker does not use), MQTT_TLS_CLIENT_CERT,
# MQTT_TLS_CLIENT_KEY, NATS_URL (nats-server with JetStream; anonymous), NATS_HOST, NATS_PORT, NATS_USER,
# NATS_PASSWORD (a login into the same JetStream account), NATS_TLS_URL (a second nats-server that requires
# TLS), NATS_TLS_CA (the CA of its certificate, the one mosquitto uses) and SERVICES_SCRIPT, one KEY=VALUE a line. Ports: $PRIVACY_RUNTIME_PG_PORT (55432),
# $PRIVACY_RUNTIME_MQTT_PORT (51883), $PRIVACY_RUNTIME_MQTT_AUTH_PORT (51884) and the two after it for
# TLS, $PRIVACY_RUNTIME_NATS_PORT (54222) and the one after it for TLS. initdb refuses to run as root, so as root PostgreSQL and
# mosquitto run as the `postgres` and `mosquitto` system users the Debian packages create; nats-server
# runs as the invoking user, its JetStream stores under $DIR/nats and $DIR/nats-tls.
set -euo pipefail

dir="${PRIVACY_RUNTIME_SERVICES_DIR:-/tmp/privacy-runtime-services}"
pg_port="${PRIVACY_RUNTIME_PG_PORT:-55432}"
mqtt_port="${PRIVACY_RUNTIME_MQTT_PORT:-51883}"
mqtt_auth_port="${PRIVACY_RUNTIME_MQTT_AUTH_PORT:-51884}"
nats_port="${PRIVACY_RUNTIME_NATS_PORT:-54222}"
nats_tls_port=$((nats_port + 1))
mqtt_tls_port=$((mqtt_auth_port + 1))
mqtt_mtls_port=$((mqtt_auth_port + 2))
tls_dir="$dir/mosquitto/tls"
mqtt_user=meter-fleet
mqtt_password=mqtt-test-only
nats_user=meter-fleet
nats_password=nats-test-only
pg_user=privacy
pg_password=privacy-test-only
pg_database=privacy
script="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"

as_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a command as the given system user when we are root, else as ourselves.
run_as() {
  local user="$1"; shift
  if as_root; then runuser -u "$user" -- "$@"; else "$@"; fi
}

install_packages() {
  local missing=()
  for p in postgresql mosquitto nats-server openssl; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "services: installing ${missing[*]}"
  local sudo_cmd=""
  as_root || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
}

pg_bin() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -n "$bin" ] || { echo "services: no PostgreSQL server binaries under /usr/lib/postgresql" >&2; exit 1; }
  echo "$bin"
}

pg_start() {
  local bin; bin="$(pg_bin)"
  if [ ! -f "$dir/pgdata/PG_VERSION" ]; then
    mkdir -p "$dir/pgdata"
    printf '%s\n' "$pg_password" >"$dir/pgpass"
    as_root && chown -R postgres:postgres "$dir/pgdata" "$dir/pgpass"
    chmod 0700 "$dir/pgdata"
    run_as postgres "$bin/initdb" -D "$dir/pgdata" -U "$pg_user" --pwfile="$dir/pgpass" \
      --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    rm -f "$dir/pgpass"
    # A self-signed certificate, so the sink's tls modes can be tested: `require` accepts it,
    # `verify-full` must refuse it.
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
      -keyout "$dir/pgdata/server.key" -out "$dir/pgdata/server.crt" >/dev/null 2>&1
    chmod 0600 "$dir/pgdata/server.key"
    as_root && chown postgres:postgres "$dir/pgdata/server.key" "$dir/pgdata/server.crt"
  fi
  if run_as postgres "$bin/pg_ctl" -D "$dir/pgdata" status >/dev/null 2>&1; then return 0; fi
  mkdir -p "$dir/pglog"
  as_root && chown postgres:postgres "$dir/pglog"
  run_as postgres "$bin/pg_ctl" -D "$dir/pgdata" -l "$dir/pglog/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $dir/pgdata -c fsync=off -c ssl=on" start >/dev/null \
    || { tail -20 "$dir/pglog/postgres.log" >&2; exit 1; }
  if ! PGPASSWORD="$pg_password" psql -h 127.0.0.1 -p "$pg_port" -U "$pg_user" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$pg_database'" | grep -q 1; then
    PGPASSWORD="$pg_password" psql -h 127.0.0.1 -p "$pg_port" -U "$pg_user" -d postgres -qc \
      "CREATE DATABASE $pg_database" >/dev/null
  fi
}

pg_stop() {
  local bin; bin="$(pg_bin)"
  [ -f "$dir/pgdata/PG_VERSION" ] || return 0
  run_as postgres "$bin/pg_ctl" -D "$dir/pgdata" status >/dev/null 2>&1 || return 0
  run_as postgres "$bin/pg_ctl" -D "$dir/pgdata" -m fast -w stop >/dev/null
}

mqtt_running() {
  [ -f "$dir/mosquitto.pid" ] && kill -0 "$(cat "$dir/mosquitto.pid")" 2>/dev/null
}

# A throwaway CA, a server certificate for 127.0.0.1 and localhost and a client certificate signed by
# it, and a second CA the broker does not use (for the tests that must fail verification).
mqtt_certificates() {
  [ -f "$tls_dir/client.crt" ] && return 0
  mkdir -p "$tls_dir"
  local quiet=(-newkey rsa:2048 -nodes)
  openssl req -x509 "${quiet[@]}" -days 7 -subj "/CN=privacy-runtime test CA" \
    -keyout "$tls_dir/ca.key" -out "$tls_dir/ca.crt" 2>/dev/null
  openssl req -x509 "${quiet[@]}" -days 7 -subj "/CN=privacy-runtime other CA" \
    -keyout "$tls_dir/other-ca.key" -out "$tls_dir/other-ca.crt" 2>/dev/null
  local name
  for name in server client; do
    openssl req "${quiet[@]}" -subj "/CN=$name.localhost" -keyout "$tls_dir/$name.key" -out "$tls_dir/$name.csr" 2>/dev/null
  done
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$tls_dir/server.ext"
  printf 'extendedKeyUsage=clientAuth\n' >"$tls_dir/client.ext"
  for name in server client; do
    openssl x509 -req -in "$tls_dir/$name.csr" -CA "$tls_dir/ca.crt" -CAkey "$tls_dir/ca.key" -CAcreateserial \
      -days 7 -extfile "$tls_dir/$name.ext" -out "$tls_dir/$name.crt" 2>/dev/null
  done
  chmod 0600 "$tls_dir"/*.key
}

mqtt_start() {
  mqtt_running && return 0
  mkdir -p "$dir/mosquitto"
  mqtt_certificates
  mosquitto_passwd -c -b "$dir/mosquitto/passwd" "$mqtt_user" "$mqtt_password" >/dev/null 2>&1
  cat >"$dir/mosquitto.conf" <<EOF
per_listener_settings true
listener $mqtt_port 127.0.0.1
allow_anonymous true
listener $mqtt_auth_port 127.0.0.1
allow_anonymous false
password_file $dir/mosquitto/passwd
listener $mqtt_tls_port 127.0.0.1
allow_anonymous true
cafile $tls_dir/ca.crt
certfile $tls_dir/server.crt
keyfile $tls_dir/server.key
listener $mqtt_mtls_port 127.0.0.1
allow_anonymous true
cafile $tls_dir/ca.crt
certfile $tls_dir/server.crt
keyfile $tls_dir/server.key
require_certificate true
persistence true
persistence_location $dir/mosquitto/
autosave_interval 1
max_queued_messages 0
log_dest file $dir/mosquitto/mosquitto.log
log_type error
log_type warning
log_type notice
EOF
  if as_root; then
    echo "user mosquitto" >>"$dir/mosquitto.conf"
    chown -R mosquitto:mosquitto "$dir/mosquitto"
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$mqtt_port") 2>/dev/null; then
    echo "services: port $mqtt_port is taken by another process; set PRIVACY_RUNTIME_MQTT_PORT" >&2
    exit 1
  fi
  mosquitto -c "$dir/mosquitto.conf" -d
  # mosquitto -d forks; find the daemon by its config file and wait until it listens.
  local pid=""
  for _ in $(seq 1 50); do
    pid="$(pgrep -n -f -- "mosquitto -c $dir/mosquitto.conf" || true)"
    if [ -n "$pid" ] && (exec 3<>"/dev/tcp/127.0.0.1/$mqtt_port") 2>/dev/null; then
      echo "$pid" >"$dir/mosquitto.pid"
      return 0
    fi
    sleep 0.1
  done
  echo "services: mosquitto did not start on 127.0.0.1:$mqtt_port; log:" >&2
  cat "$dir/mosquitto/mosquitto.log" >&2 || true
  exit 1
}

# Stops the server NAME whose pid is in PIDFILE: SIGTERM, then SIGKILL after 10 s; removes PIDFILE.
stop_server() {
  local name="$1" pidfile="$2"
  local pid; pid="$(cat "$pidfile")"
  kill -TERM "$pid"
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "services: $name ($pid) ignored SIGTERM for 10 s; killing it" >&2
    kill -KILL "$pid"
    sleep 0.2
  fi
  rm -f "$pidfile"
}

mqtt_stop() {
  mqtt_running || return 0
  stop_server mosquitto "$dir/mosquitto.pid"
}

# A nats-server instance NAME (nats: plain, nats-tls: TLS required) is running.
nats_running() {
  [ -f "$dir/$1.pid" ] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null
}

# Starts nats-server instance NAME on PORT with JetStream (file store in $dir/NAME/jetstream) and one account that
# anonymous clients and the test login share; with TLS=1 it requires TLS with the test CA's server certificate
# (libnats 3.4 cannot upgrade to TLS on a server that only offers it, so the TLS tests get a server of their own).
nats_start_one() {
  local name="$1" port="$2" tls="$3"
  nats_running "$name" && return 0
  mkdir -p "$dir/$name/jetstream"
  mqtt_certificates
  local anonymous_password; anonymous_password="$(openssl rand -hex 16)"
  local tls_block=""
  if [ "$tls" = 1 ]; then
    tls_block="tls { cert_file: \"$tls_dir/server.crt\", key_file: \"$tls_dir/server.key\" }"
  fi
  cat >"$dir/$name.conf" <<NATSCONF
listen: 127.0.0.1:$port
server_name: privacy-runtime-$name
pid_file: "$dir/$name.pid"
jetstream {
  store_dir: "$dir/$name/jetstream"
  max_memory_store: 64MB
  max_file_store: 2GB
}
$tls_block
accounts {
  METERS {
    jetstream: enabled
    users: [
      { user: anonymous, password: "$anonymous_password" }
      { user: $nats_user, password: "$nats_password" }
    ]
  }
}
no_auth_user: anonymous
NATSCONF
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "services: port $port is taken by another process; set PRIVACY_RUNTIME_NATS_PORT (it and the port after it are used)" >&2
    exit 1
  fi
  rm -f "$dir/$name.pid"
  # setsid: the server outlives this script and the test run's process group.
  setsid nats-server -c "$dir/$name.conf" -l "$dir/$name/nats-server.log" </dev/null >/dev/null 2>&1 &
  for _ in $(seq 1 100); do
    if [ -s "$dir/$name.pid" ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "services: nats-server ($name) did not start on 127.0.0.1:$port; log:" >&2
  tail -20 "$dir/$name/nats-server.log" >&2 || true
  exit 1
}

nats_stop_one() {
  nats_running "$1" || return 0
  stop_server "nats-server $1" "$dir/$1.pid"
}

nats_start() {
  nats_start_one nats "$nats_port" 0
  nats_start_one nats-tls "$nats_tls_port" 1
}

nats_stop() {
  nats_stop_one nats
  nats_stop_one nats-tls
}

# A three-node nats-server cluster with JetStream on loopback, for tests of replicated (R3) streams and buckets:
# client ports $nats_port+10..+12, cluster (route) ports +13..+15, monitoring ports +16..+18 (start waits until every
# node's /healthz says its JetStream is current, so a test can lose a node at once), stores under $DIR/nats-cluster-K. Anonymous
# clients share one JetStream account. nats-cluster-start adds NATS_CLUSTER_URL (all three URLs) to the env file.
nats_cluster_start() {
  local k port route routes="" urls=""
  for k in 0 1 2; do
    routes="$routes nats-route://127.0.0.1:$((nats_port + 13 + k))"
    urls="$urls${urls:+,}nats://127.0.0.1:$((nats_port + 10 + k))"
  done
  for k in 0 1 2; do
    local name="nats-cluster-$k"
    port=$((nats_port + 10 + k)); route=$((nats_port + 13 + k))
    nats_running "$name" && continue
    mkdir -p "$dir/$name/jetstream"
    cat >"$dir/$name.conf" <<NATSCONF
listen: 127.0.0.1:$port
http: 127.0.0.1:$((nats_port + 16 + k))
server_name: privacy-runtime-cluster-$k
pid_file: "$dir/$name.pid"
jetstream { store_dir: "$dir/$name/jetstream", max_memory_store: 64MB, max_file_store: 2GB }
cluster { name: privacy-runtime-cluster, listen: 127.0.0.1:$route, routes: [$(echo $routes | tr ' ' ',')] }
accounts { METERS { jetstream: enabled, users: [ { user: anonymous, password: "$(openssl rand -hex 16)" } ] } }
no_auth_user: anonymous
NATSCONF
    rm -f "$dir/$name.pid"
    setsid nats-server -c "$dir/$name.conf" -l "$dir/$name/nats-server.log" </dev/null >/dev/null 2>&1 &
  done
  for k in 0 1 2; do
    port=$((nats_port + 10 + k))
    local up=0
    for _ in $(seq 1 100); do
      if [ -s "$dir/nats-cluster-$k.pid" ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then up=1; break; fi
      sleep 0.1
    done
    if [ "$up" = 0 ]; then
      echo "services: nats-server cluster node $k did not start on 127.0.0.1:$port; log:" >&2
      tail -20 "$dir/nats-cluster-$k/nats-server.log" >&2 || true
      exit 1
    fi
  done
  if ! python3 - "$((nats_port + 16))" <<'HEALTH'
import sys, time, urllib.request
first = int(sys.argv[1])
deadline = time.time() + 60
for port in (first, first + 1, first + 2):
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                if reply.status == 200:
                    break
        except OSError:
            pass
        if time.time() > deadline:
            sys.exit(f"services: nats-server cluster node on monitoring port {port} not healthy within 60 s")
        time.sleep(0.2)
HEALTH
  then
    exit 1
  fi
  if [ -f "$dir/env" ]; then
    grep -v '^NATS_CLUSTER_URL=' "$dir/env" >"$dir/env.new" || true
    echo "NATS_CLUSTER_URL=$urls" >>"$dir/env.new"
    mv "$dir/env.new" "$dir/env"
  fi
  echo "services: nats-server cluster on $urls"
}

# Kills nats-server instance NAME with SIGKILL (a power loss: no leadership handed over, its data kept).
nats_kill_one() {
  nats_running "$1" || return 0
  kill -KILL "$(cat "$dir/$1.pid")"
  rm -f "$dir/$1.pid"
}

# Stops the cluster's nodes (nats-cluster-stop-node K stops one, keeping its data, for a node-loss test).
nats_cluster_stop() {
  local k
  for k in 0 1 2; do nats_stop_one "nats-cluster-$k"; done
  if [ -f "$dir/env" ]; then
    grep -v '^NATS_CLUSTER_URL=' "$dir/env" >"$dir/env.new" || true
    mv "$dir/env.new" "$dir/env"
  fi
}

write_env() {
  cat >"$dir/env" <<EOF
PGHOST=127.0.0.1
PGPORT=$pg_port
PGUSER=$pg_user
PGPASSWORD=$pg_password
PGDATABASE=$pg_database
MQTT_HOST=127.0.0.1
MQTT_PORT=$mqtt_port
MQTT_AUTH_PORT=$mqtt_auth_port
MQTT_USER=$mqtt_user
MQTT_PASSWORD=$mqtt_password
MQTT_TLS_PORT=$mqtt_tls_port
MQTT_MTLS_PORT=$mqtt_mtls_port
MQTT_TLS_CA=$tls_dir/ca.crt
MQTT_TLS_OTHER_CA=$tls_dir/other-ca.crt
MQTT_TLS_CLIENT_CERT=$tls_dir/client.crt
MQTT_TLS_CLIENT_KEY=$tls_dir/client.key
NATS_URL=nats://127.0.0.1:$nats_port
NATS_TLS_URL=tls://127.0.0.1:$nats_tls_port
NATS_HOST=127.0.0.1
NATS_PORT=$nats_port
NATS_USER=$nats_user
NATS_PASSWORD=$nats_password
NATS_TLS_CA=$tls_dir/ca.crt
SERVICES_SCRIPT=$script
EOF
}

case "${1:-}" in
  start)
    install_packages
    if [ -f "$dir/env" ] && ! grep -qx "PGPORT=$pg_port" "$dir/env"; then
      echo "services: $dir already serves other ports (see $dir/env); run '$0 stop' first or set PRIVACY_RUNTIME_SERVICES_DIR" >&2
      exit 1
    fi
    mkdir -p "$dir"
    as_root && chmod 0755 "$dir"
    pg_start
    mqtt_start
    nats_start
    write_env
    echo "services: PostgreSQL on 127.0.0.1:$pg_port, mosquitto on 127.0.0.1:$mqtt_port, nats-server (JetStream) on 127.0.0.1:$nats_port and $nats_tls_port (TLS) (env: $dir/env)"
    ;;
  stop)
    nats_cluster_stop
    nats_stop
    mqtt_stop
    pg_stop
    rm -rf "$dir"
    ;;
  pg-stop) pg_stop ;;
  pg-start) pg_start ;;
  mqtt-stop) mqtt_stop ;;
  mqtt-start) mqtt_start ;;
  nats-stop) nats_stop ;;
  nats-start) nats_start ;;
  nats-cluster-start) nats_cluster_start ;;
  nats-cluster-stop) nats_cluster_stop ;;
  nats-cluster-stop-node) nats_stop_one "nats-cluster-${2:?nats-cluster-stop-node wants 0, 1 or 2}" ;;
  nats-cluster-kill-node) nats_kill_one "nats-cluster-${2:?nats-cluster-kill-node wants 0, 1 or 2}" ;;
  *)
    echo "usage: $0 start|stop|pg-stop|pg-start|mqtt-stop|mqtt-start|nats-stop|nats-start|nats-cluster-start|nats-cluster-stop|nats-cluster-stop-node K|nats-cluster-kill-node K" >&2
    exit 2
    ;;
esac
