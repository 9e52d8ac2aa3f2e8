//! Heavy (CI runs it in release with --ignored): facts stay linear inside one huge paragraph —
//! every number, date and figure looks back a bounded distance, and the corpus index proposes
//! candidates only through rare features.

use std::process::Command;
use std::time::{Duration, Instant};

#[test]
#[ignore]
fn one_huge_paragraph_of_figures_exports_quickly() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 20,000 sentences in one line: dates, money, percentages, counts, listed years.
    let paragraph: String = (0..20_000)
        .map(|i| {
            format!(
                "Năm {}, kim ngạch thương mại giữa Việt Nam và Belarus đạt {} triệu USD, tăng {},5% với {} dự án vào các năm 1957, 1961 và {}. ",
                1990 + i % 35,
                i,
                i % 97,
                i % 13,
                1962 + i % 3
            )
        })
        .collect();
    std::fs::write(
        dir.path().join("huge.txt"),
        format!("Tiêu đề bài báo về thương mại\n\n{paragraph}\n"),
    )
    .expect("write");
    // A second article so related facts and disagreements have another side.
    std::fs::write(
        dir.path().join("other.txt"),
        format!(
            "Tin khác về thương mại\n\n{}\n",
            &paragraph[..paragraph.len() / 40]
        ),
    )
    .expect("write");
    let cache = tempfile::tempdir().expect("cache dir");
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_soi"))
        .arg("export")
        .arg(dir.path())
        .env("XDG_CACHE_HOME", cache.path())
        .output()
        .expect("run soi export");
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let export: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let facts = export["facts"].as_array().map_or(0, Vec::len);
    assert!(facts >= 20_000, "every sentence is a fact: {facts}");
    assert!(
        took < Duration::from_secs(60),
        "20,000 facts in one paragraph took {took:?}"
    );
}
