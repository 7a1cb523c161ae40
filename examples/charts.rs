//! # charts: the README's performance pictures, drawn from the benchmarks' output
//!
//! Reads what the benchmarks wrote and draws SVG charts into
//! `benches/charts/`:
//!
//! - `latency-by-size.svg`: query latency against corpus size (10k, 100k, and
//!   1M when it was run) for the crate, plain Tantivy, Tantivy with a French
//!   chain and fuzzy matching, and the naive scan, from
//!   criterion's estimates under `target/criterion/scale_*` (the geometric
//!   mean of the medians of the six queries of `benches/scale.rs`);
//! - `latency-100k.svg`: each query on 100k passages, the same four;
//! - `startup.svg`: whole-process time of the CLI against grep and the bm25
//!   peer, from `benches/startup.sh`'s hyperfine JSON under `target/startup`.
//!
//! ```sh
//! cargo bench --bench scale          # GLOSSARY_SCALE=1m for the 1M point
//! bash benches/startup.sh && bash benches/startup.sh 100k
//! cargo run --example charts
//! ```
//!
//! A chart whose measurements are missing is skipped with a note; the tool
//! fails only when it can draw none, or cannot write.

use std::error::Error;
use std::path::{Path, PathBuf};

use plotters::prelude::*;
use serde_json::Value;

/// The six queries of `benches/scale.rs`, as its bench ids.
const QUERIES: &[&str] = &[
    "half_the_corpus",
    "rare_word",
    "common_word",
    "two_words",
    "typo",
    "english",
];

/// (criterion function name, legend, colour)
const SYSTEMS: &[(&str, &str, RGBColor)] = &[
    ("search", "chongqing-glossary", RGBColor(0xd6, 0x27, 0x28)),
    ("plain_tantivy", "plain Tantivy", RGBColor(0x1f, 0x77, 0xb4)),
    ("naive_scan", "naive scan", RGBColor(0x7f, 0x7f, 0x7f)),
    (
        "french_fuzzy_tantivy",
        "Tantivy, French chain + fuzzy",
        RGBColor(0x2c, 0xa0, 0x2c),
    ),
];

const SIZES: &[(u64, &str)] = &[(10_000, "10k"), (100_000, "100k"), (1_000_000, "1M")];

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// Draws one chart into a file; `Ok(false)` when its measurements are missing.
type Draw = dyn Fn(&Path, &Path) -> Result<bool>;

/// A line of the latency chart: legend, colour, (passages, µs) points.
type Line<'a> = (&'a str, RGBColor, Vec<(f64, f64)>);

/// A bar of the start-up chart: command name, mean and deviation in ms.
type Bar = (String, f64, f64);

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let out = root.join("benches").join("charts");
    if let Err(err) = std::fs::create_dir_all(&out) {
        eprintln!("charts: cannot create {}: {err}", out.display());
        std::process::exit(1);
    }
    let charts: [(&str, &Draw); 3] = [
        ("latency-by-size.svg", &latency_by_size),
        ("latency-100k.svg", &latency_100k),
        ("startup.svg", &startup),
    ];
    let mut drawn = 0;
    for (name, draw) in charts {
        let path = out.join(name);
        match draw(&target, &path) {
            Ok(true) => {
                println!("wrote {}", path.display());
                drawn += 1;
            }
            Ok(false) => println!("skipped {name}: its measurements are missing"),
            Err(err) => {
                eprintln!("charts: {}: {err}", path.display());
                std::process::exit(1);
            }
        }
    }
    if drawn == 0 {
        eprintln!(
            "charts: no measurements under {}: run the benches first (see the top of examples/charts.rs)",
            target.display()
        );
        std::process::exit(1);
    }
}

/// The median of a criterion benchmark, in microseconds, if it was run.
fn criterion_median(target: &Path, id: &str) -> Result<Option<f64>> {
    let path = target
        .join("criterion")
        .join(id)
        .join("new")
        .join("estimates.json");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(format!("{}: {err}", path.display()).into()),
    };
    let json: Value =
        serde_json::from_str(&text).map_err(|err| format!("{}: {err}", path.display()))?;
    let nanos = json["median"]["point_estimate"]
        .as_f64()
        .ok_or_else(|| format!("{}: no median.point_estimate", path.display()))?;
    Ok(Some(nanos / 1_000.0))
}

