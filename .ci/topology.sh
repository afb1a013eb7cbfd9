# Sourced by .ci/run (and usable by hand: `source .ci/topology.sh; start_replica; start_pgbouncer`).
# Starts, when missing, the two pieces of the production topology the `replica` and `pgbouncer`
# test projects run against (#17 "Running it in production"): a streaming replica of the local
# PostgreSQL cluster on port 5433 and PgBouncer in transaction pooling mode on port 6432.
# Both run as the postgres user; the primary is the cluster on 127.0.0.1:5432.

topology_psql() { su postgres -c "psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atq -c \"$1\""; }

# A streaming replica: `pg_basebackup -R` of the primary into its own data folder, started on 5433.
start_replica() {
  if pg_isready -h 127.0.0.1 -p 5433 -q 2>/dev/null; then return 0; fi
  local version bin dir hba
  version=$(topology_psql "show server_version_num")
  version=$((version / 10000))
  bin="/usr/lib/postgresql/$version/bin"
  dir="/var/lib/postgresql/$version/ci-replica"
  hba=$(topology_psql "show hba_file")
  # The base backup and the stream connect with the replication pseudo-database, which `all`
  # in pg_hba.conf does not cover. A local-only trust entry, first so that it wins over a packaged
  # password entry, lets the replica's stream reconnect without a password on file.
  if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
    sed -i '1i host replication all 127.0.0.1/32 trust' "$hba"
    topology_psql "select pg_reload_conf()" >/dev/null
  fi
  echo "ci: starting a streaming replica on port 5433"
  rm -rf "$dir"
  mkdir -p -m 700 "$dir"
  chown postgres:postgres "$dir"
  su postgres -c "PGPASSWORD=\${PGPASSWORD:-postgres} pg_basebackup -h 127.0.0.1 -p 5432 -U postgres -D '$dir' -R -X stream -c fast"
  # A packaged cluster keeps its configuration outside the data folder; the replica gets its own.
  # A hot standby needs these limits at least as high as the primary's.
  {
    echo "port = 5433"
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = '/var/run/postgresql'"
    echo "hot_standby = on"
    # Tests pause replay on purpose; queries then must not be cancelled for replay conflicts.
    echo "max_standby_streaming_delay = -1"
    for setting in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
      echo "$setting = $(topology_psql "show $setting")"
    done
  } >"$dir/postgresql.conf"
  cp "$hba" "$dir/pg_hba.conf"
  cp "$(topology_psql "show ident_file")" "$dir/pg_ident.conf"
  chown postgres:postgres "$dir/postgresql.conf" "$dir/pg_hba.conf" "$dir/pg_ident.conf"
  su postgres -c "'$bin/pg_ctl' -D '$dir' -l '$dir/replica.log' -w start" >/dev/null
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5433 -q && break; sleep 1; done
  pg_isready -h 127.0.0.1 -p 5433
}

# PgBouncer in transaction pooling mode in front of every database of the primary.
start_pgbouncer() {
  if pg_isready -h 127.0.0.1 -p 6432 -q 2>/dev/null; then return 0; fi
  if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ]; then
    echo "ci: installing pgbouncer"
    apt_install pgbouncer
  fi
  local bouncer dir
  bouncer=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
  dir=/var/lib/postgresql/ci-pgbouncer
  mkdir -p "$dir"
  # trust: clients on this machine only; PgBouncer signs in to PostgreSQL with the password from
  # the auth file when the server asks for one (a packaged server does over TCP).
  echo "\"postgres\" \"${PGPASSWORD:-postgres}\"" >"$dir/userlist.txt"
  cat >"$dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=5432
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = 6432
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
admin_users = postgres
max_client_conn = 2000
default_pool_size = 8
ignore_startup_parameters = extra_float_digits,options
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
  chown -R postgres:postgres "$dir"
  echo "ci: starting pgbouncer (transaction pooling) on port 6432"
  # PgBouncer refuses to run as root.
  su postgres -s /bin/sh -c "'$bouncer' -d '$dir/pgbouncer.ini'"
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 6432 -q && break; sleep 1; done
  pg_isready -h 127.0.0.1 -p 6432
}
