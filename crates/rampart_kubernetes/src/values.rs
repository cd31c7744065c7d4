use rampart_source::Node;

/// A boolean as the Kubernetes YAML decoder reads it (YAML 1.1, as go-yaml v2 resolves): plain
/// `true/yes/on/y` and `false/no/off/n` in their lower, title and upper case forms. A quoted
/// scalar is a string, never a boolean, so it gives `None`.
#[must_use]
pub fn bool_value(node: &Node) -> Option<bool> {
    let scalar = node.scalar()?;
    if !scalar.is_plain() {
        return None;
    }
    match scalar.value.as_str() {
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => {
            Some(true)
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => {
            Some(false)
        }
        _ => None,
    }
}

/// An integer as the Kubernetes YAML decoder reads it: decimal, `0x` hex, `0b` binary, leading-0
/// octal, `_` separators, and floats with no fractional part. Quoted scalars are strings.
#[must_use]
pub fn int_value(node: &Node) -> Option<i64> {
    let scalar = node.scalar()?;
    if !scalar.is_plain() {
        return None;
    }
    let text: String = scalar.value.chars().filter(|c| *c != '_').collect();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(&text)),
    };
    let magnitude = if let Some(hex) = digits.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()
    } else if let Some(bin) = digits.strip_prefix("0b") {
        i64::from_str_radix(bin, 2).ok()
    } else if digits.len() > 1
        && digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        i64::from_str_radix(&digits[1..], 8).ok()
    } else if let Ok(n) = digits.parse::<i64>() {
        Some(n)
    } else {
        #[allow(clippy::cast_possible_truncation)]
        digits
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15)
            .map(|f| f as i64)
    }?;
    Some(if negative { -magnitude } else { magnitude })
}

/// The chart template that Helm rendered a document from: the `# Source: chart/templates/x.yaml`
/// comment that `helm template` writes before each document.
#[must_use]
pub fn helm_source(document_text: &str) -> Option<&str> {
    document_text.lines().find_map(|line| {
        line.trim_start()
            .strip_prefix("# Source:")
            .map(str::trim)
            .filter(|s| !s.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use rampart_source::{NodeKind, Scalar, ScalarStyle, TextRange};

    use super::*;

    fn scalar(value: &str, style: ScalarStyle) -> Node {
        Node {
            range: TextRange::default(),
            kind: NodeKind::Scalar(Scalar {
                value: value.into(),
                style,
                tag: None,
            }),
        }
    }

    #[test]
    fn yaml_1_1_booleans() {
        for yes in ["true", "yes", "Yes", "ON", "y"] {
            assert_eq!(
                bool_value(&scalar(yes, ScalarStyle::Plain)),
                Some(true),
                "{yes}"
            );
        }
        for no in ["false", "no", "OFF", "N"] {
            assert_eq!(
                bool_value(&scalar(no, ScalarStyle::Plain)),
                Some(false),
                "{no}"
            );
        }
        assert_eq!(bool_value(&scalar("true", ScalarStyle::DoubleQuoted)), None);
        assert_eq!(bool_value(&scalar("1", ScalarStyle::Plain)), None);
    }

    #[test]
    fn integers() {
        let plain = |s| int_value(&scalar(s, ScalarStyle::Plain));
        assert_eq!(plain("0"), Some(0));
        assert_eq!(plain("1_000"), Some(1000));
        assert_eq!(plain("0x10"), Some(16));
        assert_eq!(plain("010"), Some(8));
        assert_eq!(plain("-1"), Some(-1));
        assert_eq!(plain("0.0"), Some(0));
        assert_eq!(plain("abc"), None);
        assert_eq!(int_value(&scalar("0", ScalarStyle::SingleQuoted)), None);
    }

    #[test]
    fn helm_source_comment() {
        let doc = "---\n# Source: web/templates/deployment.yaml\napiVersion: apps/v1\n";
        assert_eq!(helm_source(doc), Some("web/templates/deployment.yaml"));
        assert_eq!(helm_source("kind: Pod\n"), None);
    }
}
