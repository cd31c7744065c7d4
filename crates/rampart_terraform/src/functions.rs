//! Terraform's built-in functions, as far as they can be known before apply.
//!
//! Every function in issue 4's list and every one the benchmark corpus calls is here. A function
//! whose result depends on the clock, randomness or a hash of files outside the scan
//! (`timestamp`, `uuid`, `filebase64sha256`...) gives [`Reason::Function`], as do provider
//! functions and names Terraform does not have. An argument that is unknown makes the result
//! unknown (with that argument's reason); a call Terraform would reject gives [`Reason::Error`].
//! `try`, `can` and `templatefile` need the evaluator and live in [`crate::eval`].

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::Path;

use crate::eval::{unknown_like, MAX_LIST, MAX_STRING};
use crate::value::{format_number, Kind, Reason, Value};

/// What a function may need from the module that calls it.
pub struct Context<'a> {
    pub module_dir: &'a Path,
}

/// The largest file `file()`, `templatefile()` and `fileexists()` read.
const MAX_READ: u64 = 1 << 20;

type Out = Result<Value, Reason>;
const E: Reason = Reason::Error;

/// Calls `name` with evaluated `args`.
#[must_use]
pub fn call(name: &str, args: Vec<Value>, cx: &Context<'_>) -> Value {
    if let Some(unknown) = args.iter().find(|a| a.is_unknown()) {
        return unknown_like(unknown, E);
    }
    match dispatch(name, &args, cx) {
        Ok(value) => bounded(value),
        Err(reason) => Value::unknown(reason),
    }
}

/// A value too large to keep becomes unknown rather than exhausting memory.
fn bounded(value: Value) -> Value {
    match &value.kind {
        Kind::String(s) if s.len() > MAX_STRING => Value::unknown(Reason::Limit),
        Kind::List(l) if l.len() > MAX_LIST => Value::unknown(Reason::Limit),
        _ => value,
    }
}

