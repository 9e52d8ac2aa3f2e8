//! Totality of the cleaner on random line soups: every non-blank line ends up in exactly one
//! block or one removal, blank lines in neither, and block text is the trimmed line (captions may
//! lose a trailing " |").

use proptest::prelude::*;
use soi::clean::{clean, BlockKind};
use soi::corpus::Document;
use std::collections::BTreeSet;

/// Line shapes the cleaner treats differently, plus arbitrary text.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("   ".to_string()),
        Just("-".to_string()),
        Just("0".to_string()),
        Just("Tin liên quan".to_string()),
        Just("Nguồn:".to_string()),
        Just("Lan Anh (tổng hợp)".to_string()),
        Just("10:15 | 02/03/2024 GMT+7".to_string()),
        Just("Cầu Rồng phun lửa đêm cuối tuần. Ảnh: Minh Trí |".to_string()),
        Just("Đà Nẵng đón lượng khách kỷ lục".to_string()),
        Just("Đà Nẵng đón lượng khách kỷ lục Đà Nẵng đón lượng khách kỷ lục".to_string()),
        Just(
            "Sáng 2/3, thành phố Đà Nẵng đón hơn 50.000 lượt khách đến tham quan các điểm du lịch."
                .to_string()
        ),
        Just("khach du lich den da nang tang manh".to_string()),
        Just("[Video] Pháo hoa trên sông Hàn".to_string()),
        "[a-zA-Zàáạảãâầấậẩẫăằắặẳẵđèéẹẻẽêềếệểễ .,:|()0-9/-]{0,80}",
        any::<String>(),
    ]
}

fn check(lines: &[String]) -> Result<(), TestCaseError> {
    let text = lines.join("\n");
    let doc = Document::from_text("soup", "soup.txt", text.clone());
    let article = clean(&doc);
    let physical: Vec<&str> = text.split('\n').collect();
    let non_blank: BTreeSet<usize> = physical
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, _)| i + 1)
        .collect();
    let mut seen = BTreeSet::new();
    for block in &article.blocks {
        prop_assert_eq!(block.lines.first(), block.lines.last());
        let source = physical[block.lines.first() - 1].trim();
        if block.kind == BlockKind::Caption {
            prop_assert!(source.starts_with(block.text.as_str()));
        } else {
            prop_assert_eq!(block.text.as_str(), source);
        }
        prop_assert!(seen.insert(block.lines.first()));
    }
    for removed in &article.removed {
        for n in removed.lines.first()..=removed.lines.last() {
            // A range of removed lines covers neighbouring lines only.
            prop_assert!(seen.insert(n));
        }
    }
    prop_assert_eq!(seen, non_blank);
    prop_assert!(!article.title.is_empty());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn every_non_blank_line_is_kept_or_removed_once(lines in prop::collection::vec(line(), 0..40)) {
        check(&lines)?;
    }
}

proptest! {
    // Heavy: many more and longer soups; run with `cargo test --release -- --ignored`.
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    #[ignore]
    fn every_non_blank_line_is_kept_or_removed_once_heavy(lines in prop::collection::vec(line(), 0..300)) {
        check(&lines)?;
    }
}