/// Each system's geometric mean latency over the six queries, per size run.
fn latency_by_size(target: &Path, out: &Path) -> Result<bool> {
    let mut lines: Vec<Line> = Vec::new();
    for &(system, legend, colour) in SYSTEMS {
        let mut points = Vec::new();
        for &(size, _) in SIZES {
            let mut logs = Vec::new();
            for query in QUERIES {
                if let Some(us) =
                    criterion_median(target, &format!("scale_{size}/{system}/{query}"))?
                {
                    logs.push(us.ln());
                }
            }
            if logs.len() == QUERIES.len() {
                points.push((
                    size as f64,
                    (logs.iter().sum::<f64>() / logs.len() as f64).exp(),
                ));
            }
        }
        if !points.is_empty() {
            lines.push((legend, colour, points));
        }
    }
    if lines.is_empty() {
        return Ok(false);
    }
    let all = lines.iter().flat_map(|(_, _, p)| p.iter().map(|&(_, y)| y));
    let (low, high) = all.fold((f64::MAX, 0f64), |(l, h), y| (l.min(y), h.max(y)));

    let root = SVGBackend::new(out, (760, 440)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Query latency against corpus size (geometric mean of six queries)",
            ("sans-serif", 18),
        )
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(
            (7_000f64..1_400_000f64).log_scale(),
            (low / 2.0..high * 2.0).log_scale(),
        )?;
    chart
        .configure_mesh()
        .x_desc("passages")
        .y_desc("median latency (µs, log scale)")
        .x_label_formatter(&|x| size_label(*x))
        .y_label_formatter(&|y| short_number(*y))
        .draw()?;
    for (legend, colour, points) in lines {
        chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))?
            .label(legend)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2))
            });
        chart.draw_series(points.iter().map(|&p| Circle::new(p, 4, colour.filled())))?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(true)
}