#[allow(clippy::too_many_lines)] // One arm per function reads best as one table.
fn dispatch(name: &str, args: &[Value], cx: &Context<'_>) -> Out {
    Ok(match (name, args) {
        // Collections.
        ("length", [v]) => match &v.kind {
            Kind::String(s) => count(s.chars().count()),
            Kind::List(l) => count(l.len()),
            Kind::Map(m) => count(m.len()),
            _ => return Err(E),
        },
        ("lookup", [map, key, rest @ ..]) if rest.len() <= 1 => {
            let map = as_map(map)?;
            match map.get(&string(key)?) {
                Some(v) => v.clone(),
                None => rest.first().cloned().ok_or(E)?,
            }
        }
        ("merge", maps) => {
            let mut out = BTreeMap::new();
            for map in maps {
                if map.is_null() {
                    continue;
                }
                out.extend(as_map(map)?.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            Value::map(out)
        }
        ("concat", lists) => {
            let mut out = Vec::new();
            for list in lists {
                let list = as_list(list)?;
                if out.len() + list.len() > MAX_LIST {
                    return Err(Reason::Limit);
                }
                out.extend(list.iter().cloned());
            }
            Value::list(out)
        }
        ("coalesce", values) => values
            .iter()
            .find(|v| !v.is_null() && v.as_str() != Some(""))
            .cloned()
            .ok_or(E)?,
        ("coalescelist", lists) => lists
            .iter()
            .find(|l| l.as_list().is_some_and(|l| !l.is_empty()))
            .cloned()
            .ok_or(E)?,
        ("zipmap", [keys, values]) => {
            let (keys, values) = (as_list(keys)?, as_list(values)?);
            if keys.len() != values.len() {
                return Err(E);
            }
            let mut out = BTreeMap::new();
            for (k, v) in keys.iter().zip(values) {
                out.insert(string(k)?, v.clone());
            }
            Value::map(out)
        }
        ("contains", [list, v]) => {
            let list = known_items(list)?;
            Value::bool(list.iter().any(|x| x == v))
        }
        ("element", [list, index]) => {
            let list = as_list(list)?;
            let i = index_of(index)?;
            if list.is_empty() {
                return Err(E);
            }
            list[i % list.len()].clone()
        }
        ("index", [list, v]) => {
            let list = known_items(list)?;
            count(list.iter().position(|x| x == v).ok_or(E)?)
        }
        ("keys", [map]) => Value::list(
            as_map(map)?
                .keys()
                .map(|k| Value::string(k.as_str()))
                .collect(),
        ),
        ("values", [map]) => Value::list(as_map(map)?.values().cloned().collect()),
        ("slice", [list, start, end]) => {
            let list = as_list(list)?;
            let (start, end) = (index_of(start)?, index_of(end)?);
            if start > end || end > list.len() {
                return Err(E);
            }
            Value::list(list[start..end].to_vec())
        }
        ("compact", [list]) => Value::list(
            known_items(list)?
                .iter()
                .filter(|v| !v.is_null() && v.as_str() != Some(""))
                .cloned()
                .collect(),
        ),
        ("distinct", [list]) => Value::list(dedup(known_items(list)?)),
        ("toset", [list]) => to_set(known_items(list)?),
        ("tolist", [list]) => Value::list(as_list(list)?.to_vec()),
        ("tomap", [map]) => Value::map(as_map(map)?.clone()),
        ("flatten", [list]) => {
            let mut out = Vec::new();
            flatten(list, &mut out, 0)?;
            Value::list(out)
        }
        ("reverse", [list]) => Value::list(as_list(list)?.iter().rev().cloned().collect()),
        ("sort", [list]) => {
            let mut items = strings(list)?;
            items.sort();
            Value::list(items.into_iter().map(Value::string).collect())
        }
        ("one", [list]) => match as_list(list)? {
            [] => Value::null(),
            [v] => v.clone(),
            _ => return Err(E),
        },
        ("alltrue", [list]) => Value::bool(bools(list)?.iter().all(|b| *b)),
        ("anytrue", [list]) => Value::bool(bools(list)?.iter().any(|b| *b)),
        ("setintersection", [first, rest @ ..]) => {
            let mut out = dedup(known_items(first)?);
            for other in rest {
                let other = known_items(other)?;
                out.retain(|v| other.contains(v));
            }
            to_set(&out)
        }
        ("setunion", sets) => {
            let mut out = Vec::new();
            for set in sets {
                out.extend(known_items(set)?.iter().cloned());
            }
            to_set(&out)
        }
        ("setsubtract", [a, b]) => {
            let b = known_items(b)?;
            let out: Vec<Value> = known_items(a)?
                .iter()
                .filter(|v| !b.contains(v))
                .cloned()
                .collect();
            to_set(&out)
        }
        ("range", bounds) => range(bounds)?,
        ("sum", [list]) => {
            let mut total = 0.0;
            for v in known_items(list)? {
                total += v.as_number().ok_or(E)?;
            }
            Value::number(total)
        }
        // Strings.
        ("split", [sep, s]) => {
            let (sep, s) = (string(sep)?, string(s)?);
            if s.is_empty() {
                Value::list(Vec::new())
            } else {
                Value::list(s.split(sep.as_str()).map(Value::string).collect())
            }
        }
        ("join", [sep, lists @ ..]) if !lists.is_empty() => {
            let sep = string(sep)?;
            let mut parts = Vec::new();
            for list in lists {
                parts.extend(strings(list)?);
            }
            let len: usize = parts.iter().map(String::len).sum::<usize>() + sep.len() * parts.len();
            if len > MAX_STRING {
                return Err(Reason::Limit);
            }
            Value::string(parts.join(&sep))
        }
        ("upper", [s]) => Value::string(string(s)?.to_uppercase()),
        ("lower", [s]) => Value::string(string(s)?.to_lowercase()),
        ("title", [s]) => Value::string(title(&string(s)?)),
        ("trimspace", [s]) => Value::string(string(s)?.trim()),
        ("chomp", [s]) => Value::string(string(s)?.trim_end_matches(['\n', '\r'])),
        ("trim", [s, chars]) => {
            let chars: Vec<char> = string(chars)?.chars().collect();
            Value::string(string(s)?.trim_matches(chars.as_slice()))
        }
        ("trimprefix", [s, p]) => {
            let (s, p) = (string(s)?, string(p)?);
            Value::string(s.strip_prefix(p.as_str()).unwrap_or(&s))
        }
        ("trimsuffix", [s, p]) => {
            let (s, p) = (string(s)?, string(p)?);
            Value::string(s.strip_suffix(p.as_str()).unwrap_or(&s))
        }
        ("startswith", [s, p]) => Value::bool(string(s)?.starts_with(string(p)?.as_str())),
        ("endswith", [s, p]) => Value::bool(string(s)?.ends_with(string(p)?.as_str())),
        ("strcontains", [s, p]) => Value::bool(string(s)?.contains(string(p)?.as_str())),
        ("strrev", [s]) => Value::string(string(s)?.chars().rev().collect::<String>()),
        ("substr", [s, offset, length]) => substr(&string(s)?, offset, length)?,
        ("replace", [s, find, with]) => replace(&string(s)?, &string(find)?, &string(with)?)?,
        ("format", [spec, rest @ ..]) => Value::string(format(&string(spec)?, rest)?),
        ("formatlist", [spec, rest @ ..]) => formatlist(&string(spec)?, rest)?,
        ("regex", [pattern, s]) => regex_match(&string(pattern)?, &string(s)?)?.ok_or(E)?,
        ("regexall", [pattern, s]) => regexall(&string(pattern)?, &string(s)?)?,
        ("basename", [p]) => Value::string(string(p)?.rsplit('/').next().unwrap_or("")),
        ("dirname", [p]) => {
            let p = string(p)?;
            Value::string(match p.rfind('/') {
                Some(0) => "/",
                Some(i) => &p[..i],
                None => ".",
            })
        }
        // Encoding.
        ("jsonencode", [v]) => Value::string(json_encode(v)?),
        ("jsondecode", [s]) => {
            let parsed: serde_json::Value = serde_json::from_str(&string(s)?).map_err(|_| E)?;
            from_json(&parsed)
        }
        ("base64encode", [s]) => {
            use base64::Engine as _;
            Value::string(base64::engine::general_purpose::STANDARD.encode(string(s)?))
        }
        ("base64decode", [s]) => {
            use base64::Engine as _;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(string(s)?)
                .map_err(|_| E)?;
            Value::string(String::from_utf8(bytes).map_err(|_| E)?)
        }
        // Numbers.
        ("min", nums) if !nums.is_empty() => {
            Value::number(numbers(nums)?.into_iter().fold(f64::INFINITY, f64::min))
        }
        ("max", nums) if !nums.is_empty() => {
            Value::number(numbers(nums)?.into_iter().fold(f64::NEG_INFINITY, f64::max))
        }
        ("abs", [n]) => Value::number(n.as_number().ok_or(E)?.abs()),
        ("ceil", [n]) => Value::number(n.as_number().ok_or(E)?.ceil()),
        ("floor", [n]) => Value::number(n.as_number().ok_or(E)?.floor()),
        ("signum", [n]) => Value::number(n.as_number().ok_or(E)?.signum()),
        ("pow", [a, b]) => Value::number(a.as_number().ok_or(E)?.powf(b.as_number().ok_or(E)?)),
        ("parseint", [s, base]) => {
            let base = u32::try_from(index_of(base)?).map_err(|_| E)?;
            if !(2..=62).contains(&base) || base > 36 {
                return Err(E);
            }
            #[allow(clippy::cast_precision_loss)]
            let n = i64::from_str_radix(&string(s)?, base).map_err(|_| E)? as f64;
            Value::number(n)
        }
        // Types.
        ("tostring", [v]) => match &v.kind {
            Kind::Null => Value::null(),
            _ => Value::string(v.to_plain_string().ok_or(E)?),
        },
        ("tonumber", [v]) => match &v.kind {
            Kind::Null => Value::null(),
            _ => Value::number(v.as_number().ok_or(E)?),
        },
        ("tobool", [v]) => match &v.kind {
            Kind::Null => Value::null(),
            _ => Value::bool(v.as_bool().ok_or(E)?),
        },
        ("nonsensitive" | "sensitive", [v]) => v.clone(),
        // Network.
        ("cidrsubnet", [prefix, newbits, netnum]) => Value::string(cidr_subnet(
            &string(prefix)?,
            index_of(newbits)?,
            index_of(netnum)?,
        )?),
        ("cidrsubnets", [prefix, newbits @ ..]) => cidr_subnets(&string(prefix)?, newbits)?,
        ("cidrhost", [prefix, hostnum]) => {
            Value::string(cidr_host(&string(prefix)?, index_of(hostnum)?)?)
        }
        ("cidrnetmask", [prefix]) => {
            let (IpAddr::V4(_), len) = parse_cidr(&string(prefix)?)? else {
                return Err(E);
            };
            let mask = u32::MAX.checked_shl(32 - len).unwrap_or(0);
            Value::string(Ipv4Addr::from(mask).to_string())
        }
        // Files, read only inside the module's directory tree as given.
        ("file", [p]) => {
            Value::string(read_small_file(cx.module_dir, &string(p)?).ok_or(Reason::Function)?)
        }
        ("fileexists", [p]) => Value::bool(resolve(cx.module_dir, &string(p)?).is_file()),
        _ => return Err(Reason::Function),
    })
}

fn count(n: usize) -> Value {
    #[allow(clippy::cast_precision_loss)] // Collections are far below 2^53.
    Value::number(n as f64)
}

fn string(v: &Value) -> Result<String, Reason> {
    v.to_plain_string().ok_or(E)
}

fn as_list(v: &Value) -> Result<&[Value], Reason> {
    v.as_list().ok_or(E)
}

fn as_map(v: &Value) -> Result<&BTreeMap<String, Value>, Reason> {
    v.as_map().ok_or(E)
}

/// A list whose elements are all known (or the first unknown element's reason).
fn known_items(v: &Value) -> Result<&[Value], Reason> {
    let list = as_list(v)?;
    match list.iter().find_map(Value::as_unknown) {
        Some(unknown) => Err(unknown.reason),
        None => Ok(list),
    }
}

fn strings(v: &Value) -> Result<Vec<String>, Reason> {
    known_items(v)?.iter().map(string).collect()
}

fn bools(v: &Value) -> Result<Vec<bool>, Reason> {
    known_items(v)?
        .iter()
        .map(|b| b.as_bool().ok_or(E))
        .collect()
}

fn numbers(values: &[Value]) -> Result<Vec<f64>, Reason> {
    values.iter().map(|n| n.as_number().ok_or(E)).collect()
}

fn index_of(v: &Value) -> Result<usize, Reason> {
    let n = v.as_number().ok_or(E)?;
    if n < 0.0 || n.fract() != 0.0 || n > 1e15 {
        return Err(E);
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // Checked above.
    Ok(n as usize)
}

fn dedup(items: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for item in items {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    out
}

/// A set: no duplicates, and strings in lexical order, as Terraform orders a set of strings.
fn to_set(items: &[Value]) -> Value {
    let mut out = dedup(items);
    if out.iter().all(|v| v.as_str().is_some()) {
        out.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    }
    Value::list(out)
}

fn flatten(v: &Value, out: &mut Vec<Value>, depth: usize) -> Result<(), Reason> {
    if depth > 64 {
        return Err(Reason::Limit);
    }
    for item in known_items(v)? {
        if item.as_list().is_some() {
            flatten(item, out, depth + 1)?;
        } else {
            if out.len() >= MAX_LIST {
                return Err(Reason::Limit);
            }
            out.push(item.clone());
        }
    }
    Ok(())
}

fn range(bounds: &[Value]) -> Out {
    let nums = numbers(bounds)?;
    let (start, end, step) = match nums.as_slice() {
        [end] => (0.0, *end, 1.0),
        [start, end] => (*start, *end, if end >= start { 1.0 } else { -1.0 }),
        [start, end, step] => (*start, *end, *step),
        _ => return Err(E),
    };
    if step == 0.0 || (end - start) / step > MAX_LIST as f64 {
        return Err(Reason::Limit);
    }
    let mut out = Vec::new();
    let mut n = start;
    while (step > 0.0 && n < end) || (step < 0.0 && n > end) {
        out.push(Value::number(n));
        n += step;
    }
    Ok(Value::list(out))
}

fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = !c.is_alphanumeric();
    }
    out
}

fn substr(s: &str, offset: &Value, length: &Value) -> Out {
    let chars: Vec<char> = s.chars().collect();
    let len = i64::try_from(chars.len()).map_err(|_| E)?;
    #[allow(clippy::cast_possible_truncation)] // Offsets are small.
    let (mut offset, length) = (
        offset.as_number().ok_or(E)? as i64,
        length.as_number().ok_or(E)? as i64,
    );
    if offset < 0 {
        offset += len;
    }
    if offset < 0 || offset > len {
        return Err(E);
    }
    let end = if length < 0 {
        len
    } else {
        (offset + length).min(len)
    };
    #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)] // Both in 0..=len.
    Ok(Value::string(
        chars[offset as usize..end as usize]
            .iter()
            .collect::<String>(),
    ))
}

fn compile(pattern: &str) -> Result<regex::Regex, Reason> {
    regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .map_err(|_| E)
}

fn replace(s: &str, find: &str, with: &str) -> Out {
    let out = if find.len() > 1 && find.starts_with('/') && find.ends_with('/') {
        compile(&find[1..find.len() - 1])?
            .replace_all(s, with)
            .into_owned()
    } else if find.is_empty() {
        s.to_owned()
    } else {
        s.replace(find, with)
    };
    Ok(Value::string(out))
}

/// `regex`'s result for one match: the match, its groups as a list, or named groups as a map.
fn captures_value(re: &regex::Regex, caps: &regex::Captures<'_>) -> Value {
    let text =
        |m: Option<regex::Match<'_>>| m.map_or_else(Value::null, |m| Value::string(m.as_str()));
    if re.captures_len() == 1 {
        return text(caps.get(0));
    }
    if re.capture_names().flatten().next().is_some() {
        return Value::map(
            re.capture_names()
                .flatten()
                .map(|name| (name.to_owned(), text(caps.name(name))))
                .collect(),
        );
    }
    Value::list((1..re.captures_len()).map(|i| text(caps.get(i))).collect())
}

fn regex_match(pattern: &str, s: &str) -> Result<Option<Value>, Reason> {
    let re = compile(pattern)?;
    Ok(re.captures(s).map(|caps| captures_value(&re, &caps)))
}

fn regexall(pattern: &str, s: &str) -> Out {
    let re = compile(pattern)?;
    Ok(Value::list(
        re.captures_iter(s)
            .take(MAX_LIST)
            .map(|caps| captures_value(&re, &caps))
            .collect(),
    ))
}

/// `format`: the verbs `%s %v %d %f %g %t %q %x %o %b %e` with flags, width and precision.
fn format(spec: &str, args: &[Value]) -> Result<String, Reason> {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = spec.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push('%');
            continue;
        }
        let mut flags = String::new();
        while let Some(&f) = chars.peek().filter(|f| "-+# 0".contains(**f)) {
            flags.push(f);
            chars.next();
        }
        let mut width = String::new();
        while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            width.push(d);
            chars.next();
        }
        let mut precision = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                p.push(d);
                chars.next();
            }
            precision = Some(p.parse::<usize>().unwrap_or(0).min(64));
        }
        let verb = chars.next().ok_or(E)?;
        let arg = args.next().ok_or(E)?;
        let text = match verb {
            's' => string(arg)?,
            'v' => match &arg.kind {
                Kind::List(_) | Kind::Map(_) => json_encode(arg)?,
                _ => string(arg)?,
            },
            'q' => serde_json::to_string(&string(arg)?).map_err(|_| E)?,
            't' => arg.as_bool().ok_or(E)?.to_string(),
            'd' | 'x' | 'X' | 'o' | 'b' => {
                let n = arg.as_number().ok_or(E)?;
                if n.fract() != 0.0 {
                    return Err(E);
                }
                #[allow(clippy::cast_possible_truncation)]
                let n = n as i64;
                let body = match verb {
                    'd' => n.abs().to_string(),
                    'x' => format!("{:x}", n.unsigned_abs()),
                    'X' => format!("{:X}", n.unsigned_abs()),
                    'o' => format!("{:o}", n.unsigned_abs()),
                    _ => format!("{:b}", n.unsigned_abs()),
                };
                let sign = if n < 0 {
                    "-"
                } else if flags.contains('+') {
                    "+"
                } else {
                    ""
                };
                format!("{sign}{body}")
            }
            'f' | 'e' | 'g' => {
                let n = arg.as_number().ok_or(E)?;
                match (verb, precision) {
                    ('f', p) => format!("{n:.*}", p.unwrap_or(6)),
                    ('e', p) => format!("{n:.*e}", p.unwrap_or(6)),
                    _ => format_number(n),
                }
            }
            _ => return Err(E),
        };
        let width: usize = width.parse().unwrap_or(0).min(1024);
        let pad = width.saturating_sub(text.chars().count());
        if flags.contains('-') {
            out.push_str(&text);
            out.extend(std::iter::repeat_n(' ', pad));
        } else {
            let fill = if flags.contains('0') { '0' } else { ' ' };
            out.extend(std::iter::repeat_n(fill, pad));
            out.push_str(&text);
        }
        if out.len() > MAX_STRING {
            return Err(Reason::Limit);
        }
    }
    Ok(out)
}

