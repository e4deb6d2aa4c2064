//! log-digest: a program shaped like a user's, for `npm run bench -- realistic`. Each worker thread writes
//! batches of JSON-lines access-log entries (serde derive + serde_json), parses them back into borrowed
//! structs, classifies paths, user agents and messages with regexes, aggregates per route in HashMaps, and
//! sorts latencies; the main thread merges, sorts and prints a digest. The time spreads over serde, serde_json,
//! regex-lite, hashbrown, sort and alloc code, with the deep inline chains real programs have.
//!
//! Usage: log-digest THREADS CPU_SECONDS. Each thread works until it has used CPU_SECONDS of CPU time (not
//! wall time), so a recording at 997 Hz gets about 997 × THREADS × CPU_SECONDS samples on any machine, loaded
//! or not.

use regex_lite::Regex;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::time::Instant;

const BATCH: usize = 2_000;

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Level {
    Debug,
    Info,
    Warn,
    Error,
}

#[derive(Serialize, Deserialize)]
struct Entry<'a> {
    ts: u64,
    level: Level,
    method: &'a str,
    #[serde(borrow)]
    path: Cow<'a, str>,
    status: u16,
    latency_us: u32,
    bytes: u64,
    user_agent: &'a str,
    // Messages carry quotes, so serde_json has escapes to undo: a String, not a borrowed &str.
    msg: String,
    #[serde(default)]
    tags: Vec<&'a str>,
}

#[derive(Default)]
struct RouteStats {
    count: u64,
    errors: u64,
    bytes: u64,
    latency_sum: u64,
    /// The worst 99th percentile of any batch (a batch's latencies are sorted to find it).
    p99_max: u32,
    p50_sum: u64,
    batches: u64,
}

#[derive(Default)]
struct Digest {
    routes: HashMap<String, RouteStats>,
    browsers: HashMap<String, u64>,
    error_codes: HashMap<String, u64>,
    lines: u64,
    bad_lines: u64,
}

impl Digest {
    fn merge(&mut self, other: Digest) {
        for (k, v) in other.routes {
            let r = self.routes.entry(k).or_default();
            r.count += v.count;
            r.errors += v.errors;
            r.bytes += v.bytes;
            r.latency_sum += v.latency_sum;
            r.p99_max = r.p99_max.max(v.p99_max);
            r.p50_sum += v.p50_sum;
            r.batches += v.batches;
        }
        for (k, v) in other.browsers {
            *self.browsers.entry(k).or_default() += v;
        }
        for (k, v) in other.error_codes {
            *self.error_codes.entry(k).or_default() += v;
        }
        self.lines += other.lines;
        self.bad_lines += other.bad_lines;
    }
}

/// xorshift64*: the same logs on every machine, without a dependency for it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const METHODS: &[&str] = &["GET", "GET", "GET", "POST", "PUT", "DELETE"];
const RESOURCES: &[&str] = &["users", "orders", "items", "search", "carts", "invoices", "sessions"];
const ASSETS: &[&str] = &["app.js", "vendor.js", "main.css", "logo.png", "icons.svg", "font.woff2"];
const AGENTS: &[&str] = &[
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    "curl/8.5.0",
    "Googlebot/2.1 (+http://www.google.com/bot.html)",
    "python-requests/2.31.0",
];
const TAGS: &[&str] = &["canary", "eu-west", "us-east", "retry", "cached", "auth", "slow-path"];

fn generate(rng: &mut Rng, ts: &mut u64, out: &mut Vec<u8>) {
    out.clear();
    for _ in 0..BATCH {
        *ts += rng.below(50);
        let path: String = match rng.below(10) {
            0..=5 => {
                let mut p = format!("/api/v{}/{}", 1 + rng.below(3), rng.pick(RESOURCES));
                if rng.below(2) == 0 {
                    p.push_str(&format!("/{}", rng.below(100_000)));
                }
                if rng.below(4) == 0 {
                    p.push_str(&format!("?q=term{}&page={}", rng.below(1000), rng.below(20)));
                }
                p
            }
            6..=8 => format!("/static/{}/{}", rng.below(40), rng.pick(ASSETS)),
            _ => "/healthz".to_string(),
        };
        let status = match rng.below(100) {
            0..=84 => 200,
            85..=89 => 304,
            90..=94 => 404,
            95..=97 => 500,
            _ => 503,
        };
        let level = match status {
            500.. => Level::Error,
            404 => Level::Warn,
            _ if rng.below(10) == 0 => Level::Debug,
            _ => Level::Info,
        };
        let latency_us = (rng.below(2_000) * (1 + rng.below(50))) as u32;
        let msg = if level == Level::Error {
            format!(
                "upstream \"{}\" failed after {}ms (code E{:04})",
                rng.pick(RESOURCES),
                latency_us / 1000,
                rng.below(40)
            )
        } else {
            format!("handled \"{}\" in {}us", path, latency_us)
        };
        let tags = (0..rng.below(3)).map(|_| rng.pick(TAGS)).collect();
        let entry = Entry {
            ts: *ts,
            level,
            method: rng.pick(METHODS),
            path: Cow::Owned(path),
            status,
            latency_us,
            bytes: rng.below(1 << 20),
            user_agent: rng.pick(AGENTS),
            msg,
            tags,
        };
        serde_json::to_writer(&mut *out, &entry).expect("writing to a Vec");
        out.push(b'\n');
    }
}

