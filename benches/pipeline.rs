use criterion::{criterion_group, criterion_main, Criterion};

fn bench_text(c: &mut Criterion) {
    c.bench_function("fold", |b| {
        b.iter(|| soi::text::fold("Tổng Bí thư Tô Lâm và Tổng thống Belarus"))
    });
}

criterion_group!(benches, bench_text);
criterion_main!(benches);
