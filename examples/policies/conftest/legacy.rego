# A policy in Rego v0 syntax (before OPA 1.0), as many conftest users still have them: it runs
# unchanged.
package main

deny_host_network[msg] {
	input.kind == "Deployment"
	input.spec.template.spec.hostNetwork
	msg := sprintf("Deployment %s shares the node's network namespace", [input.metadata.name])
}
