//! A short smoke run of the fuzz targets (`fuzz/`, run at length with `cargo fuzz`): every
//! file of their committed corpus, then random inputs, through the same oracles.

use std::path::Path;
use std::sync::LazyLock;

use ce_logbook::fuzzing::{
    check_certificate_scan, check_csv_round_trip, check_date_and_points, check_proposal,
};
use proptest::prelude::*;

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let files: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    assert!(files.len() >= 5, "the corpus of {target} is committed");
    files
}

#[test]
fn the_csv_import_corpus_passes() {
    for input in corpus("csv_import") {
        check_csv_round_trip(&input);
    }
}

#[test]
fn the_dates_and_points_corpus_passes() {
    for input in corpus("dates_points") {
        if let Ok(text) = std::str::from_utf8(&input) {
            check_date_and_points(text);
        }
    }
}

#[test]
fn the_certificate_scan_corpus_passes() {
    for input in corpus("certificate_scan") {
        check_certificate_scan(&input);
    }
}

/// A real certificate with bytes changed here and there: the damage a download or a disk
/// does, and what a fuzzer starts from.
fn mutated(seed: &[u8], changes: &[(usize, u8)]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for (at, byte) in changes {
        if !bytes.is_empty() {
            let i = at % bytes.len();
            bytes[i] = *byte;
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_bytes_never_break_the_import(data in prop::collection::vec(any::<u8>(), 0..400)) {
        check_csv_round_trip(&data);
    }

    #[test]
    fn csv_shaped_noise_never_breaks_the_import(
        rows in prop::collection::vec("[a-zA-Z0-9 ,;\"\\.\\-\n]{0,60}", 0..8)
    ) {
        let text = format!("title,date,points,kind,category,approved_by,provider,note\n{}", rows.join("\n"));
        check_csv_round_trip(text.as_bytes());
    }

    #[test]
    fn accepted_rows_round_trip_whatever_their_text(
        title in "[a-zA-Z0-9\"'.&(ÄÖÜé✓][a-zA-Z0-9 \"',;.&()ÄÖÜé✓-]{0,39}",
        note in "[a-zA-Z0-9 \"',;\r\n\t]{0,60}",
        provider in "[a-zA-Z ;,\"]{0,20}",
        category in "[a-zA-Z ]{0,12}",
        bodies in "[A-Za-z]{0,5}(;[A-Za-z ]{0,6}){0,2}",
        points in 1u32..10_000,
        day in 1u32..29,
    ) {
        let quote = |f: &str| format!("\"{}\"", f.replace('"', "\"\""));
        let text = format!(
            "title,date,points,kind,category,approved_by,provider,note\n{},2025-02-{day:02},{}.{:02},course,{},{},{},{}\n",
            quote(&title), points / 100, points % 100, quote(&category), quote(&bodies), quote(&provider), quote(&note)
        );
        let rows = check_csv_round_trip(text.as_bytes())
            .unwrap_or_else(|| panic!("a valid row is refused:\n{text}"));
        prop_assert_eq!(rows.len(), 1);
        prop_assert_eq!(rows[0].title.as_str(), title.trim());
        prop_assert_eq!(rows[0].points.hundredths(), i64::from(points));
        prop_assert_eq!(rows[0].date.to_string(), format!("2025-02-{day:02}"));
    }

    #[test]
    fn any_text_as_a_date_or_points(text in "\\PC{0,24}") {
        check_date_and_points(&text);
    }

    #[test]
    fn valid_looking_dates_and_points(y in 1900u32..2100, m in 0u32..14, d in 0u32..33, p in 0u32..100_000) {
        check_date_and_points(&format!("{y:04}-{m:02}-{d:02}"));
        check_date_and_points(&format!("{}.{:02}", p / 100, p % 100));
    }

    #[test]
    fn any_text_as_a_certificate(
        lines in prop::collection::vec(
            "(Course Title: |has successfully completed |Date of completion: |Provided by |approved for |)[a-zA-Z0-9 /.,:;\\-\"“”ẞİ\t]{0,40}",
            0..8,
        )
    ) {
        check_proposal(&lines.join("\n"));
    }
}

/// The certificate corpus, read once for the many damaged copies made of it.
static SEEDS: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| corpus("certificate_scan"));

proptest! {
    // Each case reads a whole PDF on its own thread: fewer cases, the same kinds of damage.
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn damaged_certificates_never_break_the_reader(
        which in 0usize..6,
        changes in prop::collection::vec((any::<usize>(), any::<u8>()), 1..12),
        cut in any::<prop::sample::Index>(),
    ) {
        let seed = &SEEDS[which % SEEDS.len()];
        let mut bytes = mutated(seed, &changes);
        if changes.len() % 3 == 0 {
            bytes.truncate(cut.index(bytes.len().max(1)));
        }
        check_certificate_scan(&bytes);
    }
}