/// Each query on 100k passages: one group of bars per query.
fn latency_100k(target: &Path, out: &Path) -> Result<bool> {
    let mut bars = Vec::new();
    for (q, query) in QUERIES.iter().enumerate() {
        for (s, &(system, _, _)) in SYSTEMS.iter().enumerate() {
            if let Some(us) = criterion_median(target, &format!("scale_100000/{system}/{query}"))? {
                bars.push((q, s, us));
            }
        }
    }
    if bars.is_empty() {
        return Ok(false);
    }
    let high = bars.iter().map(|b| b.2).fold(0f64, f64::max);
    let low = bars.iter().map(|b| b.2).fold(f64::MAX, f64::min);

    let root = SVGBackend::new(out, (760, 440)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption("Each query on 100k passages", ("sans-serif", 18))
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(
            0f64..QUERIES.len() as f64,
            (low / 2.0..high * 8.0).log_scale(),
        )?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(QUERIES.len() * 2 + 1)
        .x_label_formatter(&|x| {
            // Labels sit at the middle of each group.
            let i = x.floor() as usize;
            if (x - i as f64 - 0.5).abs() < 1e-6 && i < QUERIES.len() {
                QUERIES[i].replace('_', " ")
            } else {
                String::new()
            }
        })
        .y_desc("median latency (µs, log scale)")
        .y_label_formatter(&|y| short_number(*y))
        .draw()?;
    let width = 0.8 / SYSTEMS.len() as f64;
    for (s, &(_, legend, colour)) in SYSTEMS.iter().enumerate() {
        let mine = bars.iter().filter(|b| b.1 == s).map(|&(q, _, us)| {
            let x0 = q as f64 + 0.1 + s as f64 * width;
            Rectangle::new([(x0, low / 2.0), (x0 + width * 0.9, us)], colour.filled())
        });
        chart
            .draw_series(mine)?
            .label(legend)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], colour.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(true)
}

/// One hyperfine run: (command name, mean ms, standard deviation ms).
fn hyperfine(path: &Path) -> Result<Option<Vec<Bar>>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(format!("{}: {err}", path.display()).into()),
    };
    let json: Value =
        serde_json::from_str(&text).map_err(|err| format!("{}: {err}", path.display()))?;
    let results = json["results"]
        .as_array()
        .ok_or_else(|| format!("{}: no results array", path.display()))?;
    results
        .iter()
        .map(|r| {
            let name = r["command"].as_str();
            let mean = r["mean"].as_f64();
            let stddev = r["stddev"].as_f64().unwrap_or(0.0);
            match (name, mean) {
                (Some(name), Some(mean)) => Ok((name.to_string(), mean * 1e3, stddev * 1e3)),
                _ => Err(format!("{}: a result without command or mean", path.display()).into()),
            }
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

/// Whole-process times: the embedded data, and the 100k corpus when measured.
fn startup(target: &Path, out: &Path) -> Result<bool> {
    let dir = target.join("startup");
    let panels: Vec<(&str, Vec<Bar>)> = [
        ("embedded data: one query, whole process", "embedded.json"),
        ("100k passages: one query, whole process", "100k.json"),
    ]
    .into_iter()
    .filter_map(|(title, file)| match hyperfine(&dir.join(file)) {
        Ok(Some(rows)) => Some(Ok((title, rows))),
        Ok(None) => None,
        Err(err) => Some(Err(err)),
    })
    .collect::<Result<_>>()?;
    if panels.is_empty() {
        return Ok(false);
    }
    let root = SVGBackend::new(out, (760, 200 * panels.len() as u32 + 40)).into_drawing_area();
    root.fill(&WHITE)?;
    let areas = root.split_evenly((panels.len(), 1));
    for (area, (title, rows)) in areas.iter().zip(&panels) {
        // A log axis: on 100k passages a build takes seconds and a reuse
        // milliseconds, and both must be readable.
        let high = rows.iter().map(|r| r.1 + r.2).fold(0f64, f64::max) * 3.0;
        let low = rows.iter().map(|r| r.1).fold(f64::MAX, f64::min) / 2.0;
        let mut chart = ChartBuilder::on(area)
            .caption(*title, ("sans-serif", 16))
            .margin(12)
            .x_label_area_size(30)
            .y_label_area_size(110)
            .build_cartesian_2d((low..high).log_scale(), 0f64..rows.len() as f64)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(rows.len() * 2 + 1)
            .y_label_formatter(&|y| {
                let i = y.floor() as usize;
                if (y - i as f64 - 0.5).abs() < 1e-6 && i < rows.len() {
                    rows[rows.len() - 1 - i].0.clone()
                } else {
                    String::new()
                }
            })
            .x_desc("mean time (ms, log scale)")
            .draw()?;
        chart.draw_series(rows.iter().enumerate().map(|(i, (name, mean, _))| {
            let y = (rows.len() - 1 - i) as f64;
            let colour = if name == "grep" {
                SYSTEMS[2].2
            } else if name.starts_with("peer") {
                SYSTEMS[1].2
            } else {
                SYSTEMS[0].2
            };
            Rectangle::new([(low, y + 0.2), (*mean, y + 0.8)], colour.filled())
        }))?;
        chart.draw_series(rows.iter().enumerate().map(|(i, (_, mean, stddev))| {
            let y = (rows.len() - 1 - i) as f64 + 0.5;
            PathElement::new(
                vec![((mean - stddev).max(low), y), (mean + stddev, y)],
                BLACK,
            )
        }))?;
        chart.draw_series(rows.iter().enumerate().map(|(i, (_, mean, stddev))| {
            let y = (rows.len() - 1 - i) as f64 + 0.5;
            Text::new(
                format!("{mean:.1} ms"),
                ((mean + stddev) * 1.08, y),
                ("sans-serif", 13),
            )
        }))?;
    }
    root.present()?;
    Ok(true)
}

fn size_label(passages: f64) -> String {
    SIZES
        .iter()
        .find(|(n, _)| ((*n as f64) / passages - 1.0).abs() < 0.05)
        .map(|(_, label)| label.to_string())
        .unwrap_or_default()
}

fn short_number(value: f64) -> String {
    if value >= 1_000.0 {
        format!("{:.0}k", value / 1_000.0)
    } else if value >= 1.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}
