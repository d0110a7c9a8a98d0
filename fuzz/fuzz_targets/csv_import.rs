//! Any bytes handed to the CSV import: never a panic, and every row accepted is a valid
//! activity that survives an export and a second import unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ce_logbook::fuzzing::check_csv_round_trip(data);
});
