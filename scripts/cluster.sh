#!/usr/bin/env bash
# A 3-node MariaDB Galera cluster on 127.0.0.1, for running policykg over more than one
# database machine and for its tests. Debian's mariadb-server and galera-4 must be installed.
#
#   scripts/cluster.sh start     start the nodes that are not running, wait until all are
#                                synced, create the database and the user
#   scripts/cluster.sh stop      stop every node (data is kept for the next start)
#   scripts/cluster.sh status    one line per node
#   scripts/cluster.sh url [N]   the store URL of the cluster, or of node N alone
#
# Data, logs and configuration live in $POLICYKG_CLUSTER_DIR (default .cluster/ in the
# repository). SQL ports start at $POLICYKG_CLUSTER_PORT (default 3311: 3311, 3312, 3313);
# Galera's group, IST and SST ports are that plus 1200, 1210 and 1220.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${POLICYKG_CLUSTER_DIR:-$root/.cluster}
base=${POLICYKG_CLUSTER_PORT:-3311}
nodes=3
db=policykg
user=policykg
pass=policykg
osuser=$(id -un)
# As root the servers run as Debian's mysql user: rsync's state transfer, run as root,
# would write the copied files as nobody.
runuser=$osuser
[[ $osuser == root ]] && runuser=mysql
# The servers must reach their data: a checkout the mysql user cannot enter keeps it in /tmp.
if [[ -z ${POLICYKG_CLUSTER_DIR:-} && $runuser != "$osuser" ]] && ! runuser -u "$runuser" -- test -x "$root"; then
  dir=${TMPDIR:-/tmp}/policykg-cluster-$(printf %s "$root" | md5sum | cut -c1-8)
fi
provider=/usr/lib/galera/libgalera_smm.so

sqlport() { echo $((base + $1 - 1)); }
gcommport() { echo $((base + 1200 + $1 - 1)); }
istport() { echo $((base + 1210 + $1 - 1)); }
sstport() { echo $((base + 1220 + $1 - 1)); }
nodedir() { echo "$dir/node$1"; }
# The socket lives in /tmp: a socket path must stay under 108 bytes, a checkout path need not.
socket() { echo "${TMPDIR:-/tmp}/policykg-galera-$(sqlport "$1").sock"; }

die() {
  echo "cluster: $*" >&2
  exit 1
}

pidof_node() {
  local f
  f="$(nodedir "$1")/launched.pid"
  [[ -s $f ]] && cat "$f"
}

# alive PID: a killed server can linger as a zombie until its parent reaps it.
alive() {
  local st
  st=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $st != Z* ]]
}

running() {
  local pid
  pid=$(pidof_node "$1") || return 1
  alive "$pid"
}

sql() {
  local n=$1
  shift
  mariadb --no-defaults --socket="$(socket "$n")" -u "$osuser" -N -B -e "$*"
}

wsrep_status() {
  sql "$1" "SHOW GLOBAL STATUS LIKE '$2'" 2>/dev/null | cut -f2
}

configure() {
  local n=$1 d addrs="" i
  d=$(nodedir "$n")
  for i in $(seq 1 $nodes); do
    addrs+="${addrs:+,}127.0.0.1:$(gcommport "$i")"
  done
  mkdir -p "$d/data"
  cat >"$d/my.cnf" <<EOF
[mariadbd]
user                           = $runuser
datadir                        = $d/data
socket                         = $(socket "$n")
pid-file                       = $d/mariadbd.pid
log-error                      = $d/error.log
port                           = $(sqlport "$n")
bind-address                   = 127.0.0.1
skip-name-resolve
character-set-server           = utf8mb4
collation-server               = utf8mb4_unicode_ci
max_allowed_packet             = 64M
default_storage_engine         = InnoDB
binlog_format                  = ROW
innodb_autoinc_lock_mode       = 2
innodb_buffer_pool_size        = 128M
innodb_flush_log_at_trx_commit = 2
wsrep_on                       = ON
wsrep_provider                 = $provider
wsrep_cluster_name             = policykg
wsrep_cluster_address          = gcomm://$addrs
wsrep_node_name                = node$n
wsrep_node_address             = 127.0.0.1:$(gcommport "$n")
wsrep_sst_method               = rsync
wsrep_sst_receive_address      = 127.0.0.1:$(sstport "$n")
# Loopback peers: a killed node is declared gone after 2 s instead of Galera's 5 s default,
# so the survivors hold causal reads back for less time.
wsrep_provider_options         = "gmcast.listen_addr=tcp://127.0.0.1:$(gcommport "$n");ist.recv_addr=127.0.0.1:$(istport "$n");evs.keepalive_period=PT0.5S;evs.inactive_check_period=PT0.5S;evs.suspect_timeout=PT2S;evs.inactive_timeout=PT4S;evs.install_timeout=PT4S;gcache.size=64M"
EOF
  [[ $runuser == "$osuser" ]] || chown -R "$runuser:" "$dir"
  if [[ ! -d $d/data/mysql ]]; then
    mariadb-install-db --defaults-file="$d/my.cnf" --auth-root-authentication-method=socket \
      --skip-test-db >"$d/install.log" 2>&1 || die "node $n: mariadb-install-db failed, see $d/install.log"
  fi
}