/// `formatlist`: `format` once per element, lists taken element-wise, other values repeated.
fn formatlist(spec: &str, args: &[Value]) -> Out {
    let mut len = None;
    for arg in args {
        if let Some(list) = arg.as_list() {
            if len.is_some_and(|l| l != list.len()) {
                return Err(E);
            }
            len = Some(list.len());
        }
    }
    let mut out = Vec::new();
    for i in 0..len.unwrap_or(1) {
        let row: Vec<Value> = args
            .iter()
            .map(|a| a.as_list().map_or_else(|| a.clone(), |l| l[i].clone()))
            .collect();
        if let Some(unknown) = row.iter().find_map(Value::as_unknown) {
            return Err(unknown.reason);
        }
        out.push(Value::string(format(spec, &row)?));
    }
    Ok(Value::list(out))
}

/// JSON as Terraform's `jsonencode` writes it: compact, keys sorted.
pub(crate) fn json_encode(v: &Value) -> Result<String, Reason> {
    let mut budget = MAX_LIST;
    let json = to_json(v, &mut budget)?;
    serde_json::to_string(&json).map_err(|_| E)
}

fn to_json(v: &Value, budget: &mut usize) -> Result<serde_json::Value, Reason> {
    *budget = budget.checked_sub(1).ok_or(Reason::Limit)?;
    Ok(match &v.kind {
        Kind::Null => serde_json::Value::Null,
        Kind::Bool(b) => serde_json::Value::Bool(*b),
        Kind::Number(n) => {
            if n.fract() == 0.0 && n.abs() < 9e15 {
                #[allow(clippy::cast_possible_truncation)]
                serde_json::Value::from(*n as i64)
            } else {
                serde_json::Number::from_f64(*n)
                    .map_or(serde_json::Value::Null, serde_json::Value::Number)
            }
        }
        Kind::String(s) => serde_json::Value::String(s.to_string()),
        Kind::List(items) => serde_json::Value::Array(
            items
                .iter()
                .map(|i| to_json(i, budget))
                .collect::<Result<_, _>>()?,
        ),
        Kind::Map(map) => serde_json::Value::Object(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), to_json(v, budget)?)))
                .collect::<Result<_, Reason>>()?,
        ),
        Kind::Unknown(u) => return Err(u.reason),
    })
}

