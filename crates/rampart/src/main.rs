//! The `rampart` command line.
//!
//! Exit codes: 0 when no finding is at or above `--fail-on` and no framework scores below
//! `--compliance-threshold`; 1 when one does; 2 for usage errors, a bad config, exceptions or
//! baseline file, or inputs that could not be read or parsed (after reporting everything else).
//! Findings a `--baseline` records, and suppressed findings, never count towards `--fail-on`.

use std::collections::BTreeSet;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use clap::{Parser, Subcommand, ValueEnum};
use rampart_diagnostics::{framework_controls, Framework, RuleMeta, ScanResult, Severity};
use rampart_engine::{
    Baseline, Config, Date, Exceptions, ScanOptions, DEFAULT_BASELINE_PATH, DEFAULT_MAX_FILE_SIZE,
};
use rampart_report::{Format, TextOptions};

// Parsing and Rego evaluation allocate many small values; mimalloc makes a scan about 10-30%
// faster than the system allocator (scripts/bench.sh, scripts/bench-policies.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Rampart: a security scanner for Infrastructure as Code.
#[derive(Debug, Parser)]
#[command(name = "rampart", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Scan Kubernetes manifests (files, folders, or `-` for standard input).
    Scan(ScanArgs),
    /// List the rules.
    /// List the rules: the built-in ones, then those of the custom policies given (with
    /// `--policy`, or named by .rampart.yaml).
    Rules {
        /// `text` (id, severity, title) or `json` (every rule's whole metadata).
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
        #[command(flatten)]
        policy: PolicyArgs,
        /// Use this config file instead of looking for .rampart.yaml upward from here.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// List the frameworks, each with its controls and the rules that implement them.
    Frameworks {
        /// `text` or `json`.
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Print a rule's documentation (a built-in rule's, or a custom policy's).
    Explain {
        /// The rule id, such as k8s-privileged-container.
        rule: String,
        #[command(flatten)]
        policy: PolicyArgs,
        /// Use this config file instead of looking for .rampart.yaml upward from here.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Record today's findings, so that `scan --baseline` reports only new ones.
    #[command(subcommand)]
    Baseline(BaselineCommand),
    /// Custom policies (Rego).
    #[command(subcommand)]
    Policy(PolicyCommand),
}

#[derive(Debug, Subcommand)]
enum PolicyCommand {
    /// Run the Rego unit tests (rules named `test_*`) under these files and folders, as
    /// `opa test` does: a line per test, a summary, exit code 1 when one fails.
    Test {
        /// `.rego` files, data files, or folders of them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum BaselineCommand {
    /// Scan and record every finding in a baseline file (refused when an input cannot be parsed).
    Create(BaselineCreateArgs),
}

#[derive(Debug, clap::Args)]
struct BaselineCreateArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Write the baseline to this file (default: .rampart/baseline.json).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RulesFormat {
    Text,
    Json,
}

/// A framework, as `--framework` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FrameworkArg {
    /// NSA-CISA Kubernetes Hardening Guide.
    Nsa,
    /// MITRE ATT&CK (containers matrix).
    Mitre,
    /// CIS Kubernetes Benchmark.
    Cis,
    /// Pod Security Standards, baseline profile.
    PssBaseline,
    /// Pod Security Standards, restricted profile (includes the baseline controls).
    PssRestricted,
    /// CIS Amazon Web Services Foundations Benchmark (Terraform rules).
    CisAws,
    /// CIS Microsoft Azure Foundations Benchmark (Terraform rules).
    CisAzure,
    /// CIS Google Cloud Platform Foundation Benchmark (Terraform rules).
    CisGcp,
}

impl FrameworkArg {
    fn framework(self) -> Framework {
        match self {
            FrameworkArg::Nsa => Framework::Nsa,
            FrameworkArg::Mitre => Framework::Mitre,
            FrameworkArg::Cis => Framework::Cis,
            FrameworkArg::PssBaseline => Framework::PssBaseline,
            FrameworkArg::PssRestricted => Framework::PssRestricted,
            FrameworkArg::CisAws => Framework::CisAws,
            FrameworkArg::CisAzure => Framework::CisAzure,
            FrameworkArg::CisGcp => Framework::CisGcp,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ReportFormat {
    Text,
    Json,
    Sarif,
    Junit,
}

/// What to scan and how: shared by `scan` and `baseline create`.
#[derive(Debug, clap::Args)]
struct InputArgs {
    /// Files and folders to scan; `-` reads a stream of manifests from standard input.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Skip paths matching this glob (repeatable), relative to each scanned folder.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Use this config file instead of looking for .rampart.yaml upward from the first path.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Files larger than this are reported and not scanned (bytes, or 10MB, 512KiB...).
    #[arg(long, value_name = "SIZE")]
    max_file_size: Option<String>,
    /// Never show progress on standard error.
    #[arg(long)]
    no_progress: bool,
    /// Use this exceptions file instead of looking for .rampart/exceptions.yaml upward from the
    /// first path.
    #[arg(long, value_name = "FILE")]
    exceptions: Option<PathBuf>,
    /// The Kubernetes release the manifests target (MAJOR.MINOR, e.g. 1.29), for the API
    /// version rules; without it, the newest release rampart knows of.
    #[arg(long = "k8s-version", value_name = "X.Y", value_parser = rampart_engine::parse_k8s_version)]
    k8s_version: Option<(u32, u32)>,
    /// A Terraform variables file for every root module, after terraform.tfvars and
    /// *.auto.tfvars (repeatable; later files win).
    #[arg(long = "var-file", value_name = "FILE")]
    var_files: Vec<PathBuf>,
    /// A Terraform variable for every root module, as `terraform plan -var` takes it
    /// (repeatable; it wins over every file).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    vars: Vec<(String, String)>,
    #[command(flatten)]
    policy: PolicyArgs,
    /// Run no built-in rule: only the policies given (as conftest would).
    #[arg(long)]
    no_builtin: bool,
}

/// Which custom policies to load: shared by `scan`, `baseline create`, `rules` and `explain`.
#[derive(Debug, clap::Args)]
struct PolicyArgs {
    /// Run the custom policies here too (repeatable): `.rego` files (conftest conventions),
    /// `.json`/`.yaml` data files, Gatekeeper ConstraintTemplates and Constraints, or folders.
    #[arg(long = "policy", value_name = "PATH")]
    policies: Vec<PathBuf>,
    /// Judge the `deny`/`violation`/`warn` rules of this Rego package (repeatable; default
    /// `main`), as conftest's `--namespace`.
    #[arg(long = "namespace", value_name = "PACKAGE")]
    namespaces: Vec<String>,
    /// Judge the `deny`/`violation`/`warn` rules of every Rego package.
    #[arg(long)]
    all_namespaces: bool,
}

/// `NAME=VALUE`, split at the first `=`.
fn parse_var(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_owned(), value.to_owned()))
        }
        _ => Err(format!("invalid variable `{text}` (expected NAME=VALUE)")),
    }
}

#[derive(Debug, clap::Args)]
struct ScanArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Report format.
    #[arg(long, short, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Write the report to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Exit with 1 when a finding is at or above this severity.
    #[arg(long, default_value = "low", value_parser = parse_severity)]
    fail_on: Severity,
    /// Also list skipped files and documents (not Kubernetes) in the report.
    #[arg(long, short)]
    verbose: bool,
    /// List the suppressed findings in the text report, each with its decision (the other
    /// formats always carry them).
    #[arg(long)]
    show_suppressed: bool,
    /// Leave out (and do not fail on) the findings this baseline file records.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Start the text report with the N riskiest findings, each with the reasons for its risk
    /// score and its attack path (JSON and SARIF always carry every score; this limits nothing).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    top: Option<u32>,
    /// Run only the rules of this framework (repeatable, or comma-separated), and score only it.
    /// pss-restricted runs the baseline controls too: the restricted profile includes them.
    #[arg(
        long = "framework",
        value_enum,
        value_name = "FRAMEWORK",
        value_delimiter = ','
    )]
    frameworks: Vec<FrameworkArg>,
    /// Exit with 1 when a framework scored (those of --framework, else all) is below N percent
    /// of its applicable controls passed.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    compliance_threshold: Option<u8>,
}

