package main

import rego.v1

deployment(labels, image) := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web", "labels": labels},
	"spec": {"template": {"spec": {"containers": [{"name": "web", "image": image}]}}},
}

test_owner_label_is_required if {
	deny_missing_owner with input as deployment({}, "registry.example.com/web:1.0")
	count(deny_missing_owner) == 1 with input as deployment({}, "registry.example.com/web:1.0")
}

test_owner_label_satisfies if {
	count(deny_missing_owner) == 0 with input as deployment({"owner": "shop"}, "registry.example.com/web:1.0")
}

test_foreign_registry_is_denied_at_the_image if {
	some result in deny_registry with input as deployment({"owner": "shop"}, "docker.io/nginx:1.27")
	result.path == ["spec", "template", "spec", "containers", 0, "image"]
}

test_company_registry_is_allowed if {
	count(deny_registry) == 0 with input as deployment({"owner": "shop"}, "registry.example.com/web:1.0")
}

test_latest_is_a_warning if {
	count(warn_latest) == 1 with input as deployment({"owner": "shop"}, "registry.example.com/web:latest")
}
