#!/usr/bin/env bash
# Start the portal with a Celery worker and beat beside it; Ctrl-C stops all of them.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
mkdir -p var
pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

# One process runs the worker and the beat scheduler (-B): one beat, as the house style asks.
.venv/bin/celery -A steering worker -B --loglevel=INFO --concurrency=2 \
  --schedule="var/celerybeat-schedule" >var/celery.log 2>&1 &
pids+=($!)
echo "Celery worker + beat started (log: var/celery.log)"
echo "Portal: http://127.0.0.1:${PORT:-8000}/  (demo password: demo-steering-2026)"
$PY manage.py runserver "127.0.0.1:${PORT:-8000}" &
pids+=($!)
wait -n "${pids[@]}"