impl ScanArgs {
    /// The frameworks of `--framework`, each once, in the order reports list them.
    fn frameworks(&self) -> Vec<Framework> {
        Framework::ALL
            .into_iter()
            .filter(|f| self.frameworks.iter().any(|arg| arg.framework() == *f))
            .collect()
    }
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Scan(args) => scan(&args),
        Command::Rules {
            format,
            policy,
            config,
        } => rules(format, &policy, config.as_deref()),
        Command::Frameworks { format } => frameworks(format),
        Command::Explain {
            rule,
            policy,
            config,
        } => explain(&rule, &policy, config.as_deref()),
        Command::Baseline(BaselineCommand::Create(args)) => baseline_create(&args),
        Command::Policy(PolicyCommand::Test { paths }) => policy_test(&paths),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn scan(args: &ScanArgs) -> Result<ExitCode> {
    // A bad baseline file is reported before the scan, not after it.
    let baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;
    let frameworks = args.frameworks();
    let (mut result, inputs) = run_scan(&args.input, &frameworks)?;
    if let (Some(baseline), Some(path)) = (&baseline, &args.baseline) {
        let inputs: BTreeSet<String> = inputs.into_iter().collect();
        baseline.apply(&path.display().to_string(), &mut result, &|p| {
            inputs.contains(p)
        });
    }
    // Once suppressions and the baseline have settled which findings count.
    rampart_engine::assess_compliance(&mut result, &frameworks);
    report(args, &result)
}

/// `rampart baseline create`: scans and writes every finding to the baseline file. Refuses when
/// an input could not be read or parsed: a baseline without that file's findings would let them
/// through later as new, or hide them if the file were left out for good.
fn baseline_create(args: &BaselineCreateArgs) -> Result<ExitCode> {
    let (result, _) = run_scan(&args.input, &[])?;
    if !result.errors.is_empty() {
        let mut stderr = std::io::stderr().lock();
        for error in &result.errors {
            let _ = writeln!(stderr, "error: {error}");
        }
        let _ = writeln!(
            stderr,
            "error: no baseline written: {} could not be scanned",
            if result.errors.len() == 1 {
                "1 input".to_owned()
            } else {
                format!("{} inputs", result.errors.len())
            }
        );
        return Ok(ExitCode::from(2));
    }
    let baseline = Baseline::from_result(&result);
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_BASELINE_PATH));
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the folder {}", dir.display()))?;
    }
    let text = baseline.to_json().context("serializing the baseline")?;
    write_atomically(&path, text.as_bytes())
        .with_context(|| format!("writing the baseline to {}", path.display()))?;
    let count = baseline.findings.len();
    let _ = writeln!(
        std::io::stdout(),
        "recorded {count} finding{} in {}",
        if count == 1 { "" } else { "s" },
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Loads the config, discovers the inputs and scans them: what `scan` and `baseline create`
/// share. With `frameworks`, only the rules mapped to one of them run (after the config's
/// `enable` and `disable`). Returns the result and the names of the inputs.
fn run_scan(args: &InputArgs, frameworks: &[Framework]) -> Result<(ScanResult, Vec<String>)> {
    let config_path = match &args.config {
        Some(path) => Some(path.clone()),
        None => args
            .paths
            .iter()
            .find(|p| p.as_os_str() != "-")
            .map_or_else(|| Config::find(Path::new(".")), |p| Config::find(p)),
    };
    // The config names the policies, and the policies define rule ids the config may name:
    // read it once for the policies, load them, then check it against every rule id.
    let (policy_paths, namespaces) = match &config_path {
        Some(path) => {
            let config = Config::load(path, &|_| true)?;
            (config.policies, config.namespaces)
        }
        None => (Vec::new(), Vec::new()),
    };
    let mut policies = load_policies(&args.policy, args.no_builtin, policy_paths, namespaces)?;
    let is_rule = |id: &str| {
        rampart_rules::find_meta(id).is_some() || policies.as_ref().is_some_and(|p| p.defines(id))
    };
    let config = match &config_path {
        Some(path) => Config::load(path, &is_rule)?,
        None => Config::default(),
    };
    let (exceptions, today) = load_exceptions(args, &is_rule)?;

    let selected = |meta: &RuleMeta| {
        let id = meta.id;
        config
            .enable
            .as_ref()
            .is_none_or(|ids| ids.iter().any(|e| e == id))
            && !config.disable.iter().any(|d| d == id)
            && (frameworks.is_empty() || frameworks.iter().any(|f| meta.maps_to(*f)))
    };
    let rules: Vec<_> = rampart_rules::all()
        .iter()
        .copied()
        .filter(|rule| !args.no_builtin && selected(rule.meta()))
        .collect();
    let terraform_rules: Vec<_> = rampart_rules::terraform::RULES
        .iter()
        .copied()
        .filter(|rule| !args.no_builtin && selected(rule.meta()))
        .collect();

    let max_file_size = match &args.max_file_size {
        Some(size) => parse_size(size)?,
        None => config.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
    };
    let mut excludes = config.exclude.clone();
    excludes.extend(args.exclude.iter().cloned());
    let (inputs, walk_notices) =
        rampart_engine::discover(&args.paths, &excludes).map_err(anyhow::Error::msg)?;

    let stdin = if inputs
        .iter()
        .any(|i| i.source == rampart_engine::InputSource::Stdin)
    {
        let mut text = String::new();
        std::io::stdin()
            .take(max_file_size + 1)
            .read_to_string(&mut text)
            .context("reading standard input")?;
        Some(text)
    } else {
        None
    };

    if let Some(policies) = policies.as_mut().filter(|p| p.needs_objects()) {
        let objects = rampart_engine::objects_as_json(
            &inputs,
            stdin.as_deref(),
            max_file_size,
            rampart_engine::Limits::default(),
        );
        policies.set_objects(&objects).map_err(anyhow::Error::msg)?;
    }
    let policies = policies.filter(|p| !p.is_empty() && frameworks.is_empty());

    let done = AtomicUsize::new(0);
    let finished = AtomicBool::new(false);
    let total = inputs.len();
    let names = inputs.iter().map(|input| input.name.clone()).collect();
    let show_progress = !args.no_progress && std::io::stderr().is_terminal();
    let options = ScanOptions {
        inputs,
        stdin,
        rules,
        terraform_rules,
        terraform_inputs: rampart_engine::TerraformInputs {
            var_files: args.var_files.clone(),
            vars: args.vars.clone(),
        },
        terraform_settings: rampart_rules::terraform::TfSettings {
            required_tags: config.required_tags.clone(),
        },
        severity_overrides: config.severity.clone(),
        max_file_size,
        limits: rampart_engine::Limits::default(),
        progress: Some(&done),
        k8s_version: args.k8s_version.or(config.k8s_version),
        policies: policies.as_ref(),
    };
    let mut result = std::thread::scope(|scope| {
        if show_progress {
            scope.spawn(|| progress(&done, &finished, total));
        }
        let result = rampart_engine::scan(&options);
        finished.store(true, Ordering::Relaxed);
        result
    });
    result.notices.extend(walk_notices);
    result
        .notices
        .sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    rampart_engine::apply_exceptions(&mut result, &exceptions, today);
    Ok((result, names))
}

/// The custom policies: `--policy` paths and the config's `policies`, with `--namespace` (or
/// the config's `namespaces`). A policy that does not load stops the run (exit 2), naming
/// every file, line and column at fault; so does a policy id that is a built-in rule's.
fn load_policies(
    args: &PolicyArgs,
    no_builtin: bool,
    from_config: Vec<PathBuf>,
    config_namespaces: Vec<String>,
) -> Result<Option<rampart_policy::Policies>> {
    let mut paths = from_config;
    paths.extend(args.policies.iter().cloned());
    if paths.is_empty() {
        if no_builtin {
            bail!("--no-builtin runs only custom policies, and none was given (use --policy PATH)");
        }
        return Ok(None);
    }
    let options = rampart_policy::PolicyOptions {
        paths,
        namespaces: if args.namespaces.is_empty() {
            config_namespaces
        } else {
            args.namespaces.clone()
        },
        all_namespaces: args.all_namespaces,
        evaluation_limit: None,
    };
    let policies = rampart_policy::load(&options).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!(
            "{} policy error{}:\n  {}",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            lines.join("\n  ")
        )
    })?;
    if let Some(meta) = policies
        .metas()
        .into_iter()
        .find(|m| rampart_rules::find_meta(m.id).is_some())
    {
        bail!(
            "policy rule id `{}` is the id of a built-in rule; give the policy another id (METADATA custom.id)",
            meta.id
        );
    }
    Ok(Some(policies))
}

