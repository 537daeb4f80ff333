#![no_main]
//! Any bytes as a capture file through the whole dissector: no panics.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(records) = oxwire::dissect::dissect_capture(data, &Default::default()) {
        for r in records {
            let _ = r.to_json();
        }
    }
});
