# Sourced by run.sh and up.sh: runs named steps, timing each, and lists the times at the end.
# Each step runs as a child the script waits for, so that a SIGTERM or SIGINT reaches the
# script's trap at once (bash defers traps while a foreground command runs): the trap then calls
# stop_step, which ends that step's process group — the step and every process it started
# (vitest's workers, the smoke's receivers and workers) — before the teardown.
# Job control (-m) gives each step a process group of its own, led by the step's process.
set -m
timings=()
step_pid=
step() {
  local name=$1 began=$SECONDS status=0
  shift
  log "── $name"
  "$@" &
  step_pid=$!
  wait "$step_pid" || status=$?
  step_pid=
  [[ $status == 0 ]] || return "$status"
  timings+=("$(printf '%-12s %4d s' "$name" $((SECONDS - began)))")
}
stop_step() {
  [[ -n $step_pid ]] || return 0
  # The group's id is the step's process id. `|| true`: the script runs under `set -e`,
  # which a trap does not lift.
  kill -TERM -- "-$step_pid" 2>/dev/null || true
  wait "$step_pid" 2>/dev/null || true
  step_pid=
}
print_timings() {
  log "step times:"
  for line in "${timings[@]}"; do log "  $line"; done
}
