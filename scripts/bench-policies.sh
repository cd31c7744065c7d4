#!/usr/bin/env bash
# Benchmark: 50 custom Rego policies (conftest conventions, generated below: ten kinds of check,
# five variants each) over ../shared/bench/k8s (818 files, 20 MB), with a release build.
# Reports wall time (hyperfine) for the policies alone, the built-in rules alone, and both, and
# peak memory (GNU time). Goal (issue 5): under 2 s wall on 2 cores for the policies alone.
#
#   scripts/bench-policies.sh
#
# Needs hyperfine and GNU time (apt-get install hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${CORPUS:-../shared/bench/k8s}"
[ -d "$corpus" ] || { echo "no corpus at $corpus (set CORPUS=...)"; exit 2; }

policies=$(mktemp -d)
trap 'rm -rf "$policies"' EXIT
for i in 1 2 3 4 5; do
  cat > "$policies/bench_$i.rego" <<REGO
package main

import rego.v1

workloads := {"Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet"}

pod_spec := input.spec.template.spec if workloads[input.kind]

pod_spec := input.spec if input.kind == "Pod"

pod_spec := input.spec.jobTemplate.spec.template.spec if input.kind == "CronJob"

containers contains c if some c in pod_spec.containers

containers contains c if some c in pod_spec.initContainers

# METADATA
# custom:
#   id: BENCH-$i-01
deny_label_$i contains msg if {
  workloads[input.kind]
  not input.metadata.labels["team-$i"]
  msg := sprintf("%s %s has no team-$i label", [input.kind, input.metadata.name])
}

# METADATA
# custom:
#   id: BENCH-$i-02
deny_registry_$i contains {"msg": msg, "path": ["spec", "template", "spec", "containers", j, "image"]} if {
  some j, c in pod_spec.containers
  startswith(c.image, "registry-$i.example.com/")
  msg := sprintf("container %s uses registry $i", [c.name])
}

deny_privileged_$i contains msg if {
  some c in containers
  c.securityContext.privileged == true
  msg := sprintf("container %s is privileged ($i)", [c.name])
}

deny_limits_$i contains msg if {
  some c in containers
  not c.resources.limits.memory
  msg := sprintf("container %s has no memory limit ($i)", [c.name])
}

warn_latest_$i contains msg if {
  some c in containers
  endswith(c.image, ":latest")
  msg := sprintf("container %s uses latest ($i)", [c.name])
}

deny_host_path_$i contains msg if {
  some v in pod_spec.volumes
  v.hostPath
  regex.match("^/(var/run|proc|etc)", v.hostPath.path)
  msg := sprintf("volume %s mounts %s ($i)", [v.name, v.hostPath.path])
}

deny_env_secret_$i contains msg if {
  some c in containers
  some e in c.env
  contains(lower(e.name), "password")
  e.value
  msg := sprintf("container %s sets %s in plain text ($i)", [c.name, e.name])
}

deny_service_type_$i contains msg if {
  input.kind == "Service"
  input.spec.type == "NodePort"
  msg := sprintf("Service %s is a NodePort ($i)", [input.metadata.name])
}

deny_replicas_$i contains msg if {
  input.kind == "Deployment"
  input.spec.replicas > 50 + $i
  msg := sprintf("Deployment %s asks for %d replicas ($i)", [input.metadata.name, input.spec.replicas])
}

warn_annotation_$i contains msg if {
  input.kind == "Ingress"
  not input.metadata.annotations["owner-$i"]
  msg := sprintf("Ingress %s has no owner-$i annotation", [input.metadata.name])
}
REGO
done
count=$(grep -c '^\(deny\|warn\)_' "$policies"/*.rego | awk -F: '{s+=$2} END {print s}')

cargo build --release --quiet -p rampart
bin=target/release/rampart
files=$(find "$corpus" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) | wc -l)
echo "corpus: $corpus ($files files), $count policies, $(nproc) cores"

hyperfine --warmup 1 --runs 5 -i --style basic \
  -n "policies only" "$bin scan $corpus --policy $policies --no-builtin --format json --output /dev/null --no-progress" \
  -n "built-in rules only" "$bin scan $corpus --format json --output /dev/null --no-progress" \
  -n "both" "$bin scan $corpus --policy $policies --format json --output /dev/null --no-progress"

/usr/bin/time -f "policies only: %e s wall, %M KiB peak RSS" \
  "$bin" scan "$corpus" --policy "$policies" --no-builtin --format json --output /dev/null --no-progress || true
