//! Scoring throughput, in leads per second.
//!
//! - `score_parsed/*`: `score()` on an already-parsed lead (the result carries all its evidence).
//! - `ndjson_10k/*`: the CLI's per-line work on a realistic mix — parse, score, serialize — plus
//!   each part alone, to show where the time goes.
//! - `form_update/*`: a live form's work per keystroke in the core — answers → lead → score → next
//!   question (which probes the unanswered questions with answers from the model) — with the long
//!   message typed and none, some or all of the other answers.
//!
//! - `same_leads/*`: only when `LEADLENS_BENCH_NDJSON` names an NDJSON file — the leads the
//!   JavaScript comparisons score (benches/js/leads.mjs; `scripts/bench.mjs` writes the file), so
//!   native and wasm numbers are on the same leads: score only (parsed), parse + score, and parse +
//!   score + serialize (what one wasm `Scorer.score` call does inside); reading alone, beside
//!   serde_json reading the same text into a `Value` and through it building nothing (the floor
//!   any JSON reader of these leads starts from).
//!
//! The mix is built from the Olist marketing funnel dataset (read at bench time from
//! `../shared/data/olist_marketing_funnel/`, never copied into the repository); synthetic leads
//! stand in when it is absent. Run: `cargo bench --bench score -- --quick`.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::PathBuf;

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, BenchmarkId, Criterion, Throughput,
};
use serde_json::{json, Value};

use leadlens::core::{parse_lead, score, Lead, Model, Timestamp};

const NOW: &str = "2026-11-22T12:00:00Z";
const NDJSON_LEADS: usize = 10_000;

fn timestamp(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).expect("benchmark timestamps are valid")
}

fn lead(value: Value) -> Lead<'static> {
    parse_lead(&value.to_string())
        .expect("benchmark leads are valid")
        .into_owned()
}

fn single_leads() -> Vec<(&'static str, Lead<'static>)> {
    let ideal_buyer = lead(json!({
        "id": "L-ideal", "created_at": "2026-11-21T09:00:00Z",
        "company": {"name": "Acme Logistics", "domain": "acmelogistics.com", "industry": "logistics",
                    "employees": 240, "annual_revenue": 48_000_000, "country": "US"},
        "contact": {"name": "Dana Ruiz", "email": "dana.ruiz@acmelogistics.com",
                    "title": "Director of Operations", "phone": "+1 555 0100"},
        "form": {"type": "consultation_request",
                 "message": "Our order-to-cash process is a bottleneck. We have budget approved for Q1."},
        "consent": {"email": true, "phone": true}
    }));
    let student = lead(json!({
        "id": "L-student",
        "contact": {"name": "Kim Lee", "title": "Student", "email": "kim@stateu.edu"},
        "form": {"message": "I am writing my thesis on supply chains, could you share data?"}
    }));
    let kinds = [
        ("page_view", "/blog/ops"),
        ("content_download", "ops-playbook"),
        ("email_open", ""),
        ("email_click", ""),
        ("webinar_attended", ""),
    ];
    let events: Vec<Value> = (0..40)
        .map(|i| {
            let (kind, target) = kinds[i % kinds.len()];
            let at = format!("2026-11-{:02}T09:{:02}:00Z", 22 - i / 2, i % 60);
            match kind {
                "page_view" => json!({"type": kind, "at": at, "page": format!("{target}-{i}")}),
                "content_download" => json!({"type": kind, "at": at, "asset": target}),
                _ => json!({"type": kind, "at": at}),
            }
        })
        .collect();
    let activity_only = lead(json!({
        "id": "L-activity", "created_at": "2026-10-01T08:00:00Z",
        "company": {"name": "Fabrikam Manufacturing", "domain": "fabrikam.com",
                    "industry": "manufacturing", "employees": 800, "country": "DE"},
        "contact": {"email": "m.weber@fabrikam.com", "title": "Head of Operations"},
        "events": events, "consent": {"email": true}
    }));
    // What the Olist marketing-funnel export holds per lead: an id, a date and a channel.
    let mql_row = lead(json!({
        "id": "L-mql", "created_at": "2018-02-01T00:00:00Z",
        "source": {"channel": "organic_search", "campaign": "lp-22"}
    }));
    vec![
        ("mql_row", mql_row),
        ("ideal_buyer", ideal_buyer),
        ("student", student),
        ("activity_only_40_events", activity_only),
    ]
}

