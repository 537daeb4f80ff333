//! Arbitrary bytes as a MAPI over HTTP mailbox body: the first octet picks the request type
//! (low bits) and the direction (high bit), the rest is the body. Whatever decodes must
//! re-encode to the same bytes; Execute ROP buffers and auxiliary buffers are then unpacked
//! and their ROP request buffers decoded. Any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oxwire_mapi_rop::rop::{LogonKinds, RopRequestBuffer};
use oxwire_moh::mailbox::{self, ExecuteResponse, MailboxRequest, MailboxResponse};
use oxwire_moh::{Limits, RequestType};

const TYPES: [RequestType; 5] = [
    RequestType::Connect,
    RequestType::Execute,
    RequestType::Disconnect,
    RequestType::NotificationWait,
    RequestType::Ping,
];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, body)) = data.split_first() else {
        return;
    };
    let t = TYPES[usize::from(sel & 0x7f) % TYPES.len()];
    let limits = Limits::default();
    let rop_limits = oxwire_mapi_rop::Limits::default();
    if sel & 0x80 == 0 {
        let Ok(req) = mailbox::decode_request(t, body, &limits) else {
            return;
        };
        assert_eq!(req.encoded_len(), body.len());
        assert_eq!(req.to_bytes().unwrap(), body);
        if let MailboxRequest::Execute(e) = &req {
            if let Ok(payloads) = e.rop_payloads(&rop_limits) {
                for p in payloads {
                    let _ = RopRequestBuffer::decode(&p, &LogonKinds::default());
                }
            }
            let _ = e.aux.payloads(&rop_limits);
        }
        let _ = req.into_owned();
    } else {
        let Ok(resp) = mailbox::decode_response(t, body, &limits) else {
            return;
        };
        assert_eq!(resp.encoded_len(), body.len());
        assert_eq!(resp.to_bytes().unwrap(), body);
        if let MailboxResponse::Execute(ExecuteResponse::Success(s)) = &resp {
            let _ = s.rop_payloads(&rop_limits);
            let _ = s.aux.payloads(&rop_limits);
        }
        let _ = resp.into_owned();
    }
});
