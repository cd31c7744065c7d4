use super::{Resource, TerraformRule, TfContext};
use crate::kubernetes::secrets::{credential_kind, is_literal_secret, names_secret};
use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// `aws_lambda_function` resources whose `environment { variables = {...} }` sets a known
    /// value that is a credential by its shape (an AWS access key id, a GitHub or Slack token,
    /// a private key...), or a literal value under a name that says it is a secret
    /// (`DB_PASSWORD`, `API_KEY`, `CLIENT_SECRET`). Names about a secret rather than the
    /// secret itself (`DB_PASSWORD_SECRET_ARN`, `API_KEY_PARAMETER`) and values that are
    /// references, placeholders, paths or flags are not reported, nor values not known before
    /// apply (a secret read from Secrets Manager by a data source, say). The same detection as
    /// `k8s-secret-in-env-value`.
    ///
    /// ## Why it matters
    ///
    /// A Lambda function's environment is part of its configuration: anyone allowed
    /// `lambda:GetFunctionConfiguration` (read-only roles, the console, many audit tools) reads
    /// it in clear, and it is also written into the Terraform state and often into the code
    /// repository.
    ///
    /// ## How to fix
    ///
    /// Keep the secret in Secrets Manager (or SSM Parameter Store) and pass its ARN; the
    /// function reads it at start-up:
    ///
    /// ```hcl
    /// resource "aws_lambda_function" "api" {
    ///   # ...
    ///   environment {
    ///     variables = {
    ///       DB_PASSWORD_SECRET_ARN = aws_secretsmanager_secret.db.arn
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// Rotate the secret that was exposed.
    pub struct LambdaSecretInEnvironment {
        id: "aws-lambda-secret-in-environment",
        platform: Terraform,
        title: "Lambda function has a secret in its environment variables",
        severity: High,
        remediation: "Rotate the secret, store it in Secrets Manager or SSM Parameter Store, and pass its ARN or name instead.",
        frameworks: [mitre("T1552.001")],
        peers: [checkov("CKV_AWS_45")],
        fixable: false,
    }
}

impl TerraformRule for LambdaSecretInEnvironment {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn examines(&self) -> &'static [&'static str] {
        &["aws_lambda_function"]
    }

    fn check(&self, resource: &Resource<'_>, cx: &mut TfContext<'_>) {
        for (i, environment) in resource.body().blocks_of("environment").enumerate() {
            let Some(variables) = environment.body.attribute("variables") else {
                continue;
            };
            let Some(map) = variables.value.as_map() else {
                continue;
            };
            for (name, value) in map {
                let Some(text) = value.as_str() else {
                    continue;
                };
                let message = if let Some(kind) = credential_kind(text) {
                    format!("environment variable {name} is set to a literal {kind}")
                } else if names_secret(name) && is_literal_secret(text) {
                    format!(
                        "environment variable {name}, which names a secret, is set to a literal value"
                    )
                } else {
                    continue;
                };
                // At the attribute, never with the place the value was set; and the value is
                // masked wherever a report quotes the lines around it.
                let finding = cx.report(
                    variables.span,
                    &format!("environment[{i}].variables.{name}"),
                    message,
                );
                if let Some(origin) = &value.origin {
                    for link in origin.chain() {
                        if link.span.file == variables.span.file {
                            finding.redact.push(link.span.range);
                        }
                    }
                }
            }
        }
    }
}
