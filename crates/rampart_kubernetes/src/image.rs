//! Container image references (`containers[].image`), parsed as the container runtimes parse
//! them (the grammar of `distribution/reference`):
//!
//! ```text
//! reference  := name [ ":" tag ] [ "@" digest ]
//! name       := [ domain "/" ] path-component { "/" path-component }
//! domain     := host [ ":" port ]
//! ```
//!
//! The first component of the name is a registry host only when it looks like one: it holds a
//! `.` or a `:`, or is `localhost`, or has an upper-case letter. So in `registry:5000/app` the
//! `:5000` is a port, not a tag, while in `app:5000` it is a tag.

/// A parsed image reference. Parts borrow from the reference as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageRef<'a> {
    /// The name as written, registry included: `registry:5000/team/app`.
    pub name: &'a str,
    /// The registry host and port, when the name starts with one: `registry:5000`.
    pub registry: Option<&'a str>,
    /// The repository path within the registry: `team/app`.
    pub repository: &'a str,
    /// The tag as written: `1.2.3`.
    pub tag: Option<&'a str>,
    /// The digest as written: `sha256:…`.
    pub digest: Option<&'a str>,
}

/// Longest tag the grammar allows.
const MAX_TAG_LEN: usize = 128;
/// Longest name (registry and repository) the grammar allows.
const MAX_NAME_LEN: usize = 255;

impl<'a> ImageRef<'a> {
    /// Parses `reference`; `None` when it is not a valid image reference (empty, white space,
    /// an upper-case repository, a malformed tag or digest, or an unrendered template such as
    /// `{{ .Values.image }}` or `$IMAGE`).
    #[must_use]
    pub fn parse(reference: &'a str) -> Option<Self> {
        let (name_and_tag, digest) = match reference.split_once('@') {
            Some((rest, digest)) => (rest, Some(digest)),
            None => (reference, None),
        };
        if digest.is_some_and(|d| !valid_digest(d)) {
            return None;
        }
        // A tag follows the last `:` only when no `/` comes after it; otherwise that `:` is the
        // registry's port separator.
        let (name, tag) = match name_and_tag.rsplit_once(':') {
            Some((name, tag)) if !tag.contains('/') => (name, Some(tag)),
            _ => (name_and_tag, None),
        };
        if tag.is_some_and(|t| !valid_tag(t)) || name.is_empty() || name.len() > MAX_NAME_LEN {
            return None;
        }
        let (registry, repository) = match name.split_once('/') {
            Some((first, rest)) if is_registry(first) => (Some(first), rest),
            _ => (None, name),
        };
        if registry.is_some_and(|r| !valid_registry(r)) {
            return None;
        }
        if repository.is_empty() || !repository.split('/').all(valid_path_component) {
            return None;
        }
        Some(Self {
            name,
            registry,
            repository,
            tag,
            digest,
        })
    }

    /// Whether the reference names a digest: the runtime then pulls exactly that content, and
    /// ignores any tag.
    #[must_use]
    pub fn is_pinned(&self) -> bool {
        self.digest.is_some()
    }

    /// The tag the runtime resolves when it pulls: the tag as written, or `latest` when the
    /// reference has neither tag nor digest. `None` when a digest pins the image.
    #[must_use]
    pub fn resolved_tag(&self) -> Option<&'a str> {
        if self.is_pinned() {
            None
        } else {
            Some(self.tag.unwrap_or("latest"))
        }
    }
}

/// Whether the first component of a name is a registry host rather than a path component.
fn is_registry(component: &str) -> bool {
    component.contains(['.', ':'])
        || component == "localhost"
        || component.bytes().any(|b| b.is_ascii_uppercase())
}

/// `host[:port]`, where host is a DNS name or a bracketed IPv6 address.
fn valid_registry(registry: &str) -> bool {
    let valid_port = |port: &str| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = registry.strip_prefix('[') {
        let Some((address, after)) = rest.split_once(']') else {
            return false;
        };
        let address_ok =
            !address.is_empty() && address.bytes().all(|b| b.is_ascii_hexdigit() || b == b':');
        return address_ok && (after.is_empty() || after.strip_prefix(':').is_some_and(valid_port));
    }
    let (host, port) = match registry.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (registry, None),
    };
    let valid_label = |label: &str| {
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    host.split('.').all(valid_label) && port.is_none_or(valid_port)
}

/// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`
fn valid_path_component(component: &str) -> bool {
    let bytes = component.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    if !alnum(first) || !alnum(last) {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if alnum(b) {
            i += 1;
            continue;
        }
        // A separator run: `.`, `_`, `__`, or any number of `-`.
        let start = i;
        while i < bytes.len() && !alnum(bytes[i]) {
            i += 1;
        }
        let run = &component[start..i];
        let ok = matches!(run, "." | "_" | "__") || run.bytes().all(|b| b == b'-');
        if !ok {
            return false;
        }
    }
    true
}

/// `[\w][\w.-]{0,127}`
fn valid_tag(tag: &str) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    tag.len() <= MAX_TAG_LEN
        && tag.bytes().next().is_some_and(word)
        && tag.bytes().all(|b| word(b) || b == b'.' || b == b'-')
}

/// `algorithm:hex`, for the algorithms the runtimes verify, with the length each one needs.
fn valid_digest(digest: &str) -> bool {
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return false;
    };
    let len = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return false,
    };
    hex.len() == len
        && hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn parse(s: &str) -> ImageRef<'_> {
        ImageRef::parse(s).unwrap_or_else(|| panic!("{s} should parse"))
    }

    #[test]
    fn bare_names_resolve_to_latest() {
        let image = parse("nginx");
        assert_eq!(image.registry, None);
        assert_eq!(image.repository, "nginx");
        assert_eq!(image.tag, None);
        assert_eq!(image.resolved_tag(), Some("latest"));
        assert_eq!(parse("library/nginx").resolved_tag(), Some("latest"));
        assert_eq!(parse("nginx:latest").resolved_tag(), Some("latest"));
        assert_eq!(parse("nginx:1.25.3").resolved_tag(), Some("1.25.3"));
    }

    #[test]
    fn registry_ports_are_not_tags() {
        let image = parse("registry:5000/app");
        assert_eq!(image.registry, Some("registry:5000"));
        assert_eq!(image.repository, "app");
        assert_eq!(image.tag, None);
        assert_eq!(image.resolved_tag(), Some("latest"));

        let image = parse("registry.example.com:5000/team/app:1.2");
        assert_eq!(image.registry, Some("registry.example.com:5000"));
        assert_eq!(image.repository, "team/app");
        assert_eq!(image.tag, Some("1.2"));

        let image = parse("localhost:5000/app");
        assert_eq!(image.registry, Some("localhost:5000"));
        assert_eq!(image.tag, None);

        let image = parse("[::1]:5000/app:dev");
        assert_eq!(image.registry, Some("[::1]:5000"));
        assert_eq!(image.tag, Some("dev"));

        // Without a slash there is no registry: the runtime reads `:5000` as the tag.
        let image = parse("registry:5000");
        assert_eq!(image.registry, None);
        assert_eq!(image.repository, "registry");
        assert_eq!(image.tag, Some("5000"));
    }

    #[test]
    fn registries_are_told_from_path_components() {
        assert_eq!(parse("localhost/app").registry, Some("localhost"));
        assert_eq!(parse("ghcr.io/org/app:v1").registry, Some("ghcr.io"));
        assert_eq!(parse("org/app:v1").registry, None);
        assert_eq!(parse("org/app:v1").repository, "org/app");
    }

    #[test]
    fn digests_pin() {
        let reference = format!("app@{SHA}");
        let image = parse(&reference);
        assert!(image.is_pinned());
        assert_eq!(image.tag, None);
        assert_eq!(image.digest, Some(SHA));
        assert_eq!(image.resolved_tag(), None);

        let reference = format!("registry:5000/app:1.2@{SHA}");
        let image = parse(&reference);
        assert_eq!(image.registry, Some("registry:5000"));
        assert_eq!(image.tag, Some("1.2"));
        assert!(image.is_pinned());

        let reference = format!("app:latest@{SHA}");
        assert_eq!(parse(&reference).resolved_tag(), None);
    }

    #[test]
    fn invalid_references_do_not_parse() {
        for bad in [
            "",
            "Nginx",
            "app:",
            ":1.0",
            "app:-1",
            "app name",
            "app@sha256:0123",
            "app@md5:0123456789abcdef0123456789abcdef",
            "app@@sha256:0",
            "{{ .Values.image }}",
            "$IMAGE",
            "${REGISTRY}/app:1.0",
            "registry:port/app",
            "org//app",
            "org/app-",
            "org/a..b",
        ] {
            assert_eq!(ImageRef::parse(bad), None, "{bad:?}");
        }
        let upper_sha = SHA.to_ascii_uppercase().replace("SHA256", "sha256");
        assert_eq!(ImageRef::parse(&format!("app@{upper_sha}")), None);
    }
}
