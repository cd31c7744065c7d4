//! The cluster view of a scan: the facts about every object that a judgement across objects
//! needs ([`Inventory`], read while each file is parsed and kept, with locations and routes,
//! after the trees are dropped), and the links between them ([`Graph`]: which Services and
//! NetworkPolicies select which workloads, which routes reach which Services, which roles a
//! workload's service account holds).
//!
//! Risk scoring (in the engine) and the cluster rules (`Rule::check_cluster`) read this one
//! model.

mod graph;
mod inventory;
mod selector;

pub use graph::*;
pub use inventory::*;
pub use selector::{LabelSelector, Operator, Requirement};
