//! A generated corpus for the scale and cache tests.

use std::path::{Path, PathBuf};

pub fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// `n` articles recombined from the seeds' paragraphs (a fixed pseudo-random sequence), with
/// people and places varied, and a site's line most of them keep (site furniture, found only
/// once several stories carry it, so earlier articles are cleaned again).
pub fn write_corpus(dir: &Path, n: usize) {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(seeds())
        .expect("seeds")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(f).expect("seed");
        paragraphs.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| l.chars().count() > 120)
                .map(str::to_string),
        );
    }
    let people = [
        "Nguyễn Văn Minh",
        "Trần Thị Lan",
        "Sergey Petrov",
        "Lê Quang Hùng",
    ];
    let places = ["Hà Nội", "Minsk", "Đà Nẵng", "Gomel", "Cần Thơ"];
    let mut state: u64 = 12;
    let mut next = |m: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % m
    };
    for i in 0..n {
        let person = people[next(people.len())];
        let place = places[next(places.len())];
        let mut lines = vec![
            format!("{person} thăm {place} và thúc đẩy hợp tác số {i}"),
            String::new(),
        ];
        if i % 4 != 3 {
            lines.push("Theo dõi Báo Ánh Dương trên mạng xã hội mỗi ngày".into());
            lines.push(String::new());
        }
        for _ in 0..3 + next(5) {
            let p = &paragraphs[next(paragraphs.len())];
            lines.push(p.replace("Tô Lâm", person).replace("Minsk", place));
            lines.push(String::new());
        }
        std::fs::write(dir.join(format!("a{i:05}.txt")), lines.join("\n")).expect("write");
    }
}
