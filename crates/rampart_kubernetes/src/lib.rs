//! The Kubernetes object model over the spanned [`Node`] tree.
//!
//! Recognises Kubernetes objects (and the items of `kind: List`), finds pod specs wherever a
//! workload keeps them, lists every container, parses image references, and reads scalars as the
//! API server does: its YAML decoder follows YAML 1.1, so an unquoted `yes` is `true`, while
//! `"true"` is a string. No policy lives here.

mod host_path;
mod image;
mod object;
mod values;

pub use host_path::{normalize_host_path, RUNTIME_SOCKETS};
pub use image::ImageRef;
pub use object::{
    objects, objects_as_written, Container, ContainerImage, ContainerKind, HostPathVolume,
    NotKubernetes, Object, WorkloadKind,
};
pub use values::{bool_value, helm_source, int_value};
