//! Any bytes handed in as a certificate: reading the PDF never panics or hangs, and the text
//! it gives (or the bytes read as text) always makes a proposal that holds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ce_logbook::fuzzing::check_certificate_scan(data);
});
