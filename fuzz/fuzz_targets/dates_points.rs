//! Any text as a date or an amount of points: never a panic, and what parses prints back to
//! text that parses to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        ce_logbook::fuzzing::check_date_and_points(text);
    }
});
