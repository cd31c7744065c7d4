use std::ops::RangeInclusive;

use Charset::{Alphanumeric, AlphanumericOrDash, Token, UpperOrDigit, Word};

use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Environment variables of containers (regular, init and ephemeral) whose literal `value`
    /// is a secret. Entries that use `valueFrom` are what this rule asks for, and are never
    /// reported. A value is taken for a secret when:
    ///
    /// - it has the shape of a well-known credential, whatever the variable is called: an AWS
    ///   access key ID (`AKIA...`), a GitHub, GitLab, Slack, Stripe, Google API or npm token, a
    ///   Slack webhook URL, a PEM private key, or a URL with a password in it
    ///   (`postgres://app:...@db/app`);
    /// - or the variable's name has a word that names a secret (`PASSWORD`, `PASSWD`, `PASS`,
    ///   `PASSPHRASE`, `SECRET`, `TOKEN`, `CREDENTIALS`, `API_KEY`, `APIKEY`, `ACCESS_KEY`,
    ///   `PRIVATE_KEY`, `SIGNING_KEY`, `ENCRYPTION_KEY`...; words are split at `_`, `-`, `.` and
    ///   camelCase), no word after it says the variable is about the secret rather than the
    ///   secret itself (`PASSWORD_FILE`, `TOKEN_URL`, `SECRET_NAME`, `ACCESS_KEY_ID`,
    ///   `TOKEN_TTL`...), and the value is a non-empty literal: not a reference or template
    ///   (`$(DB_PASSWORD)`, `${TOKEN}`, `{{ .Values.token }}`), not a placeholder
    ///   (`<password>`, `changeme`, `xxxx`, `your-token-here`), not a boolean, a file path or a
    ///   URL without a password.
    ///
    /// Findings point at the variable's `name`, and messages name the variable only: they never
    /// quote the value, so that reports do not copy the secret.
    ///
    /// ## Why it matters
    ///
    /// A secret written into a manifest is in version control and its history, in every clone,
    /// CI log and rendered chart, and in the object stored by the API server, where anyone who
    /// may read the Deployment or Pod can see it (reading Secrets is usually far more
    /// restricted). It cannot be rotated without a change to the manifest, and it is often
    /// shared between environments.
    ///
    /// ## How to fix
    ///
    /// Rotate the secret, since it has leaked. Keep it in a Secret (created from a secret manager
    /// through the External Secrets Operator, Sealed Secrets or the Secrets Store CSI driver) and
    /// reference it, or better mount it as a file.
    ///
    /// ```yaml
    /// env:
    ///   - name: DB_PASSWORD
    ///     valueFrom:
    ///       secretKeyRef:
    ///         name: db-credentials
    ///         key: password
    /// ```
    pub struct SecretInEnvValue {
        id: "k8s-secret-in-env-value",
        title: "Container sets a secret as a literal environment variable",
        severity: High,
        remediation: "Rotate the secret, store it in a Secret, and reference it with valueFrom.secretKeyRef.",
        frameworks: [
            nsa("Network separation and hardening: secrets"),
            mitre("T1552.001"),
        ],
        peers: [
            kics("a88baa34-e2ad-44ea-ad6f-8cac87bc7c71"),
            kubescape("C-0012"),
            kube_linter("env-var-secret"),
            polaris("sensitiveContainerEnvVar"),
        ],
        fixable: false,
    }
}

impl Rule for SecretInEnvValue {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        for container in object.containers() {
            for var in container.node.get("env").into_iter().flat_map(Node::items) {
                if var.get("valueFrom").is_some_and(|v| !v.is_null()) {
                    continue;
                }
                let (Some(name_entry), Some(value_node)) = (var.entry("name"), var.get("value"))
                else {
                    continue;
                };
                let (Some(name), Some(value)) = (name_entry.value.as_str(), value_node.as_str())
                else {
                    continue;
                };
                let message = if let Some(kind) = credential_kind(value) {
                    format!(
                        "{} sets env var {name} to a literal {kind}",
                        container.describe()
                    )
                } else if names_secret(name) && is_literal_secret(value) {
                    format!(
                        "{} sets env var {name}, which names a secret, to a literal value",
                        container.describe()
                    )
                } else {
                    continue;
                };
                // At the name, never the value; and the value is masked wherever a report
                // quotes the lines around it.
                cx.report_entry(name_entry, message)
                    .redact
                    .push(value_node.range);
            }
        }
    }
}

