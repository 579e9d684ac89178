#!/usr/bin/env bash
# Usage: bash scripts/ci/create-test-db.sh NAME
# Drops and recreates database NAME on 127.0.0.1:5432 (as the superuser postgres), creates the
# extensions the app needs (vector needs a superuser, see STACK.md G7), and prints its URL on stdout.
# Everything else goes to stderr, so `DATABASE_URL=$(bash scripts/ci/create-test-db.sh x)` works.
set -euo pipefail

name=${1:?usage: create-test-db.sh NAME}
if ! [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
  echo "create-test-db: invalid database name: $name" >&2
  exit 2
fi

psql_base=(psql -X -q -h 127.0.0.1 -p 5432 -U postgres -v ON_ERROR_STOP=1)

"${psql_base[@]}" -d postgres >&2 <<SQL
SET client_min_messages = warning;
DROP DATABASE IF EXISTS "$name" WITH (FORCE);
CREATE DATABASE "$name";
SQL

"${psql_base[@]}" -d "$name" >&2 <<'SQL'
CREATE EXTENSION IF NOT EXISTS vector;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;
SQL

echo "postgres://postgres@127.0.0.1:5432/$name"
