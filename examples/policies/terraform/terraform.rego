# Custom policies for Terraform: each input is one resource instance with its evaluated
# attributes (docs/policies.md, "The input document"). Run them with
#   rampart scan examples/insecure-infra --policy examples/policies/terraform
package terraform

import rego.v1

# METADATA
# title: S3 buckets have no public canned ACL
# description: >-
#   Set acl to "private" (or drop it and use bucket policies); a public-read ACL lets anyone list
#   and download the bucket's objects.
# custom:
#   id: TF-001
#   severity: high
#   platforms: [terraform]
deny_public_acl contains result if {
	input.type == "aws_s3_bucket"
	input.values.acl in {"public-read", "public-read-write", "authenticated-read"}
	result := {
		"msg": sprintf("%s has the public canned ACL %q", [input.address, input.values.acl]),
		"path": ["values", "acl"],
	}
}

# METADATA
# title: Taggable resources carry the required tags
# description: Add the tags that data.tags.required names, so that every resource has an owner.
# custom:
#   id: TF-002
#   severity: low
#   platforms: [terraform]
deny_missing_tag contains msg if {
	input.mode == "managed"
	taggable[input.type]
	some tag in data.tags.required
	not has_tag(tag)
	msg := sprintf("%s has no %q tag", [input.address, tag])
}

taggable := {"aws_s3_bucket", "aws_security_group", "aws_ebs_volume", "aws_instance"}

# A tag whose value is only known after apply counts as set: nothing is reported on a value
# nobody knows.
has_tag(tag) if input.values.tags[tag]

has_tag(tag) if input.after_unknown.tags[tag]

has_tag(_) if input.after_unknown.tags == true
