# Sourced by run.sh and up.sh: runs named steps, timing each, and lists the times at the end.
timings=()
step() {
  local name=$1 began=$SECONDS
  shift
  log "── $name"
  "$@"
  timings+=("$(printf '%-12s %4d s' "$name" $((SECONDS - began)))")
}
print_timings() {
  log "step times:"
  for line in "${timings[@]}"; do log "  $line"; done
}