/// Words of a variable's name that name a secret.
const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWORDS",
    "PASSWD",
    "PASS",
    "PASSPHRASE",
    "SECRET",
    "SECRETS",
    "TOKEN",
    "TOKENS",
    "CREDENTIAL",
    "CREDENTIALS",
    "CREDS",
    "APIKEY",
    "ACCESSKEY",
    "SECRETKEY",
    "PRIVATEKEY",
    "AUTHTOKEN",
    "ACCESSTOKEN",
];

/// Pairs of words that name a secret where neither does alone.
const SECRET_PHRASES: &[[&str; 2]] = &[
    ["API", "KEY"],
    ["ACCESS", "KEY"],
    ["PRIVATE", "KEY"],
    ["SIGNING", "KEY"],
    ["ENCRYPTION", "KEY"],
    ["MASTER", "KEY"],
];

/// Words that, after the secret's word, make a variable about the secret rather than the
/// secret itself: where it is, what it is called, how long it lasts, whether it is required.
const QUALIFIERS: &[&str] = &[
    "FILE",
    "FILES",
    "PATH",
    "DIR",
    "DIRECTORY",
    "MOUNT",
    "LOCATION",
    "URL",
    "URI",
    "ENDPOINT",
    "HOST",
    "PORT",
    "NAME",
    "REF",
    "ID",
    "KIND",
    "TYPE",
    "FORMAT",
    "HEADER",
    "FIELD",
    "PARAM",
    "PROVIDER",
    "SOURCE",
    "TTL",
    "EXPIRY",
    "EXPIRES",
    "EXPIRATION",
    "LIFETIME",
    "TIMEOUT",
    "ROTATION",
    "LENGTH",
    "LEN",
    "SIZE",
    "COUNT",
    "MIN",
    "MAX",
    "ENABLED",
    "DISABLED",
    "ENABLE",
    "DISABLE",
    "REQUIRED",
    "POLICY",
    "MODE",
    "METHOD",
    "AUDIENCE",
    "ISSUER",
    "ALGORITHM",
    "SCOPE",
    "SCOPES",
    "REGEX",
    "PATTERN",
];

/// Whether the variable's name says it holds a secret.
fn names_secret(name: &str) -> bool {
    let words = words(name);
    let ends: Vec<usize> = (0..words.len())
        .filter(|&i| {
            SECRET_WORDS.contains(&words[i].as_str())
                || (i > 0
                    && SECRET_PHRASES
                        .iter()
                        .any(|[a, b]| words[i - 1] == *a && words[i] == *b))
        })
        .collect();
    let Some(&last) = ends.last() else {
        return false;
    };
    !words[last + 1..]
        .iter()
        .any(|word| QUALIFIERS.contains(&word.as_str()))
}

/// The upper-cased words of a name, split at non-alphanumerics and camelCase humps
/// (`apiKey`, `APIKey` and `API_KEY` all give `API`, `KEY`).
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let chars: Vec<char> = part.chars().collect();
        let mut start = 0;
        for i in 1..chars.len() {
            let hump = chars[i].is_ascii_uppercase()
                && (!chars[i - 1].is_ascii_uppercase()
                    || chars.get(i + 1).is_some_and(char::is_ascii_lowercase));
            if hump {
                words.push(chars[start..i].iter().collect::<String>());
                start = i;
            }
        }
        if start < chars.len() {
            words.push(chars[start..].iter().collect::<String>());
        }
    }
    words.iter().map(|w| w.to_ascii_uppercase()).collect()
}

