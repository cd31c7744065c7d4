# METADATA
# title: Platform team rules for Kubernetes workloads
# description: What every workload the platform runs must carry.
package main

import rego.v1

workload_kinds := {"Deployment", "StatefulSet", "DaemonSet", "Job"}

containers contains container if {
	workload_kinds[input.kind]
	some container in input.spec.template.spec.containers
}

containers contains container if {
	input.kind == "Pod"
	some container in input.spec.containers
}

container_path(i) := ["spec", "template", "spec", "containers", i] if workload_kinds[input.kind]

container_path(i) := ["spec", "containers", i] if input.kind == "Pod"

# METADATA
# title: Workloads carry an owner label
# description: Add metadata.labels.owner naming the team that is paged for the workload.
# custom:
#   id: PLAT-001
#   severity: medium
deny_missing_owner contains msg if {
	workload_kinds[input.kind]
	not input.metadata.labels.owner
	msg := sprintf("%s %s has no owner label", [input.kind, input.metadata.name])
}

# METADATA
# title: Images come from the company registry
# description: Pull images from one of the registries in data.registries.allowed.
# custom:
#   id: PLAT-002
#   severity: high
deny_registry contains result if {
	some i, container in pod_containers
	not allowed_registry(container.image)
	result := {
		"msg": sprintf("container %q pulls %q from outside the allowed registries", [container.name, container.image]),
		"path": array.concat(container_path(i), ["image"]),
	}
}

pod_containers := input.spec.template.spec.containers if workload_kinds[input.kind]

pod_containers := input.spec.containers if input.kind == "Pod"

allowed_registry(image) if {
	some registry in data.registries.allowed
	startswith(image, concat("", [registry, "/"]))
}

# METADATA
# title: Images are not tagged latest
# custom:
#   id: PLAT-003
warn_latest contains msg if {
	some container in containers
	endswith(container.image, ":latest")
	msg := sprintf("container %q uses the mutable tag latest", [container.name])
}

# conftest's exception rules: the node agent may pull from its vendor's registry. Rampart reports
# what an exception exempts as suppressed (with the rule that exempts it), never drops it.
exception contains rules if {
	input.kind == "DaemonSet"
	input.metadata.name == "node-agent"
	rules := ["registry"]
}
