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

# One process runs the worker and the beat scheduler (-B): exactly one beat, as the house style
# asks; never start a second `celery beat` beside it. Beat reads the periodic jobs from the
# database (CELERY_BEAT_SCHEDULER), where an administrator sees and changes them ("Công việc định
# kỳ" in the admin); it installs the ones CELERY_BEAT_SCHEDULE declares when they are missing.
# Without REDIS_URL the broker is kombu's filesystem transport under var/broker.
.venv/bin/celery -A steering worker -B --loglevel=INFO --concurrency=2 >var/celery.log 2>&1 &
pids+=($!)
echo "Celery worker + beat started (log: var/celery.log)"
echo "Portal: http://127.0.0.1:${PORT:-8000}/  (demo password: demo-steering-2026)"
$PY manage.py runserver "127.0.0.1:${PORT:-8000}" &
pids+=($!)
wait -n "${pids[@]}"