fn bench_score_parsed(c: &mut Criterion) {
    let model = Model::default_model();
    let now = timestamp(NOW);
    let mut group = c.benchmark_group("score_parsed");
    group.throughput(Throughput::Elements(1));
    for (name, lead) in single_leads() {
        group.bench_with_input(BenchmarkId::from_parameter(name), &lead, |b, lead| {
            b.iter(|| score(black_box(lead), &model, now))
        });
    }
    group.finish();
}

fn bench_ndjson(c: &mut Criterion) {
    let model = Model::default_model();
    let (lines, now) = ndjson_mix(NDJSON_LEADS);
    let leads: Vec<Lead> = lines.iter().filter_map(|l| parse_lead(l).ok()).collect();
    let results: Vec<_> = leads
        .iter()
        .filter_map(|lead| score(lead, &model, now).ok())
        .collect();
    assert_eq!(results.len(), lines.len(), "every benchmark line scores");
    let mut routes: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &results {
        *routes.entry(r.route.as_str()).or_default() += 1;
    }
    let bytes: usize = lines.iter().map(String::len).sum();
    eprintln!(
        "ndjson mix: {} leads, {} bytes in (avg {}), routes {routes:?}",
        lines.len(),
        bytes,
        bytes / lines.len().max(1)
    );

    let mut group = c.benchmark_group(format!("ndjson_{}k", lines.len() / 1000));
    group.throughput(Throughput::Elements(lines.len() as u64));
    bench_parse_score(&mut group, &lines, &model, now);
    group.bench_function("score_only", |b| {
        b.iter(|| {
            for lead in &leads {
                let _ = black_box(score(lead, &model, now));
            }
        })
    });
    // What `leadlens score` and the wasm API write (`ScoredLead::to_json`), and serde_json on the
    // same results for comparison: the same text.
    group.bench_function("serialize_only", |b| {
        b.iter(|| {
            for result in &results {
                black_box(result.to_json());
            }
        })
    });
    let mut out = Vec::with_capacity(4096);
    group.bench_function("serialize_serde_json", |b| {
        b.iter(|| {
            for result in &results {
                out.clear();
                let _ = serde_json::to_writer(&mut out, result);
                black_box(&out);
            }
        })
    });
    group.finish();
}

/// NDJSON lines and the `now` to score them at.
fn ndjson_mix(count: usize) -> (Vec<String>, Timestamp) {
    let data =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/olist_marketing_funnel");
    let mqls = std::fs::read_to_string(data.join("olist_marketing_qualified_leads_dataset.csv"));
    let deals =
        std::fs::read_to_string(data.join("olist_closed_deals_dataset.csv")).unwrap_or_default();
    match mqls {
        Ok(mqls) => (
            olist_leads(&mqls, &deals, count),
            timestamp("2018-06-01T00:00:00Z"),
        ),
        Err(e) => {
            eprintln!(
                "notice: Olist dataset not found under {} ({e}); benchmarking synthetic leads",
                data.display()
            );
            let rows = (0..count as u64)
                .map(|i| Row {
                    id: format!("S-{i}"),
                    hash: splitmix64(i),
                    date: format!("2026-{:02}-{:02}", 6 + i % 6, 1 + i % 28),
                    origin: ORIGINS[(i % ORIGINS.len() as u64) as usize].to_string(),
                    page: format!("{:x}", splitmix64(i + 1)),
                    segment: None,
                    monthly_revenue: None,
                })
                .collect::<Vec<_>>();
            (rows.iter().map(lead_line).collect(), timestamp(NOW))
        }
    }
}

const ORIGINS: [&str; 6] = [
    "organic_search",
    "paid_search",
    "social",
    "email",
    "referral",
    "unknown",
];

/// One marketing-qualified lead (plus what the closed deal says about it, when there is one).
struct Row {
    id: String,
    hash: u64,
    date: String,
    origin: String,
    page: String,
    segment: Option<String>,
    monthly_revenue: Option<f64>,
}

