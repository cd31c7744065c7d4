//! Secret detection, shared by the rules that look for secrets written into manifests
//! (environment variables, ConfigMaps): names that say a value is a secret, values that are
//! literals rather than references or placeholders, credentials known by their shape, and
//! settings that assign a secret inside a configuration file.
//!
//! Callers report the name that holds a secret, never the value, and mask the value's range
//! (`Finding::redact`) so that no report quotes it.

use std::ops::RangeInclusive;

use Charset::{Alphanumeric, AlphanumericOrDash, Token, UpperOrDigit, Word};

/// Words of a name (an environment variable's, a ConfigMap key's, a setting's) that name a secret.
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

/// Words that, after the secret's word, make a name about the secret rather than the secret
/// itself: where it is, what it is called, how long it lasts, whether it is required.
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

/// Whether a name says that its value is a secret.
pub(crate) fn names_secret(name: &str) -> bool {
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

/// Whether a value, set under a name that says secret, is a literal secret rather than a
/// reference, a placeholder, a flag, a path or a plain URL.
pub(crate) fn is_literal_secret(value: &str) -> bool {
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    let reference = ["$(", "${", "{{", "}}", "#{", "%{"]
        .iter()
        .any(|marker| value.contains(marker))
        || value
            .strip_prefix('$')
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_'));
    // An upper-case identifier that itself names a secret is a slot for one, left for someone to
    // fill in (`INSERT_DISCOVERY_TOKEN`, `GOOGLE_API_KEY_VAL`), not the secret.
    let slot = value
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && names_secret(value);
    let placeholder = slot
        || (value.starts_with('<') && value.ends_with('>'))
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
pub(crate) fn credential_kind(value: &str) -> Option<&'static str> {
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

/// A setting of a configuration file that assigns a value to a name: one line of a
/// `.properties`, `.env`, INI, TOML or YAML file, or one member of a JSON object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Setting<'a> {
    /// The setting's name, unquoted: `spring.datasource.password`.
    pub name: &'a str,
    /// The value as written after the separator, unquoted and without a trailing comment, comma
    /// or semicolon.
    pub value: &'a str,
}

/// The settings of a configuration file, in the order written: each line that reads
/// `name = value` or `name: value` (with an optional `export ` or YAML list dash before it, and
/// quotes around the name or value). Comment lines, lines whose name is not a single word of
/// letters, digits, `_`, `.` and `-`, YAML lines that open a block (`key: |`, `key:`) and values
/// that are lists or maps (`key: []`, `"key": {`) give none.
pub(crate) fn settings(text: &str) -> impl Iterator<Item = Setting<'_>> {
    text.lines().filter_map(setting)
}

/// The setting on one line of a configuration file, if it holds one.
fn setting(line: &str) -> Option<Setting<'_>> {
    let line = line.trim();
    if ["#", "//", ";", "<!--"]
        .iter()
        .any(|comment| line.starts_with(comment))
    {
        return None;
    }
    let line = line.strip_prefix("- ").unwrap_or(line);
    let line = line.strip_prefix("export ").unwrap_or(line).trim_start();
    let at = line.find([':', '='])?;
    let (name, rest) = (line[..at].trim(), &line[at + 1..]);
    // `key: value` needs white space after the colon (`http://...` and `a:b` are no settings).
    if line[at..].starts_with(':') && !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let name = unquote(name).unwrap_or(name);
    let plain_name = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    if !plain_name {
        return None;
    }
    let rest = rest.trim();
    let value = match unquote_prefix(rest) {
        Some(value) => value,
        None => {
            let value = rest.split(" #").next().unwrap_or(rest).trim_end();
            value.trim_end_matches([',', ';']).trim_end()
        }
    };
    // A YAML block opens here (the value is on the lines below), or a list or a map follows:
    // either way, no scalar to judge.
    let scalar = !value.is_empty()
        && !value
            .bytes()
            .all(|b| matches!(b, b'|' | b'>' | b'+' | b'-'))
        && !value.starts_with(['{', '[']);
    scalar.then_some(Setting { name, value })
}

/// The text inside matching quotes that make up all of `text`.
fn unquote(text: &str) -> Option<&str> {
    ['"', '\''].into_iter().find_map(|quote| {
        text.strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
    })
}

/// The text inside the quoted string that `text` starts with (`"s3cret", # note` gives
/// `s3cret`).
fn unquote_prefix(text: &str) -> Option<&str> {
    let quote = text.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let rest = &text[1..];
    rest.find(quote).map(|end| &rest[..end])
}

/// The settings of a configuration file whose name says secret and whose value is a literal
/// secret.
pub(crate) fn secret_settings(text: &str) -> impl Iterator<Item = Setting<'_>> {
    settings(text).filter(|setting| names_secret(setting.name) && is_literal_secret(setting.value))
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

    #[test]
    fn settings_of_configuration_files() {
        let file = "\
# database
spring.datasource.password=hunter2
db.user = app
export API_TOKEN=\"t0k3n\"
  password: \"p4ss\", # trailing
auth:
  client_secret: s3cr3t # comment
\"secret\": \"abc\",
url: http://example.com
script: |
  if [ \"$x\" = y ]; then
- token: tok
image_pull_secrets: []
custom_secrets: [a]
\"credentials\": {
";
        let found: Vec<(&str, &str)> = settings(file).map(|s| (s.name, s.value)).collect();
        assert_eq!(
            found,
            [
                ("spring.datasource.password", "hunter2"),
                ("db.user", "app"),
                ("API_TOKEN", "t0k3n"),
                ("password", "p4ss"),
                ("client_secret", "s3cr3t"),
                ("secret", "abc"),
                ("url", "http://example.com"),
                ("token", "tok"),
            ]
        );
        let secrets: Vec<&str> = secret_settings(file).map(|s| s.name).collect();
        assert_eq!(
            secrets,
            [
                "spring.datasource.password",
                "API_TOKEN",
                "password",
                "client_secret",
                "secret",
                "token"
            ]
        );
        let references = "password: ${DB_PASSWORD}\ntoken = $1\nsecret: \"{{ .Values.s }}\"\n";
        assert_eq!(secret_settings(references).count(), 0);
    }
}
