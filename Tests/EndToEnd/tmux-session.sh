# Sourced by the explorer's tmux end-to-end scripts: a private tmux server for one test ($sock), killed
# on exit, and wait_for, which polls the screen for text (no fixed sleeps).
# Needs: sock set before sourcing.
tm() { tmux -L "$sock" "$@"; }
cleanup() { tm kill-server >/dev/null 2>&1 || true; }
trap cleanup EXIT

# Poll the screen for text every 50 ms, up to $2 seconds (default 20); on timeout print the screen and exit 1.
wait_for() {
  local text=$1 limit=${2:-20} i=0
  while [ $i -lt $((limit * 20)) ]; do
    if tm capture-pane -p -t e2e 2>/dev/null | grep -qF -- "$text"; then return 0; fi
    sleep 0.05; i=$((i + 1))
  done
  echo "FAIL: '$text' did not appear; screen was:" >&2
  tm capture-pane -p -t e2e >&2 || true
  exit 1
}