/// Olist MQLs (id, first contact date, landing page, origin) joined with closed deals (business
/// segment, declared revenue); rows are reused with a suffix to reach `count`. Company size,
/// country and contact are not in the dataset and are derived from the id, deterministically.
fn olist_leads(mqls: &str, deals: &str, count: usize) -> Vec<String> {
    // Closed-deal columns: mql_id, …, business_segment (6th), …, declared_monthly_revenue (last).
    // Only a later column is quoted, so splitting on commas is enough for these two.
    let deals: BTreeMap<&str, (&str, Option<f64>)> = deals
        .lines()
        .skip(1)
        .filter_map(|line| {
            let id = line.split(',').next()?;
            let segment = line.split(',').nth(5)?;
            let revenue = line.rsplit(',').next().and_then(|r| r.parse().ok());
            Some((id, (segment, revenue)))
        })
        .collect();
    let rows: Vec<Row> = mqls
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split(',');
            let (id, date, page, origin) = (cols.next()?, cols.next()?, cols.next()?, cols.next()?);
            let deal = deals.get(id);
            Some(Row {
                id: id.to_string(),
                hash: u64::from_str_radix(id.get(..16)?, 16).ok()?,
                date: date.to_string(),
                origin: origin.to_string(),
                page: page.to_string(),
                segment: deal.map(|d| d.0.to_string()),
                monthly_revenue: deal.and_then(|d| d.1),
            })
        })
        .collect();
    assert!(!rows.is_empty(), "the Olist MQL file has rows");
    (0..count)
        .map(|i| {
            let row = &rows[i % rows.len()];
            let mut line = lead_line(row);
            if i >= rows.len() {
                // A repeated row gets its own id, as a re-submitted lead would.
                line = line.replacen(&row.id, &format!("{}-{}", row.id, i / rows.len()), 1);
            }
            line
        })
        .collect()
}