/// A decoded JSON document as a value (depth is bounded by serde_json's recursion limit).
pub(crate) fn from_json(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::null(),
        serde_json::Value::Bool(b) => Value::bool(*b),
        serde_json::Value::Number(n) => Value::number(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) => Value::string(s.as_str()),
        serde_json::Value::Array(items) => Value::list(items.iter().map(from_json).collect()),
        serde_json::Value::Object(map) => {
            Value::map(map.iter().map(|(k, v)| (k.clone(), from_json(v))).collect())
        }
    }
}

fn parse_cidr(prefix: &str) -> Result<(IpAddr, u32), Reason> {
    let (addr, len) = prefix.split_once('/').ok_or(E)?;
    let addr: IpAddr = addr.parse().map_err(|_| E)?;
    let len: u32 = len.parse().map_err(|_| E)?;
    let bits = if addr.is_ipv4() { 32 } else { 128 };
    if len > bits {
        return Err(E);
    }
    Ok((addr, len))
}

fn to_bits(addr: IpAddr) -> (u128, u32) {
    match addr {
        IpAddr::V4(a) => (u128::from(u32::from(a)), 32),
        IpAddr::V6(a) => (u128::from(a), 128),
    }
}

fn from_bits(n: u128, bits: u32) -> String {
    if bits == 32 {
        Ipv4Addr::from(u32::try_from(n).unwrap_or(0)).to_string()
    } else {
        Ipv6Addr::from(n).to_string()
    }
}