/// `rampart policy test`: runs the Rego unit tests, one line per test, then a summary.
fn policy_test(paths: &[PathBuf]) -> Result<ExitCode> {
    let results = rampart_policy::testing::run(paths).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("{}", lines.join("\n"))
    })?;
    let mut out = std::io::stdout().lock();
    let (mut passed, mut failed) = (0, 0);
    for test in &results {
        let place = format!("{}:{}", test.file, test.line);
        let ms = test.duration.as_secs_f64() * 1000.0;
        match &test.outcome {
            rampart_policy::testing::Outcome::Pass => {
                passed += 1;
                writeln!(out, "PASS  {} ({place}, {ms:.1} ms)", test.name)?;
            }
            rampart_policy::testing::Outcome::Fail => {
                failed += 1;
                writeln!(out, "FAIL  {} ({place}, {ms:.1} ms)", test.name)?;
            }
            rampart_policy::testing::Outcome::Error(message) => {
                failed += 1;
                writeln!(out, "ERROR {} ({place}): {message}", test.name)?;
            }
        }
    }
    let total = passed + failed;
    if total == 0 {
        writeln!(out, "no tests found (rules named test_*)")?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{}", "-".repeat(40))?;
    writeln!(out, "PASS: {passed}/{total}")?;
    if failed > 0 {
        writeln!(out, "FAIL: {failed}/{total}")?;
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The exceptions file (`--exceptions`, or the nearest `.rampart/exceptions.yaml` upward from
/// the first scanned path) and the date they are judged on: `RAMPART_TODAY` (`YYYY-MM-DD`, for
/// reproducible runs and tests) or the system clock's date in UTC.
fn load_exceptions(args: &InputArgs, is_rule: &dyn Fn(&str) -> bool) -> Result<(Exceptions, Date)> {
    let today = match std::env::var("RAMPART_TODAY") {
        Ok(text) if !text.is_empty() => Date::parse(&text)
            .with_context(|| format!("invalid RAMPART_TODAY `{text}` (expected YYYY-MM-DD)"))?,
        _ => Date::today_utc(),
    };
    let path = match &args.exceptions {
        Some(path) => Some(path.clone()),
        None => args
            .paths
            .iter()
            .find(|p| p.as_os_str() != "-")
            .map_or_else(|| Exceptions::find(Path::new(".")), |p| Exceptions::find(p)),
    };
    let exceptions = match &path {
        Some(path) => Exceptions::load(path, is_rule)?,
        None => Exceptions::default(),
    };
    Ok((exceptions, today))
}

/// Renders the report where `args` say and returns the exit code.
fn report(args: &ScanArgs, result: &ScanResult) -> Result<ExitCode> {
    let format = match args.format {
        ReportFormat::Text => Format::Text,
        ReportFormat::Json => Format::Json,
        ReportFormat::Sarif => Format::Sarif,
        ReportFormat::Junit => Format::Junit,
    };
    let color = args.output.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let text_options = TextOptions {
        color,
        verbose: args.verbose,
        show_suppressed: args.show_suppressed,
        compliance_threshold: args.compliance_threshold,
    };
    let mut report = rampart_report::render(format, result, &text_options);
    if let (Format::Text, Some(top)) = (format, args.top) {
        let top = usize::try_from(top).unwrap_or(usize::MAX);
        report.insert_str(
            0,
            &rampart_report::render_top_risks(result, top, &text_options),
        );
    }
    match &args.output {
        Some(path) => write_atomically(path, report.as_bytes())
            .with_context(|| format!("writing the report to {}", path.display()))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`rampart scan | head`) is not an error worth a message.
            let _ = stdout
                .write_all(report.as_bytes())
                .and_then(|()| stdout.flush());
        }
    }
    let shortfalls = args
        .compliance_threshold
        .map(|threshold| rampart_report::compliance_shortfalls(result, threshold))
        .unwrap_or_default();
    if format != Format::Text || args.output.is_some() {
        // Machine formats keep errors and scores in the report; say them on stderr too for
        // people. (A text report on standard output already says them.)
        let mut stderr = std::io::stderr().lock();
        for error in &result.errors {
            let _ = writeln!(stderr, "error: {error}");
        }
        for line in &shortfalls {
            let _ = writeln!(stderr, "compliance: {line}");
        }
    }
    Ok(exit_code(result, args.fail_on, !shortfalls.is_empty()))
}

/// 2 when an input could not be scanned, else 1 when a finding is at or above `fail_on` or a
/// framework is below the compliance threshold, else 0.
fn exit_code(result: &ScanResult, fail_on: Severity, below_threshold: bool) -> ExitCode {
    if !result.errors.is_empty() {
        ExitCode::from(2)
    } else if below_threshold || result.findings.iter().any(|f| f.severity >= fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn parse_size(text: &str) -> Result<u64> {
    match rampart_engine::parse_size(text) {
        Some(size) => Ok(size),
        None => {
            bail!("invalid --max-file-size `{text}` (use bytes, or a number with KB, MB, KiB, MiB)")
        }
    }
}

/// Shows `scanning 120/818 files` on stderr once a scan has taken more than a moment.
fn progress(done: &AtomicUsize, finished: &AtomicBool, total: usize) {
    let start = Instant::now();
    let mut shown = false;
    while !finished.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(50));
        if start.elapsed() > Duration::from_millis(400) {
            let _ = write!(
                std::io::stderr(),
                "\rscanning {}/{total} files",
                done.load(Ordering::Relaxed)
            );
            shown = true;
        }
    }
    if shown {
        let _ = write!(std::io::stderr(), "\r\x1b[2K");
    }
}

/// Writes through a temporary file in the same folder and a rename, so that a reader never sees
/// half a report. What is not a regular file (`--output /dev/null`, `/dev/stdout`, a pipe) is
/// written to, never replaced: a rename over `/dev/null` would turn the device into a file.
/// Through a symbolic link, the file it points to is replaced, and the link is kept.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return std::fs::write(path, bytes);
    }
    let linked;
    let path = if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        linked = std::fs::canonicalize(path)?;
        linked.as_path()
    } else {
        path
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.rampart-{}.tmp", std::process::id()));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// The custom policies `rules` and `explain` describe: `--policy` paths, and those the config
/// names (`--config`, else .rampart.yaml found upward from here).
fn listed_policies(
    args: &PolicyArgs,
    config: Option<&Path>,
) -> Result<Option<rampart_policy::Policies>> {
    let config_path = config.map_or_else(|| Config::find(Path::new(".")), |p| Some(p.to_owned()));
    let (paths, namespaces) = match &config_path {
        Some(path) => {
            let config = Config::load(path, &|_| true)?;
            (config.policies, config.namespaces)
        }
        None => (Vec::new(), Vec::new()),
    };
    load_policies(args, false, paths, namespaces)
}

fn rules(format: RulesFormat, policy: &PolicyArgs, config: Option<&Path>) -> Result<ExitCode> {
    let policies = listed_policies(policy, config)?;
    let metas: Vec<&'static RuleMeta> = rampart_rules::metas()
        .chain(policies.iter().flat_map(rampart_policy::Policies::metas))
        .collect();
    let mut out = String::new();
    match format {
        RulesFormat::Text => {
            for meta in &metas {
                out.push_str(&format!(
                    "{:<40} {:<9} {}\n",
                    meta.id, meta.severity, meta.title
                ));
            }
        }
        RulesFormat::Json => {
            let rules: Vec<_> = metas
                .iter()
                .map(|meta| {
                    serde_json::json!({
                        "id": meta.id,
                        "title": meta.title,
                        "severity": meta.severity,
                        "platforms": meta.platforms,
                        "frameworks": meta.frameworks,
                        "peers": meta.peers,
                        "fixable": meta.fixable,
                        "remediation": meta.remediation,
                        "docs": meta.docs(),
                    })
                })
                .collect();
            out = serde_json::to_string_pretty(&rules)? + "\n";
        }
    }
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(ExitCode::SUCCESS)
}

/// `rampart frameworks`: each framework with its controls, and the rules implementing each.
fn frameworks(format: RulesFormat) -> Result<ExitCode> {
    let rules: Vec<&'static RuleMeta> = rampart_rules::metas().collect();
    let mut out = String::new();
    match format {
        RulesFormat::Text => {
            for (n, framework) in Framework::ALL.into_iter().enumerate() {
                let controls = framework_controls(framework, &rules);
                if n > 0 {
                    out.push('\n');
                }
                let includes: Vec<&str> = framework.includes().iter().map(|f| f.tag()).collect();
                let including = if includes.is_empty() {
                    String::new()
                } else {
                    format!(", those of {} included", includes.join(", "))
                };
                out.push_str(&format!(
                    "{}: {} ({} control{}{including})\n",
                    framework.tag(),
                    framework.name(),
                    controls.len(),
                    if controls.len() == 1 { "" } else { "s" },
                ));
                for control in controls {
                    let ids: Vec<&str> = control.rules.iter().map(|r| r.id).collect();
                    out.push_str(&format!("  - {}\n      {}\n", control.name, ids.join(", ")));
                }
            }
        }
        RulesFormat::Json => {
            let frameworks: Vec<_> = Framework::ALL
                .into_iter()
                .map(|framework| {
                    let controls: Vec<_> = framework_controls(framework, &rules)
                        .into_iter()
                        .map(|control| {
                            serde_json::json!({
                                "control": control.name,
                                "rules": control.rules.iter().map(|r| r.id).collect::<Vec<_>>(),
                            })
                        })
                        .collect();
                    serde_json::json!({
                        "framework": framework.tag(),
                        "name": framework.name(),
                        "includes": framework.includes().iter().map(|f| f.tag()).collect::<Vec<_>>(),
                        "controls": controls,
                    })
                })
                .collect();
            out = serde_json::to_string_pretty(&frameworks)? + "\n";
        }
    }
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(ExitCode::SUCCESS)
}

fn explain(id: &str, policy: &PolicyArgs, config: Option<&Path>) -> Result<ExitCode> {
    let meta = match rampart_rules::find_meta(id) {
        Some(meta) => meta,
        None => {
            let policies = listed_policies(policy, config)?;
            let found = policies
                .iter()
                .flat_map(rampart_policy::Policies::metas)
                .find(|meta| meta.id == id);
            let Some(meta) = found else {
                bail!(
                    "no rule `{id}` (`rampart rules` lists them; add --policy PATH for the rules of custom policies)"
                );
            };
            meta
        }
    };
    let mut out = format!(
        "# {}: {}\n\nSeverity: {}\n",
        meta.id, meta.title, meta.severity
    );
    if !meta.frameworks.is_empty() {
        out.push_str("Frameworks:\n");
        for f in meta.frameworks {
            out.push_str(&format!("  - {}: {}\n", f.framework.name(), f.control));
        }
    }
    if !meta.peers.is_empty() {
        out.push_str("Equivalent checks:\n");
        for p in meta.peers {
            out.push_str(&format!("  - {}: {}\n", p.tool.name(), p.id));
        }
    }
    out.push('\n');
    out.push_str(&meta.docs());
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::io::Read as _;

    use super::write_atomically;

    #[test]
    fn a_pipe_is_written_to_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("out");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // No mkfifo here: nothing to test.
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut text = String::new();
                std::fs::File::open(fifo)
                    .unwrap()
                    .read_to_string(&mut text)
                    .unwrap();
                text
            })
        };
        write_atomically(&fifo, b"report").unwrap();
        // Checked before waiting for the reader, which would wait forever on a replaced pipe.
        assert!(
            !std::fs::metadata(&fifo).unwrap().is_file(),
            "the pipe was replaced"
        );
        assert_eq!(reader.join().unwrap(), "report");
    }

    #[test]
    fn a_symlink_is_kept_and_its_target_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.json");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("out.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomically(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }
}
