# Helpers shared by the load scripts (gateway-load.sh, gateway-ab.sh, agent-run-load.sh): sourced, not run.
# They start nothing themselves; each script starts and stops its own processes.

# A free TCP port on 127.0.0.1 in 20000-39999 (nothing accepts a connection on it).
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

# Waits until URL answers 2xx, at most SECONDS; 1 (with a message) when it never did.
wait_http() { # url seconds
  local i
  for ((i = 0; i < $2 * 4; i++)); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.25
  done
  echo "timed out waiting for $1" >&2; return 1
}

# A fresh API key for the load-test app (the platform reads it from LOAD_API_KEY through the bootstrap file).
load_key() {
  echo "sk-jz-load-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
}

# Writes the load-test bootstrap file: org, project and app "loadtest", one key from ${LOAD_API_KEY} for every
# model, and the chat model "load-chat" (simulated) served by the given simulator base URLs (…/v1).
write_bootstrap() { # file description url...
  local file=$1 description=$2 url
  shift 2
  {
    cat <<YAML
organizations:
  - {code: loadtest, name: 压测, tenant: true}
projects:
  - {code: loadtest, name: 网关压测, org: loadtest}
apps:
  - code: loadtest
    name: 网关压测
    project: loadtest
    api_keys:
      - {name: load, key: "\${LOAD_API_KEY}", models: ["*"]}
models:
  - name: load-chat
    kind: chat
    simulated: true
YAML
    if [ -n "$description" ]; then echo "    description: $description"; fi
    echo "    endpoints:"
    for url in "$@"; do
      echo "      - {url: \"$url\", upstream_model: sim-chat}"
    done
  } > "$file"
}
