//! Execute bodies carrying the ROP buffers of the two Outlook 2007 EcDoRpcExt2 request stubs
//! published by OpenChange (shared tier, GPL, read at run time; MANIFEST.md describes them).
//!
//! An Execute request body holds the same `pulFlags`, `rgbIn`, `pcbOut` and `rgbAuxIn` as the
//! EMSMDB call (MS-OXCMAPIHTTP 2.2.4.2.1), so each stub's parameters are laid out by hand in
//! the body's field order, decoded, and checked against the stub and against the ROP buffer
//! decompressed by an independent LZ77 decoder (`*.rgbIn_decompressed.bin`). Every ROP of that
//! buffer must then decode with `oxwire_mapi_rop::rop`; the first ROP ids come from the
//! MANIFEST (RopRemoveAllRecipients 0x0D, RopModifyRecipients 0x0E; RopGetContentsTable 0x05,
//! RopSetColumns 0x12).

use std::path::PathBuf;

use oxwire_mapi_rop::aux_block;
use oxwire_mapi_rop::emsmdb::{self, Interface, Request};
use oxwire_mapi_rop::ext_buffer::Flags;
use oxwire_mapi_rop::rop::{LogonKinds, RopRequestBuffer};
use oxwire_moh::mailbox::{self, ExecuteFlags, ExecuteRequest, MailboxRequest};
use oxwire_moh::{Limits, RequestType};

/// `$OXWIRE_SHARED_TESTDATA` or `../shared/testdata` beside the workspace; `None` (with a
/// notice, or a panic when `OXWIRE_REQUIRE_ORACLES=1`) when absent.
fn shared_testdata() -> Option<PathBuf> {
    let p = std::env::var_os("OXWIRE_SHARED_TESTDATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/testdata"));
    if p.is_dir() {
        return Some(p);
    }
    let why = format!("{} not found (OpenChange EcDoRpcExt2 stubs)", p.display());
    if std::env::var_os("OXWIRE_REQUIRE_ORACLES").is_some_and(|v| v == "1") {
        panic!("required test prerequisite missing: {why}");
    }
    eprintln!("skipped: {why}");
    None
}

#[test]
fn outlook_2007_rop_buffers_in_execute_bodies() {
    let Some(root) = shared_testdata() else {
        return;
    };
    let dir = root.join("captures/openchange");
    let cases = [
        ("001_Outlook_2007_in_ModifyRecipients_comp", [0x0d, 0x0e]),
        ("002_Outlook_2007_in_Tables_operations_comp", [0x05, 0x12]),
    ];
    let rop_limits = oxwire_mapi_rop::Limits::default();
    let limits = Limits::default();
    for (name, first_rops) in cases {
        let stub = std::fs::read(dir.join(format!("{name}.dat"))).unwrap();
        let plain = std::fs::read(dir.join(format!("{name}.rgbIn_decompressed.bin"))).unwrap();
        let call = emsmdb::decode_request(Interface::Emsmdb, 11, &stub, true, &rop_limits)
            .unwrap_or_else(|e| panic!("{name}: stub: {e}"));
        let Request::RpcExt2(r) = &call.call else {
            panic!("{name}: not EcDoRpcExt2")
        };
        let rgb_in: &[u8] = &r.rgb_in.data;
        let aux_in: &[u8] = &r.aux.rgb_aux_in.data;

        // The Execute request body, field by field.
        let mut body = Vec::new();
        body.extend(r.flags.to_le_bytes()); // Flags
        body.extend((rgb_in.len() as u32).to_le_bytes()); // RopBufferSize
        body.extend(rgb_in); // RopBuffer
        body.extend(r.cb_out.to_le_bytes()); // MaxRopOut
        body.extend((aux_in.len() as u32).to_le_bytes()); // AuxiliaryBufferSize
        body.extend(aux_in); // AuxiliaryBuffer

        let MailboxRequest::Execute(e) =
            mailbox::decode_request(RequestType::Execute, &body, &limits).unwrap()
        else {
            panic!("{name}: not Execute")
        };
        assert_eq!(e.flags, ExecuteFlags(r.flags), "{name}");
        assert_eq!(&*e.rop_buffer, rgb_in, "{name}");
        assert_eq!(e.max_rop_out, 0x8007, "{name}: pcbOut per the MANIFEST");
        assert_eq!(&*e.aux.bytes, aux_in, "{name}");
        assert_eq!(e.to_bytes().unwrap(), body, "{name}: re-encode");

        // The plain ROP buffer is the independently decompressed one, and every ROP decodes.
        let payloads = e.rop_payloads(&rop_limits).unwrap();
        assert_eq!(payloads, vec![plain.clone()], "{name}: plain ROP buffer");
        let rops = RopRequestBuffer::decode(&payloads[0], &LogonKinds::default())
            .unwrap_or_else(|err| panic!("{name}: ROPs: {err}"));
        assert!(rops.rops.len() >= 2, "{name}");
        let ids: Vec<u8> = rops.rops.iter().map(|x| x.rop_id()).collect();
        assert_eq!(ids[..2], first_rops, "{name}: {ids:x?}");
        let mut again = Vec::new();
        rops.encode(&mut again).unwrap();
        assert_eq!(again, plain, "{name}: ROP buffer re-encodes");
        eprintln!(
            "{name}: {:?}",
            rops.rops.iter().map(|x| x.name()).collect::<Vec<_>>()
        );

        // The auxiliary buffer's blocks decode too.
        let aux_payloads = e.aux.payloads(&rop_limits).unwrap();
        assert_eq!(aux_payloads.len(), 1, "{name}");
        assert!(!aux_block::decode_blocks(&aux_payloads[0])
            .unwrap()
            .is_empty());

        // Building an Execute request from the plain buffer, compressed and obfuscated by us,
        // carries the same ROPs.
        let built = ExecuteRequest::from_rop_buffer(
            &plain,
            Flags::COMPRESSED | Flags::XOR_MAGIC | Flags::LAST,
            r.cb_out,
        )
        .unwrap();
        let wire = built.to_bytes().unwrap();
        let back = ExecuteRequest::decode(&wire, &limits).unwrap();
        assert_eq!(
            back.rop_payloads(&rop_limits).unwrap(),
            vec![plain],
            "{name}"
        );
        assert!(
            back.rop_buffer.len() < rgb_in.len() + 64,
            "{name}: compressed"
        );
    }
}
