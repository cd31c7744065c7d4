# A small AWS stack with the mistakes Rampart looks for. `rampart scan examples/` judges it with
# the built-in Terraform rules; examples/policies/terraform holds custom policies for it.

variable "logs_acl" {
  description = "Canned ACL of the logs bucket."
  type        = string
  default     = "private"
}

variable "admin_cidrs" {
  type    = list(string)
  default = ["10.0.0.0/8"]
}

module "logs" {
  source = "./modules/logs-bucket"
  name   = "acme-logs"
  acl    = var.logs_acl
}

resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "SSH to the bastion"

  ingress {
    description = "HTTPS from the office"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.admin_cidrs
  }

  tags = {
    owner = "platform"
  }
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
  size              = 100

  tags = {
    owner = "data"
  }
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "artifacts" {
  # Known only after apply: no rule or policy judges the name.
  bucket = "artifacts-${data.aws_caller_identity.current.account_id}"

  tags = {
    owner = "platform"
  }
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket                  = aws_s3_bucket.artifacts.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