struct Matchers {
    api: Regex,
    asset: Regex,
    agent: Regex,
    code: Regex,
}

impl Matchers {
    fn new() -> Matchers {
        Matchers {
            api: Regex::new(r"^/api/v(\d+)/([a-z]+)(?:/(\d+))?(?:\?(.*))?$").unwrap(),
            asset: Regex::new(r"^/static/\d+/[\w-]+\.(js|css|png|svg|woff2)$").unwrap(),
            agent: Regex::new(r"(Firefox|Chrome|Safari|Googlebot|curl|python-requests)/(\d+)").unwrap(),
            code: Regex::new(r"\(code (E\d{4})\)").unwrap(),
        }
    }

    fn route(&self, e: &Entry) -> String {
        if let Some(c) = self.api.captures(&e.path) {
            let id = if c.get(3).is_some() { "/:id" } else { "" };
            let query = if c.get(4).is_some() { "?…" } else { "" };
            format!("{} /api/v{}/{}{}{}", e.method, &c[1], &c[2], id, query)
        } else if let Some(c) = self.asset.captures(&e.path) {
            format!("{} /static/*.{}", e.method, &c[1])
        } else {
            format!("{} {}", e.method, e.path)
        }
    }
}

fn digest_batch(text: &str, m: &Matchers, d: &mut Digest) {
    let mut latencies: HashMap<String, Vec<u32>> = HashMap::new();
    // A handful of user agents repeat on every line: each is matched once per batch.
    let mut agents: HashMap<&str, String> = HashMap::new();
    for line in text.lines() {
        d.lines += 1;
        let e: Entry = match serde_json::from_str(line) {
            Ok(e) => e,
            Err(_) => {
                d.bad_lines += 1;
                continue;
            }
        };
        let route = m.route(&e);
        let r = d.routes.entry(route.clone()).or_default();
        r.count += 1;
        r.bytes += e.bytes;
        r.latency_sum += e.latency_us as u64;
        if e.status >= 500 {
            r.errors += 1;
        }
        latencies.entry(route).or_default().push(e.latency_us);
        let browser = agents
            .entry(e.user_agent)
            .or_insert_with(|| match m.agent.captures(e.user_agent) {
                Some(c) => format!("{} {}", &c[1], &c[2]),
                None => "other".to_string(),
            });
        *d.browsers.entry(browser.clone()).or_default() += 1;
        if e.level == Level::Error {
            if let Some(c) = m.code.captures(&e.msg) {
                *d.error_codes.entry(c[1].to_string()).or_default() += 1;
            }
        }
    }
    for (route, mut l) in latencies {
        l.sort_unstable();
        let r = d.routes.get_mut(&route).expect("counted above");
        r.p50_sum += l[l.len() / 2] as u64;
        r.p99_max = r.p99_max.max(l[l.len() * 99 / 100]);
        r.batches += 1;
    }
}

/// CPU time this thread has used, from the kernel's schedstat (the first field, nanoseconds on a CPU);
/// None where /proc does not say.
fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 / 1e9)
}

fn worker(index: u64, cpu_seconds: f64) -> Digest {
    let m = Matchers::new();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (index + 1).wrapping_mul(0xbf58_476d_1ce4_e5b9));
    let mut ts = 1_700_000_000_000u64;
    let mut buf = Vec::with_capacity(BATCH * 400);
    let mut d = Digest::default();
    let started = Instant::now();
    loop {
        generate(&mut rng, &mut ts, &mut buf);
        let text = std::str::from_utf8(&buf).expect("serde_json writes UTF-8");
        digest_batch(text, &m, &mut d);
        // Without schedstat, wall time stands in for CPU time.
        let used = thread_cpu_seconds().unwrap_or_else(|| started.elapsed().as_secs_f64());
        if used >= cpu_seconds {
            return d;
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let threads: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(2);
    let cpu_seconds: f64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5.0);
    let started = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|i| std::thread::spawn(move || worker(i, cpu_seconds)))
        .collect();
    let mut total = Digest::default();
    for h in handles {
        total.merge(h.join().expect("a worker panicked"));
    }

    let mut routes: Vec<_> = total.routes.iter().collect();
    routes.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
    println!(
        "{} lines ({} bad) by {} threads in {:.1} s",
        total.lines,
        total.bad_lines,
        threads,
        started.elapsed().as_secs_f64()
    );
    println!("{:<40} {:>10} {:>7} {:>9} {:>9} {:>8}", "route", "requests", "errors", "avg µs", "p50 µs", "p99 µs");
    for (route, r) in routes.iter().take(15) {
        println!(
            "{:<40} {:>10} {:>7} {:>9} {:>9} {:>8}",
            route,
            r.count,
            r.errors,
            r.latency_sum / r.count.max(1),
            r.p50_sum / r.batches.max(1),
            r.p99_max
        );
    }
    let mut browsers: Vec<_> = total.browsers.into_iter().collect();
    browsers.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let browsers: Vec<String> = browsers.iter().map(|(b, n)| format!("{b}: {n}")).collect();
    println!("agents: {}", browsers.join(", "));
    let mut codes: Vec<_> = total.error_codes.into_iter().collect();
    codes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let codes: Vec<String> = codes.iter().take(5).map(|(c, n)| format!("{c} ×{n}")).collect();
    println!("top error codes: {}", codes.join(", "));
}
