#!/usr/bin/env bash
# The SQLite work alone of the data store's append, run by the sqlite3 shell itself (no .NET, no parsing, no hashing):
# the same canonical JSON rows and 16-byte hashes written as the store writes them (WAL, 50,000 rows per transaction,
# hashes in hash order into data_hashes, then the rows into data_records with its version index), next to a plain
# `.import` of the same CSV. Shows the floor the store cannot go below with this schema.
# Usage: sqlite-floor.sh data.csv   (a CSV with the bench's columns: id,customer,category,amount,quantity,vip)
set -euo pipefail
csv=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
TIMEFORMAT="%R s wall, %U s user + %S s sys CPU"
echo "plain .import:"
time sqlite3 "$dir/plain.db" ".mode csv" ".import $csv t"
rows=$(sqlite3 "$dir/plain.db" "SELECT COUNT(*) FROM t")
{
  echo "ATTACH '$dir/plain.db' AS p;"
  echo "CREATE TABLE src AS SELECT randomblob(16) h, 'data.csv:' || (rowid + 1) r, json_object('amount', amount, 'category', category, 'customer', customer, 'id', id, 'quantity', quantity, 'vip', vip) j FROM p.t;"
  for ((b = 0; b * 50000 < rows; b++)); do
    echo "CREATE TABLE b$b AS SELECT * FROM src WHERE rowid > $((b * 50000)) AND rowid <= $(((b + 1) * 50000)) ORDER BY h;"
  done
} | sqlite3 "$dir/src.db"
{
  echo "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 16384;"
  echo "CREATE TABLE data_records (seq INTEGER PRIMARY KEY, dataset_id INTEGER NOT NULL, version INTEGER NOT NULL, hash BLOB NOT NULL, source_ref TEXT NOT NULL, ingested_ticks INTEGER NOT NULL, record_ticks INTEGER, data_json TEXT NOT NULL);"
  echo "CREATE INDEX ix_data_records_version ON data_records (dataset_id, version);"
  echo "CREATE TABLE data_hashes (dataset_id INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (dataset_id, hash)) WITHOUT ROWID;"
  echo "ATTACH '$dir/src.db' AS s;"
  for ((b = 0; b * 50000 < rows; b++)); do
    echo "BEGIN; INSERT INTO data_hashes SELECT 1, h FROM s.b$b WHERE true ON CONFLICT DO NOTHING;"
    echo "INSERT INTO data_records (dataset_id, version, hash, source_ref, ingested_ticks, record_ticks, data_json) SELECT 1, 1, h, r, 638000000000000000, NULL, j FROM s.b$b ORDER BY rowid; COMMIT;"
  done
} > "$dir/append.sql"
echo "the data store's SQLite writes alone ($rows rows):"
time sqlite3 "$dir/store.db" < "$dir/append.sql" > /dev/null
