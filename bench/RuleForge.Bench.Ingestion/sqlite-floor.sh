#!/usr/bin/env bash
# The SQLite work alone of the data store's append, run by the sqlite3 shell itself (no .NET, no parsing, no hashing):
# the same canonical JSON rows and 16-byte hashes written as the store writes them (WAL, 50,000 rows per transaction,
# hashes in hash order into data_hashes, then the rows in file order), next to a plain `.import` of the same CSV. Shows the floor
# the store cannot go below with its schema: the slim layout of data-store migration 3 (record rows of seq, reference
# id + line, record time and JSON; one data_batches row per batch) and, for comparison, the layout before it
# (dataset, version, hash, reference text and ingestion time on every row, plus a (dataset, version) index).
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
  echo "CREATE TABLE src AS SELECT randomblob(16) h, 'data.csv:' || (rowid + 1) r, rowid + 1 line, json_object('amount', amount, 'category', category, 'customer', customer, 'id', id, 'quantity', quantity, 'vip', vip) j FROM p.t;"
  for ((b = 0; b * 50000 < rows; b++)); do
    echo "CREATE TABLE h$b AS SELECT h FROM src WHERE rowid > $((b * 50000)) AND rowid <= $(((b + 1) * 50000)) ORDER BY h;"
  done
} | sqlite3 "$dir/src.db"
pragmas="PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 16384;"
{
  echo "$pragmas"
  echo "CREATE TABLE data_refs (id INTEGER PRIMARY KEY, prefix TEXT NOT NULL UNIQUE); INSERT INTO data_refs (prefix) VALUES ('data.csv:');"
  echo "CREATE TABLE data_batches (first_seq INTEGER PRIMARY KEY, last_seq INTEGER NOT NULL, dataset_id INTEGER NOT NULL, version INTEGER NOT NULL, ingested_ticks INTEGER NOT NULL);"
  echo "CREATE INDEX ix_data_batches_version ON data_batches (dataset_id, version);"
  echo "CREATE TABLE data_records (seq INTEGER PRIMARY KEY, ref_id INTEGER NOT NULL, ref_line INTEGER, record_ticks INTEGER, data_json TEXT NOT NULL);"
  echo "CREATE TABLE data_hashes (dataset_id INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (dataset_id, hash)) WITHOUT ROWID;"
  echo "ATTACH '$dir/src.db' AS s;"
  for ((b = 0; b * 50000 < rows; b++)); do
    echo "BEGIN; INSERT INTO data_hashes SELECT 1, h FROM s.h$b WHERE true ON CONFLICT DO NOTHING;"
    echo "INSERT INTO data_records (seq, ref_id, ref_line, record_ticks, data_json) SELECT line - 1, 1, line, NULL, j FROM s.src WHERE rowid > $((b * 50000)) AND rowid <= $(((b + 1) * 50000));"
    echo "INSERT INTO data_batches VALUES ($((b * 50000 + 1)), $(((b + 1) * 50000)), 1, 1, 638000000000000000); COMMIT;"
  done
} > "$dir/slim.sql"
{
  echo "$pragmas"
  echo "CREATE TABLE data_records (seq INTEGER PRIMARY KEY, dataset_id INTEGER NOT NULL, version INTEGER NOT NULL, hash BLOB NOT NULL, source_ref TEXT NOT NULL, ingested_ticks INTEGER NOT NULL, record_ticks INTEGER, data_json TEXT NOT NULL);"
  echo "CREATE INDEX ix_data_records_version ON data_records (dataset_id, version);"
  echo "CREATE TABLE data_hashes (dataset_id INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (dataset_id, hash)) WITHOUT ROWID;"
  echo "ATTACH '$dir/src.db' AS s;"
  for ((b = 0; b * 50000 < rows; b++)); do
    echo "BEGIN; INSERT INTO data_hashes SELECT 1, h FROM s.h$b WHERE true ON CONFLICT DO NOTHING;"
    echo "INSERT INTO data_records (dataset_id, version, hash, source_ref, ingested_ticks, record_ticks, data_json) SELECT 1, 1, h, r, 638000000000000000, NULL, j FROM s.src WHERE rowid > $((b * 50000)) AND rowid <= $(((b + 1) * 50000)); COMMIT;"
  done
} > "$dir/before.sql"
echo "the data store's SQLite writes alone ($rows rows), slim layout (migration 3):"
time sqlite3 "$dir/slim.db" < "$dir/slim.sql" > /dev/null
echo "the same, layout before migration 3:"
time sqlite3 "$dir/before.db" < "$dir/before.sql" > /dev/null
echo "database sizes (bytes): plain $(stat -c %s "$dir/plain.db"), slim $(stat -c %s "$dir/slim.db"), before $(stat -c %s "$dir/before.db")"
