//! Web pages: loading (decode, render, main-content extraction, metadata) and cleaning, on the
//! eight benchmark pages kept in tests/fixtures/htmlbench. Throughput is in pages.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use soi::corpus::{load_file, LoadOptions};
use std::path::PathBuf;

fn pages() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/htmlbench");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    pages
}

fn bench_html(c: &mut Criterion) {
    let pages = pages();
    let options = LoadOptions::default();
    let mut group = c.benchmark_group("html");
    group.throughput(Throughput::Elements(pages.len() as u64));
    group.bench_function("load+clean benchmark pages", |b| {
        b.iter(|| {
            pages
                .iter()
                .filter_map(|p| load_file(p, &options).ok())
                .map(|l| soi::clean::clean(&l.document).blocks.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_html);
criterion_main!(benches);