launch() {
  local n=$1
  shift
  setsid mariadbd --defaults-file="$(nodedir "$n")/my.cnf" "$@" </dev/null >/dev/null 2>&1 &
  # mariadbd writes its own pid file only after a state transfer; the node runs before that.
  echo $! >"$(nodedir "$n")/launched.pid"
}

# wait_synced N waits until node N is part of a primary component of all nodes and synced.
wait_synced() {
  local n=$1 i
  for i in $(seq 1 240); do
    if [[ $(wsrep_status "$n" wsrep_local_state_comment) == Synced &&
      $(wsrep_status "$n" wsrep_cluster_size) == "$nodes" ]]; then
      return 0
    fi
    running "$n" || [[ $i -lt 20 ]] || die "node $n exited; see $(nodedir "$n")/error.log"
    sleep 0.5
  done
  die "node $n not synced after 120 s; see $(nodedir "$n")/error.log"
}

# bootstrap_node picks the node whose data is safe to start a new cluster from.
bootstrap_node() {
  local i g
  for i in $(seq 1 $nodes); do
    g="$(nodedir "$i")/data/grastate.dat"
    if [[ -f $g ]] && grep -q '^safe_to_bootstrap: 1' "$g"; then
      echo "$i"
      return
    fi
  done
  # Every node crashed (or none ever ran): start from node 1, whose data the others will copy.
  g="$(nodedir 1)/data/grastate.dat"
  [[ -f $g ]] && sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$g"
  echo 1
}

start() {
  command -v mariadbd >/dev/null || die "mariadbd not found: apt-get install -y mariadb-server galera-4"
  [[ -f $provider ]] || die "$provider not found: apt-get install -y galera-4"
  local i any=0 first
  for i in $(seq 1 $nodes); do
    configure "$i"
    if running "$i"; then any=1; fi
  done
  if [[ $any == 0 ]]; then
    first=$(bootstrap_node)
    launch "$first" --wsrep-new-cluster
    for i in $(seq 1 60); do
      [[ $(wsrep_status "$first" wsrep_ready) == ON ]] && break
      sleep 0.5
    done
  fi
  for i in $(seq 1 $nodes); do
    running "$i" || launch "$i"
  done
  for i in $(seq 1 $nodes); do
    wait_synced "$i"
  done
  sql 1 "CREATE DATABASE IF NOT EXISTS $db CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER IF NOT EXISTS '$user'@'127.0.0.1' IDENTIFIED BY '$pass';
    CREATE USER IF NOT EXISTS '$user'@'localhost' IDENTIFIED BY '$pass';
    GRANT ALL PRIVILEGES ON \`policykg%\`.* TO '$user'@'127.0.0.1';
    GRANT ALL PRIVILEGES ON \`policykg%\`.* TO '$user'@'localhost';"
  echo "cluster: $nodes nodes synced; store URL: $(url)"
}

stop() {
  local i pid k
  for i in $(seq $nodes -1 1); do
    running "$i" || continue
    pid=$(pidof_node "$i")
    kill -TERM "$pid"
    for k in $(seq 1 120); do
      alive "$pid" || break
      sleep 0.5
    done
    if alive "$pid"; then
      kill -KILL "$pid"
    fi
  done
  echo "cluster: stopped"
}

status() {
  local i
  for i in $(seq 1 $nodes); do
    if running "$i"; then
      echo "node$i 127.0.0.1:$(sqlport "$i") pid $(pidof_node "$i") $(wsrep_status "$i" wsrep_local_state_comment) cluster_size=$(wsrep_status "$i" wsrep_cluster_size)"
    else
      echo "node$i 127.0.0.1:$(sqlport "$i") stopped"
    fi
  done
}

url() {
  local hosts="" i
  if [[ $# -gt 0 ]]; then
    echo "mysql://$user:$pass@127.0.0.1:$(sqlport "$1")/$db"
    return
  fi
  for i in $(seq 1 $nodes); do
    hosts+="${hosts:+,}127.0.0.1:$(sqlport "$i")"
  done
  echo "mysql://$user:$pass@$hosts/$db"
}

case ${1:-} in
start) start ;;
stop) stop ;;
status) status ;;
url) shift; url "$@" ;;
*) die "usage: $0 start|stop|status|url [N]" ;;
esac
