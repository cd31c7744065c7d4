use crate::prelude::*;

declare_rule! {
    /// ## What it checks
    ///
    /// CronJobs (`batch`) without `spec.startingDeadlineSeconds`: missing, reported at the spec,
    /// or null, reported at the entry.
    ///
    /// ## Why it matters
    ///
    /// A reliability check: no security framework control maps it, so it counts in no
    /// compliance score.
    ///
    /// The deadline bounds how late a run may start. Without one, a run whose schedule was missed
    /// (the controller was down, the cluster was upgraded or suspended, or `concurrencyPolicy:
    /// Forbid` held it back) starts whenever the controller catches up, however late: a nightly
    /// batch meant for 02:00 runs at noon, under peak load, or against data it no longer matches.
    /// The controller also counts every schedule missed since the last run; the Kubernetes
    /// documentation warns that past 100 of them it does not start the job at all, and recent
    /// controllers only start the latest one with a `TooManyMissedTimes` warning. With a deadline
    /// it looks back no further than the deadline, and skips runs that are too late.
    ///
    /// Choose a deadline of at least 10 seconds (the controller checks every 10 seconds, and a
    /// shorter one may skip every run), shorter than the interval between runs.
    ///
    /// ## How to fix
    ///
    /// ```yaml
    /// apiVersion: batch/v1
    /// kind: CronJob
    /// metadata:
    ///   name: nightly-report
    /// spec:
    ///   schedule: "0 2 * * *"
    ///   startingDeadlineSeconds: 600
    ///   concurrencyPolicy: Forbid
    /// ```
    pub struct CronjobDeadlineMissing {
        id: "k8s-cronjob-deadline-missing",
        title: "CronJob has no starting deadline",
        severity: Low,
        remediation: "Set spec.startingDeadlineSeconds to how late a run may still start (at least 10 seconds).",
        frameworks: [
        ],
        peers: [
            kics("192fe40b-b1c3-448a-aba2-6cc19a300fe3"),
            kics("58876b44-a690-4e9f-9214-7735fa0dd15d"),
        ],
        fixable: false,
    }
}

impl Rule for CronjobDeadlineMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, object: &Object<'_>, cx: &mut Context<'_>) {
        if object.workload_kind() != Some(WorkloadKind::CronJob) {
            return;
        }
        let Some(spec) = object.node.get("spec").filter(|s| s.as_mapping().is_some()) else {
            return;
        };
        let message = format!(
            "{} sets no startingDeadlineSeconds, so a missed run starts however late",
            object.describe()
        );
        match spec.entry("startingDeadlineSeconds") {
            None => {
                cx.report_node(spec, message);
            }
            Some(entry) if entry.value.is_null() => {
                cx.report_entry(entry, message);
            }
            Some(_) => {}
        }
    }
}