/// Whether a value, set on a variable whose name says secret, is a literal secret rather than a
/// reference, a placeholder, a flag, a path or a plain URL.
fn is_literal_secret(value: &str) -> bool {
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    let reference = ["$(", "${", "{{", "}}", "#{", "%{"]
        .iter()
        .any(|marker| value.contains(marker))
        || value
            .strip_prefix('$')
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'));
    let placeholder = (value.starts_with('<') && value.ends_with('>'))
        || value.chars().all(|c| c == '*' || c == 'x' || c == 'X')
        || value.chars().all(|c| value.starts_with(c))
        || lower.starts_with("your")
        || [
            "changeme",
            "change-me",
            "change_me",
            "replaceme",
            "replace-me",
            "replace_me",
            "placeholder",
            "redacted",
            "todo",
            "tbd",
            "fixme",
            "none",
            "null",
            "nil",
            "n/a",
        ]
        .contains(&lower.as_str());
    let flag = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "enabled", "disabled",
    ]
    .contains(&lower.as_str());
    let path = value.starts_with('/') || value.starts_with("./") || value.starts_with("~/");
    let url = value.contains("://");
    !value.is_empty() && !reference && !placeholder && !flag && !path && !url
}

/// A credential known by its shape: a prefix at the start of a word, then a run of
/// characters of one set, of a length in a range.
struct Shape {
    kind: &'static str,
    prefixes: &'static [&'static str],
    charset: Charset,
    len: RangeInclusive<usize>,
}

impl Shape {
    /// A row of [`SHAPES`], in the order of the fields.
    const fn new(
        kind: &'static str,
        prefixes: &'static [&'static str],
        charset: Charset,
        len: RangeInclusive<usize>,
    ) -> Self {
        Self {
            kind,
            prefixes,
            charset,
            len,
        }
    }
}

/// The credentials known by their shape: what each is, its prefixes, the characters after the
/// prefix, and how many of them.
const SHAPES: &[Shape] = &[
    Shape::new(
        "AWS access key ID",
        &["AKIA", "ASIA", "ABIA", "ACCA"],
        UpperOrDigit,
        16..=16,
    ),
    Shape::new(
        "GitHub token",
        &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
        Alphanumeric,
        36..=255,
    ),
    Shape::new("GitHub token", &["github_pat_"], Word, 82..=255),
    Shape::new("GitLab token", &["glpat-"], Token, 20..=255),
    Shape::new(
        "Slack token",
        &["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-"],
        AlphanumericOrDash,
        10..=255,
    ),
    Shape::new(
        "Stripe key",
        &["sk_live_", "rk_live_"],
        Alphanumeric,
        16..=255,
    ),
    Shape::new("Google API key", &["AIza"], Token, 35..=35),
    Shape::new("npm token", &["npm_"], Alphanumeric, 36..=36),
];

/// The characters of a credential's body, after its prefix.
#[derive(Clone, Copy)]
enum Charset {
    UpperOrDigit,
    Alphanumeric,
    AlphanumericOrDash,
    /// Alphanumerics and `_`.
    Word,
    /// Alphanumerics, `_` and `-`.
    Token,
}

impl Charset {
    /// Whether the byte `b` is of this set.
    fn contains(self, b: u8) -> bool {
        match self {
            UpperOrDigit => b.is_ascii_uppercase() || b.is_ascii_digit(),
            Alphanumeric => b.is_ascii_alphanumeric(),
            AlphanumericOrDash => b.is_ascii_alphanumeric() || b == b'-',
            Word => b.is_ascii_alphanumeric() || b == b'_',
            Token => b.is_ascii_alphanumeric() || b == b'_' || b == b'-',
        }
    }
}

/// What well-known credential `value` is or holds, if any.
fn credential_kind(value: &str) -> Option<&'static str> {
    if let Some(shape) = SHAPES.iter().find(|shape| {
        shape
            .prefixes
            .iter()
            .any(|prefix| has_token(value, prefix, shape.charset, &shape.len))
    }) {
        return Some(shape.kind);
    }
    if value.contains("https://hooks.slack.com/services/T") {
        return Some("Slack webhook URL");
    }
    if has_private_key_header(value) {
        return Some("private key");
    }
    if has_url_password(value) {
        return Some("URL with a password");
    }
    None
}

/// Whether `value` holds `prefix` at the start of a word, followed by a run of `charset` whose
/// length is in `len`.
fn has_token(value: &str, prefix: &str, charset: Charset, len: &RangeInclusive<usize>) -> bool {
    let bytes = value.as_bytes();
    value.match_indices(prefix).any(|(at, _)| {
        let word_start = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
        let body = bytes[at + prefix.len()..]
            .iter()
            .take_while(|b| charset.contains(**b))
            .count();
        word_start && len.contains(&body)
    })
}

