//! Pipeline throughput on the seeds: load+clean+extract per document, and linking a corpus made of
//! many copies of the seeds (so the linker sees thousands of mentions). Figures are per MB of text.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use soi::assets::Assets;
use soi::corpus::{self, LoadOptions};
use soi::extract::Extractor;
use soi::pipeline::{self, Processed};
use std::path::PathBuf;

fn seed_documents() -> Vec<corpus::Document> {
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let (files, _) = corpus::discover(&[seeds]);
    files
        .iter()
        .filter_map(|f| corpus::load_file(f, &LoadOptions::default()).ok())
        .map(|l| l.document)
        .collect()
}

fn bench_pipeline(c: &mut Criterion) {
    let docs = seed_documents();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let extractor = Extractor::new(Assets::embedded());

    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("clean+extract seeds", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| pipeline::process(d.clone(), &extractor).mentions.len())
                .sum::<usize>()
        })
    });
    group.bench_function("clean seeds", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| soi::clean::clean(d).blocks.len())
                .sum::<usize>()
        })
    });

    // 200 copies of the seeds, as separate documents, for the linker.
    let processed: Vec<Processed> = docs
        .iter()
        .map(|d| pipeline::process(d.clone(), &extractor))
        .collect();
    let many: Vec<Processed> = (0..200).flat_map(|_| processed.iter().cloned()).collect();
    group.throughput(Throughput::Bytes((bytes * 200) as u64));
    group.bench_function("link 1000 documents", |b| {
        b.iter(|| pipeline::link_all(&many).len())
    });
    group.finish();

    c.bench_function("build extractor", |b| {
        b.iter(|| Extractor::new(Assets::embedded()))
    });
}

criterion_group!(benches, bench_pipeline);
criterion_main!(benches);
