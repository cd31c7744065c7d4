package terraform_test

import rego.v1

import data.terraform

bucket(values) := {
	"address": "aws_s3_bucket.b",
	"mode": "managed",
	"type": "aws_s3_bucket",
	"name": "b",
	"values": values,
	"after_unknown": {},
}

test_public_acl_is_denied if {
	count(terraform.deny_public_acl) == 1 with input as bucket({"acl": "public-read", "tags": {"owner": "x"}})
}

test_private_acl_is_allowed if {
	count(terraform.deny_public_acl) == 0 with input as bucket({"acl": "private"})
}

test_missing_owner_is_denied if {
	terraform.deny_missing_tag == {"aws_s3_bucket.b has no \"owner\" tag"} with input as bucket({})
		with data.tags.required as ["owner"]
}

test_unknown_tags_are_not_judged if {
	count(terraform.deny_missing_tag) == 0 with input as object.union(bucket({}), {"after_unknown": {"tags": true}})
		with data.tags.required as ["owner"]
}