fn lead_line(row: &Row) -> String {
    const INDUSTRIES: [&str; 8] = [
        "software",
        "logistics",
        "manufacturing",
        "retail",
        "healthcare",
        "fintech",
        "construction",
        "agriculture",
    ];
    const TITLES: [&str; 8] = [
        "Director of Operations",
        "Owner",
        "CFO",
        "Marketing Manager",
        "Student",
        "VP Finance",
        "Sales Representative",
        "Head of IT",
    ];
    const COUNTRIES: [&str; 6] = ["BR", "BR", "US", "DE", "CA", "GB"];
    const MESSAGES: [&str; 5] = [
        "Our order-to-cash process is a bottleneck. We have budget approved for Q1.",
        "Looking for help to scale fulfilment before peak season.",
        "Just browsing.",
        "Can you send me your pricing?",
        "",
    ];
    const EVENTS: [&str; 6] = [
        "page_view",
        "content_download",
        "email_open",
        "webinar_attended",
        "pricing_view",
        "demo_request",
    ];
    let h = row.hash;
    let pick =
        |list: &[&'static str], shift: u32| list[((h >> shift) % list.len() as u64) as usize];
    let company = format!("Loja {}", &row.id[..row.id.len().min(6)]);
    let domain = format!("loja{}.com.br", &row.id[..row.id.len().min(6)]);
    let email_domain = if (h >> 40) % 4 == 0 {
        "gmail.com"
    } else {
        domain.as_str()
    };
    let events: Vec<Value> = (0..(h >> 44) % 7)
        .map(|i| {
            let kind = EVENTS[((h >> (i * 3)) % EVENTS.len() as u64) as usize];
            json!({"type": kind, "at": row.date, "page": format!("/lp/{}", row.page)})
        })
        .collect();
    let employees = 5u64 << ((h >> 20) % 10);
    let annual_revenue = row.monthly_revenue.filter(|r| *r > 0.0).map(|r| r * 12.0);
    let message = pick(&MESSAGES, 50);
    json!({
        "id": row.id,
        "created_at": row.date,
        "company": {"name": company, "domain": domain,
                    "industry": row.segment.as_deref().unwrap_or_else(|| pick(&INDUSTRIES, 8)),
                    "employees": employees, "annual_revenue": annual_revenue, "country": pick(&COUNTRIES, 12)},
        "contact": {"email": format!("contact@{email_domain}"), "title": pick(&TITLES, 16)},
        "form": {"type": "contact", "message": if message.is_empty() { Value::Null } else { json!(message) }},
        "source": {"channel": row.origin, "campaign": format!("lp-{}", &row.page[..row.page.len().min(8)])},
        "events": events,
        "consent": {"email": h % 3 != 0, "phone": h % 5 == 0}
    })
    .to_string()
}

fn splitmix64(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn bench_form_update(c: &mut Criterion) {
    use leadlens::core::form::{lead_from_form, next_question, FieldMap};
    let model = Model::default_model();
    let now = timestamp(NOW);
    let fields = FieldMap::defaults();
    let ideal = [
        ("firstname", "Dana"),
        ("email", "dana.ruiz@acmelogistics.com"),
        ("company", "Acme Logistics"),
        ("jobtitle", "Director of Operations"),
        ("numemployees", "200-999"),
        ("industry", "logistics"),
        ("country", "US"),
        ("message", "Our order-to-cash process is a bottleneck and month-end close takes two weeks. We have budget approved for Q1."),
    ];
    let mut group = c.benchmark_group("form_update");
    group.throughput(Throughput::Elements(1));
    for answered in [0usize, 4, 7] {
        let values: Vec<(String, String)> = ideal
            .iter()
            .enumerate()
            .map(|(i, (name, value))| {
                let keep = i < answered || *name == "message";
                (
                    name.to_string(),
                    if keep {
                        value.to_string()
                    } else {
                        String::new()
                    },
                )
            })
            .collect();
        let candidates: Vec<(String, String)> = values
            .iter()
            .filter_map(|(name, _)| fields.path_of(name).map(|p| (name.clone(), p.to_string())))
            .collect();
        group.bench_function(BenchmarkId::new("answered", answered + 1), |b| {
            b.iter(|| {
                let form = lead_from_form("visitor", black_box(&values), &fields, None);
                let result = score(&form.lead, &model, now).expect("scores");
                next_question(&form, &candidates, &model, now, &result).map(|q| q.max_score_change)
            })
        });
    }
    group.finish();
}

fn bench_same_leads(c: &mut Criterion) {
    let Ok(file) = std::env::var("LEADLENS_BENCH_NDJSON") else {
        return;
    };
    let text = std::fs::read_to_string(&file).expect("LEADLENS_BENCH_NDJSON is readable");
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let model = Model::default_model();
    let now = timestamp(NOW);
    let leads: Vec<Lead> = lines.iter().filter_map(|l| parse_lead(l).ok()).collect();
    assert_eq!(leads.len(), lines.len(), "every line of {file} is a lead");
    let mut group = c.benchmark_group("same_leads");
    group.throughput(Throughput::Elements(lines.len() as u64));
    group.bench_function("score_only", |b| {
        b.iter(|| {
            for lead in &leads {
                let _ = black_box(score(lead, &model, now));
            }
        })
    });
    bench_parse_score(&mut group, &lines, &model, now);
    // serde_json on the same text, for scale: into its `Value` tree, and through it building
    // nothing (`IgnoredAny`: the cost of reading the JSON syntax at all, a floor for any reader
    // of these leads).
    group.bench_function("serde_json_value", |b| {
        b.iter(|| {
            for line in &lines {
                let _ = black_box(serde_json::from_str::<serde_json::Value>(line));
            }
        })
    });
    group.bench_function("serde_json_syntax", |b| {
        b.iter(|| {
            for line in &lines {
                let _ = black_box(serde_json::from_str::<serde::de::IgnoredAny>(line));
            }
        })
    });
    group.finish();
}

/// `parse_score` and `parse_score_serialize` over NDJSON lines: the CLI's work per line, and (with
/// serialization) what one wasm `Scorer.score` call does inside; and `parse_only`.
fn bench_parse_score<S: AsRef<str>>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    lines: &[S],
    model: &Model,
    now: Timestamp,
) {
    group.bench_function("parse_only", |b| {
        b.iter(|| {
            for line in lines {
                let _ = black_box(parse_lead(line.as_ref()));
            }
        })
    });
    group.bench_function("parse_score", |b| {
        b.iter(|| {
            for line in lines {
                if let Ok(lead) = parse_lead(line.as_ref()) {
                    let _ = black_box(score(&lead, model, now));
                }
            }
        })
    });
    group.bench_function("parse_score_serialize", |b| {
        b.iter(|| {
            for line in lines {
                if let Ok(lead) = parse_lead(line.as_ref()) {
                    if let Ok(result) = score(&lead, model, now) {
                        black_box(result.to_json());
                    }
                }
            }
        })
    });
}

criterion_group!(
    benches,
    bench_score_parsed,
    bench_ndjson,
    bench_form_update,
    bench_same_leads
);
criterion_main!(benches);
