use std::fmt;

use crate::TextRange;

/// A parsed value with the byte range of the text it came from.
///
/// YAML and JSON both parse into this tree. Scalars keep their text and quoting style, so that a
/// platform can resolve them the way its own loader does (Kubernetes reads `yes` as a boolean,
/// but `"yes"` as a string); mappings keep the span of every key as well as every value.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub range: TextRange,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Sequence(Vec<Node>),
    Mapping(Vec<Entry>),
}

/// One `key: value` pair of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

impl Entry {
    /// The range from the start of the key to the end of the value: `privileged: true`.
    #[must_use]
    pub fn range(&self) -> TextRange {
        self.key.range.cover(self.value.range)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    /// Unquoted text, including JSON's `true`, `false`, `null` and numbers.
    Plain,
    SingleQuoted,
    /// Double-quoted YAML, and every JSON string.
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    pub value: String,
    pub style: ScalarStyle,
    /// An explicit tag such as `!!str`, as written (without resolution).
    pub tag: Option<String>,
}

impl Scalar {
    #[must_use]
    pub fn is_plain(&self) -> bool {
        self.style == ScalarStyle::Plain && self.tag.is_none()
    }
}

impl Node {
    #[must_use]
    pub fn scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a scalar, whatever its style (`8080`, `"8080"` and `yes` all give their text).
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        self.scalar().map(|s| s.value.as_str())
    }

    #[must_use]
    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_mapping(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    /// The entry for `key` in a mapping. When a key repeats, the last one wins, as in the
    /// Kubernetes and JSON decoders.
    #[must_use]
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_mapping()?
            .iter()
            .rev()
            .find(|e| e.key.as_str() == Some(key))
    }

    /// The value for `key` in a mapping.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// The value at a chain of mapping keys.
    #[must_use]
    pub fn get_path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |node, key| node.get(key))
    }

    /// Items of a sequence; an absent or non-sequence value gives none.
    pub fn items(&self) -> impl Iterator<Item = &Node> {
        self.as_sequence().unwrap_or(&[]).iter()
    }

    /// Whether the node is a scalar that YAML 1.1 and JSON read as null (`null`, `~`, empty).
    #[must_use]
    pub fn is_null(&self) -> bool {
        self.scalar().is_some_and(|s| {
            s.is_plain() && matches!(s.value.as_str(), "" | "~" | "null" | "Null" | "NULL")
        })
    }

    /// The route from this node down to the node whose range is exactly `target`, if there is one:
    /// the mapping keys and sequence indices that lead to it. Used to name where a finding is in a
    /// resource (`spec.containers[0].securityContext`), which survives lines moving.
    #[must_use]
    pub fn route_to(&self, target: TextRange) -> Option<Route> {
        let mut route = Route::default();
        let mut node = self;
        loop {
            if node.range == target {
                return Some(route);
            }
            match &node.kind {
                NodeKind::Scalar(_) => return None,
                NodeKind::Sequence(items) => {
                    let (i, child) = items
                        .iter()
                        .enumerate()
                        .find(|(_, n)| n.range.contains_range(target))?;
                    // A list item with a unique `name` (a container, a volume, an env var) is
                    // named by it, as Kubernetes merges such lists: the route then survives
                    // items being added or reordered before it.
                    let name = child.get("name").and_then(Node::as_str).filter(|name| {
                        items
                            .iter()
                            .filter(|n| n.get("name").and_then(Node::as_str) == Some(name))
                            .count()
                            == 1
                    });
                    route.0.push(match name {
                        Some(name) => Segment::Name(name.to_owned()),
                        None => Segment::Index(i),
                    });
                    node = child;
                }
                NodeKind::Mapping(entries) => {
                    let entry = entries.iter().find(|e| e.range().contains_range(target))?;
                    let key = entry.key.as_str().unwrap_or_default().to_owned();
                    route.0.push(Segment::Key(key));
                    // A finding on a key, or on a whole `key: value` entry, is named by that key.
                    if entry.key.range == target || entry.range() == target {
                        return Some(route);
                    }
                    node = &entry.value;
                }
            }
        }
    }
}

/// One step of a [`Route`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    Key(String),
    Index(usize),
    /// A list item by its unique `name` field.
    Name(String),
}

/// A path of keys, list indices and list item names from a document's root to a value:
/// `spec.template.spec.containers[name=web].securityContext.privileged`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Route(pub Vec<Segment>);

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(k) if i == 0 => write!(f, "{k}")?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
                Segment::Name(name) => write!(f, "[name={name}]")?,
            }
        }
        Ok(())
    }
}
