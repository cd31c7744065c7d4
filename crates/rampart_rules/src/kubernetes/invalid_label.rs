use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// Labels, in an object's `metadata.labels` and in its pod template's, that the API server
    /// rejects. Each is reported at its key when the key is invalid, else at its value:
    ///
    /// - A key is an optional prefix and a name, separated by `/`. The prefix must be a DNS
    ///   subdomain: at most 253 characters, dot-separated parts of lower-case letters, digits and
    ///   `-` that start and end with a letter or digit. The name must be 1 to 63 characters of
    ///   letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit.
    /// - A value must be empty, or follow the same rules as a key's name.
    /// - A value must be a string: an unquoted `true` or `1` is a boolean or a number, which the
    ///   API server refuses to decode as a label.
    ///
    /// Keys or values with unrendered templates (`{{ ... }}`) are not reported.
    ///
    /// ## Why it matters
    ///
    /// The API server rejects the whole object, so the deployment fails, often only when it
    /// reaches the cluster. Where a tool rewrites or drops the label instead, the selectors,
    /// network policies and monitoring that rely on it silently stop matching the workload.
    ///
    /// ## How to fix
    ///
    /// Use only letters, digits, `-`, `_` and `.` in label names and values, start and end them
    /// with a letter or digit, keep them within 63 characters, and quote values that look like
    /// booleans or numbers. Put longer or free-form text in an annotation.
    ///
    /// ```yaml
    /// metadata:
    ///   labels:
    ///     app.kubernetes.io/name: web
    ///     app.kubernetes.io/version: "1.4"
    ///   annotations:
    ///     description: Web front end (public)
    /// ```
    ///
    /// A reliability check: it maps no framework control.
    pub struct InvalidLabel {
        id: "k8s-invalid-label",
        title: "Label is not valid",
        severity: Low,
        remediation: "Keep label names and values within 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit; quote values.",
        frameworks: [],
        peers: [
            kics("1123031a-f921-4c5b-bd86-ef354ecfd37a"),
            kics("bc3dabb6-fd50-40f8-b9ba-7429c9f1fb0e"),
        ],
        fixable: false,
    }
}

/// The longest name of a key, and the longest value.
const MAX_NAME: usize = 63;
/// The longest prefix of a key.
const MAX_PREFIX: usize = 253;

impl Rule for InvalidLabel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        let own = object.metadata();
        let template = object
            .pod_metadata()
            .filter(|m| !own.is_some_and(|o| std::ptr::eq(o, *m)));
        for metadata in own.into_iter().chain(template) {
            let Some(entries) = metadata.get("labels").and_then(Node::as_mapping) else {
                continue;
            };
            for entry in entries {
                check_label(object, entry, cx);
            }
        }
    }
}

fn check_label(object: &Object<'_>, entry: &Entry, cx: &mut Context<'_>) {
    let Some(key) = entry.key.as_str() else {
        return;
    };
    if key.contains("{{") {
        return;
    }
    let describe = object.describe();
    if let Some(problem) = key_problem(key) {
        cx.report_node(
            &entry.key,
            format!("{describe} has label key \"{key}\", which {problem}"),
        );
        return;
    }
    if entry.value.is_null() {
        return;
    }
    let Some(value) = entry.value.as_str() else {
        return;
    };
    if bool_value(&entry.value).is_some() || is_number(&entry.value) {
        cx.report_node(
            &entry.value,
            format!("{describe} has label {key} with value {value}, which is not a string"),
        );
        return;
    }
    if value.contains("{{") || value.is_empty() {
        return;
    }
    if let Some(problem) = name_problem(value) {
        cx.report_node(
            &entry.value,
            format!("{describe} has label {key} with value \"{value}\", which {problem}"),
        );
    }
}

/// Whether a value is a plain YAML number, which is not a string.
fn is_number(node: &Node) -> bool {
    int_value(node).is_some()
        || node.scalar().is_some_and(|s| {
            s.is_plain()
                && s.value.bytes().any(|b| b.is_ascii_digit())
                && s.value.parse::<f64>().is_ok()
        })
}

/// What is wrong with a label key, if anything.
fn key_problem(key: &str) -> Option<String> {
    let name = match key.split_once('/') {
        Some((prefix, name)) => {
            if let Some(problem) = prefix_problem(prefix) {
                return Some(problem);
            }
            name
        }
        None => key,
    };
    if name.is_empty() {
        return Some("has an empty name".to_owned());
    }
    name_problem(name)
}

/// What is wrong with a key's prefix: it must be a DNS subdomain.
fn prefix_problem(prefix: &str) -> Option<String> {
    if prefix.len() > MAX_PREFIX {
        return Some(format!("has a prefix longer than {MAX_PREFIX} characters"));
    }
    let valid = !prefix.is_empty()
        && prefix.split('.').all(|part| {
            let bytes = part.as_bytes();
            !bytes.is_empty()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
                && bytes[0] != b'-'
                && bytes[bytes.len() - 1] != b'-'
        });
    (!valid).then(|| "has a prefix that is not a lower-case DNS subdomain".to_owned())
}

/// What is wrong with a key's name, or a non-empty value.
fn name_problem(name: &str) -> Option<String> {
    if name.len() > MAX_NAME {
        return Some(format!("is longer than {MAX_NAME} characters"));
    }
    let bytes = name.as_bytes();
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Some(format!("contains '{bad}'"));
    }
    let alnum = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    if !alnum(bytes.first()) || !alnum(bytes.last()) {
        return Some("does not start and end with a letter or digit".to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_keys_and_values() {
        for key in [
            "app",
            "app.kubernetes.io/name",
            "a",
            "A_b-c.d",
            "example.com/Tier_1",
        ] {
            assert_eq!(key_problem(key), None, "{key}");
        }
        for key in [
            "-app",
            "app-",
            "Example.com/app",
            "/app",
            "example.com/",
            "a/b/c",
            "app name",
            "ex..com/app",
        ] {
            assert!(key_problem(key).is_some(), "{key}");
        }
        assert!(key_problem(&"a".repeat(64)).is_some());
        assert_eq!(key_problem(&"a".repeat(63)), None);
        assert!(name_problem("g**dy.l+bel.").is_some());
        assert!(name_problem("v1.2.3").is_none());
    }
}