fn network(base: u128, len: u32, bits: u32) -> u128 {
    let host_bits = bits - len;
    if host_bits >= 128 {
        0
    } else {
        (base >> host_bits) << host_bits
    }
}

fn cidr_subnet(prefix: &str, newbits: usize, netnum: usize) -> Result<String, Reason> {
    let (addr, len) = parse_cidr(prefix)?;
    let (base, bits) = to_bits(addr);
    let new_len = len + u32::try_from(newbits).map_err(|_| E)?;
    if new_len > bits || (newbits < 128 && (netnum as u128) >> newbits != 0) {
        return Err(E);
    }
    let net = network(base, len, bits) | (netnum as u128).checked_shl(bits - new_len).unwrap_or(0);
    Ok(format!("{}/{new_len}", from_bits(net, bits)))
}

fn cidr_subnets(prefix: &str, newbits: &[Value]) -> Out {
    let (addr, len) = parse_cidr(prefix)?;
    let (base, bits) = to_bits(addr);
    let mut next = network(base, len, bits);
    let end = next.saturating_add(1u128.checked_shl(bits - len).unwrap_or(0));
    let mut out = Vec::new();
    for n in newbits {
        let new_len = len + u32::try_from(index_of(n)?).map_err(|_| E)?;
        if new_len > bits {
            return Err(E);
        }
        let size = 1u128.checked_shl(bits - new_len).unwrap_or(0);
        // Align up to the subnet size.
        if size > 0 {
            next = next.div_ceil(size).checked_mul(size).ok_or(E)?;
        }
        if next >= end && bits - len < 128 {
            return Err(E);
        }
        out.push(Value::string(format!(
            "{}/{new_len}",
            from_bits(next, bits)
        )));
        next = next.saturating_add(size);
    }
    Ok(Value::list(out))
}

