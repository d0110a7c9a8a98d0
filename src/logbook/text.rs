//! Words both front ends put in their messages: counts that read as English, file sizes.

/// `1 activity`, `3 activities`: counts in messages read as English.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `830 bytes`, `12.4 KB`, `3.1 MB`.
pub fn human_size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} bytes"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / 1_048_576.0),
    }
}

/// `中 (U+4E2D), 𓀀 (U+13000)`: characters named so they can be found even where they do
/// not show.
pub fn characters(chars: &[char]) -> String {
    chars
        .iter()
        .map(|c| format!("{c} (U+{:04X})", u32::from(*c)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_sizes_read_as_english() {
        assert_eq!(count(1, "activity", "activities"), "1 activity");
        assert_eq!(count(0, "activity", "activities"), "0 activities");
        assert_eq!(human_size(830), "830 bytes");
        assert_eq!(
            characters(&['中', '\u{13000}']),
            "中 (U+4E2D), \u{13000} (U+13000)"
        );
        assert_eq!(human_size(12_698), "12.4 KB");
        assert_eq!(human_size(3_250_586), "3.1 MB");
    }
}
