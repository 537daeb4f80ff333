//! Every MAPI over HTTP address book body decoder: the first input byte picks the request
//! type (low five bits) and the direction (top bit set: response).
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxwire_moh::addressbook::{decode_request, decode_response};
use oxwire_moh::{Endpoint, Limits, RequestType};

fuzz_target!(|data: &[u8]| {
    let Some((&sel, body)) = data.split_first() else {
        return;
    };
    let types: Vec<RequestType> = RequestType::ALL
        .iter()
        .copied()
        .filter(|t| t.endpoint() == Some(Endpoint::AddressBook))
        .collect();
    let t = types[usize::from(sel & 0x1F) % types.len()];
    let limits = Limits::default();
    if sel & 0x80 == 0 {
        if let Ok(v) = decode_request(t, body, &limits) {
            let again = v.to_vec().expect("re-encode");
            decode_request(t, &again, &limits).expect("decode re-encoded");
        }
    } else if let Ok(v) = decode_response(t, body, &limits) {
        let again = v.to_vec().expect("re-encode");
        decode_response(t, &again, &limits).expect("decode re-encoded");
    }
});