fn cidr_host(prefix: &str, hostnum: usize) -> Result<String, Reason> {
    let (addr, len) = parse_cidr(prefix)?;
    let (base, bits) = to_bits(addr);
    let host_bits = bits - len;
    if host_bits < 128 && (hostnum as u128) >> host_bits != 0 {
        return Err(E);
    }
    Ok(from_bits(network(base, len, bits) | hostnum as u128, bits))
}

fn resolve(module_dir: &Path, path: &str) -> std::path::PathBuf {
    let path = Path::new(path);
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        // Paths are relative to the working directory, the root module's, in Terraform; most
        // modules write `${path.module}/...`, which is absolute or relative to it here.
        let joined = module_dir.join(path);
        if joined.exists() {
            joined
        } else {
            path.to_path_buf()
        }
    }
}

/// A small text file's contents, or `None` when it is missing, large or not UTF-8.
pub(crate) fn read_small_file(module_dir: &Path, path: &str) -> Option<String> {
    let path = resolve(module_dir, path);
    let meta = std::fs::metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > MAX_READ {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call_str(name: &str, args: Vec<Value>) -> Value {
        call(
            name,
            args,
            &Context {
                module_dir: Path::new("."),
            },
        )
    }

    #[test]
    fn cidr_functions_handle_the_edges_without_overflow() {
        let s = |t: &str| Value::string(t);
        let n = Value::number;
        for (prefix, newbits) in [
            ("::/0", 0.0),
            ("0.0.0.0/0", 0.0),
            ("::/0", 128.0),
            ("10.0.0.0/8", 24.0),
        ] {
            let _ = call_str("cidrsubnet", vec![s(prefix), n(newbits), n(0.0)]);
            let _ = call_str("cidrsubnets", vec![s(prefix), n(newbits), n(newbits)]);
            let _ = call_str("cidrhost", vec![s(prefix), n(1.0)]);
        }
        let subnets = call_str("cidrsubnets", vec![s("ffff::/16"), n(16.0), n(16.0)]);
        assert!(subnets.is_unknown() || subnets.as_list().is_some());
        assert_eq!(
            call_str("cidrsubnet", vec![s("10.1.0.0/16"), n(8.0), n(3.0)]).as_str(),
            Some("10.1.3.0/24")
        );
        assert_eq!(
            call_str("cidrhost", vec![s("10.1.0.0/16"), n(5.0)]).as_str(),
            Some("10.1.0.5")
        );
        assert_eq!(
            call_str("cidrsubnet", vec![s("fd00::/56"), n(8.0), n(1.0)]).as_str(),
            Some("fd00:0:0:1::/64")
        );
    }

    #[test]
    fn unknown_arguments_make_unknown_results_and_bad_ones_errors() {
        let unknown = Value::unknown(Reason::DataSource);
        let result = call_str("upper", vec![unknown]);
        assert_eq!(result.as_unknown().unwrap().reason, Reason::DataSource);
        let result = call_str("parseint", vec![Value::string("z"), Value::number(99.0)]);
        assert_eq!(result.as_unknown().unwrap().reason, Reason::Error);
        let result = call_str("no_such_function", vec![]);
        assert_eq!(result.as_unknown().unwrap().reason, Reason::Function);
    }
}
