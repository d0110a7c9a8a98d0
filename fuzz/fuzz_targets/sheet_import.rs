//! Any bytes handed to the import as a user's file (CSV, TSV, XLSX, ODS, or a damaged or
//! hostile one): never a panic, a refusal says why, and every row accepted is a valid activity
//! that survives an export and a second import unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ce_logbook::fuzzing::check_sheet_import(data);
});