/// Whether `value` holds a PEM header of a private key (`-----BEGIN RSA PRIVATE KEY-----`,
/// `-----BEGIN OPENSSH PRIVATE KEY-----`, `-----BEGIN PGP PRIVATE KEY BLOCK-----`...).
fn has_private_key_header(value: &str) -> bool {
    value.match_indices("-----BEGIN ").any(|(at, begin)| {
        let rest = &value[at + begin.len()..];
        rest.find("-----")
            .is_some_and(|end| rest[..end].contains("PRIVATE KEY"))
    })
}

/// Whether `value` holds a URL whose user info has a literal password
/// (`scheme://user:password@host`).
fn has_url_password(value: &str) -> bool {
    value.match_indices("://").any(|(at, sep)| {
        let rest = &value[at + sep.len()..];
        let authority = rest
            .split(|c: char| matches!(c, '/' | '?' | '#') || c.is_whitespace())
            .next()
            .unwrap_or("");
        let Some((user_info, _host)) = authority.rsplit_once('@') else {
            return false;
        };
        let Some((_user, password)) = user_info.split_once(':') else {
            return false;
        };
        is_literal_secret(password)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for secret in [
            "DB_PASSWORD",
            "MYSQL_ROOT_PASSWORD",
            "db_pass",
            "AWS_SECRET_ACCESS_KEY",
            "OPENAI_API_KEY",
            "apiKey",
            "stripeAPIKey",
            "GITHUB_TOKEN",
            "Square_OAuth_Secret",
            "CLIENT_SECRET",
            "SECRET_KEY_BASE",
            "GOOGLE_CREDENTIALS",
            "TLS_PRIVATE_KEY",
            "jwt.secret",
        ] {
            assert!(names_secret(secret), "{secret}");
        }
        for other in [
            "PASSWORD_FILE",
            "DB_PASSWORD_PATH",
            "TOKEN_URL",
            "SECRET_NAME",
            "AWS_ACCESS_KEY_ID",
            "TOKEN_TTL",
            "PWD",
            "BYPASS",
            "TOKENIZER",
            "KEYCLOAK_REALM",
            "PUBLIC_KEY",
            "PASSWORD_MIN_LENGTH",
        ] {
            assert!(!names_secret(other), "{other}");
        }
    }

    #[test]
    fn literal_values() {
        for secret in ["hunter2", "s3cr3t-value", "password", "1234"] {
            assert!(is_literal_secret(secret), "{secret}");
        }
        for other in [
            "",
            "$(DB_PASSWORD)",
            "${TOKEN}",
            "$TOKEN",
            "{{ .Values.token }}",
            "<password>",
            "changeme",
            "xxxxxxxx",
            "********",
            "your-token-here",
            "true",
            "no",
            "/var/run/secrets/token",
            "https://vault.example.com",
        ] {
            assert!(!is_literal_secret(other), "{other}");
        }
    }

    #[test]
    fn credential_shapes() {
        let aws = ["AKIA", "ABCDEFGHIJKLMNOP"].concat();
        assert_eq!(credential_kind(&aws), Some("AWS access key ID"));
        assert_eq!(credential_kind(&format!("{aws}Q")), None);
        let github = format!("ghp_{}", "a1".repeat(18));
        assert_eq!(credential_kind(&github), Some("GitHub token"));
        assert_eq!(credential_kind("ghp_short"), None);
        let slack = ["xoxb", "-1234567890-abcdefghij"].concat();
        assert_eq!(credential_kind(&slack), Some("Slack token"));
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----";
        assert_eq!(credential_kind(pem), Some("private key"));
        assert_eq!(credential_kind("-----BEGIN CERTIFICATE-----\nMIIB"), None);
        assert_eq!(
            credential_kind("postgres://app:s3cret@db:5432/app"),
            Some("URL with a password")
        );
        assert_eq!(
            credential_kind("postgres://app:$(DB_PASSWORD)@db/app"),
            None
        );
        assert_eq!(credential_kind("postgres://app@db/app"), None);
        assert_eq!(credential_kind("https://example.com/a:b@c"), None);
    }
}
