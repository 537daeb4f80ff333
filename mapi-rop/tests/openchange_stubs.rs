//! The two Outlook 2007 EcDoRpcExt2 request stubs published by OpenChange (shared tier, GPL,
//! read at run time): the NDR stub decodes and re-encodes exactly, `rgbIn` decompresses to the
//! ROP buffer decompressed independently (`*.rgbIn_decompressed.bin`, MANIFEST.md), and the
//! auxiliary buffer's blocks decode. Field values come from the MANIFEST's description of the
//! files (432/436-octet stubs, RPC_HEADER_EXT Flags 0x0005, Size 325/330, SizeActual 459/380,
//! pcbOut 0x8007, 48-octet rgbAuxIn, pcbAuxOut 0x88 for the first).

mod common;

use oxwire_mapi_rop::aux_block::{self, AuxBody};
use oxwire_mapi_rop::emsmdb::{self, Interface, Request};
use oxwire_mapi_rop::ext_buffer::{self, Chain, Flags};
use oxwire_mapi_rop::Limits;

#[test]
fn outlook_2007_ecdorpcext2_requests() {
    let Some(root) = common::shared_testdata() else {
        common::skip("../shared/testdata not found (OpenChange EcDoRpcExt2 stubs)");
        return;
    };
    let dir = root.join("captures/openchange");
    let cases = [
        ("001_Outlook_2007_in_ModifyRecipients_comp", 432, 325, 459),
        ("002_Outlook_2007_in_Tables_operations_comp", 436, 330, 380),
    ];
    let limits = Limits::default();
    for (name, stub_len, size, size_actual) in cases {
        let stub = std::fs::read(dir.join(format!("{name}.dat"))).unwrap();
        let expected = std::fs::read(dir.join(format!("{name}.rgbIn_decompressed.bin"))).unwrap();
        assert_eq!(stub.len(), stub_len);
        let call = emsmdb::decode_request(Interface::Emsmdb, 11, &stub, true, &limits).unwrap();
        assert!(
            call.trailing.is_empty(),
            "{name}: octets after the last parameter"
        );
        assert_eq!(
            emsmdb::encode_request(&call, true).unwrap(),
            stub,
            "{name}: re-encode"
        );
        let Request::RpcExt2(r) = &call.call else {
            panic!("{name}: not EcDoRpcExt2")
        };
        assert_eq!(r.cb_in as usize, r.rgb_in.data.len());
        assert_eq!(r.rgb_in.data.len(), 8 + size);
        let chain = Chain::decode(&r.rgb_in.data, &limits).unwrap();
        assert_eq!(chain.buffers.len(), 1);
        let h = chain.buffers[0].header;
        assert_eq!(
            (h.version, h.flags, h.size, h.size_actual),
            (0, Flags(5), size as u16, size_actual as u16)
        );
        let plain = ext_buffer::plain_payloads(&r.rgb_in.data, &limits).unwrap();
        assert_eq!(plain, vec![expected.clone()], "{name}: decompressed rgbIn");
        // Re-encoding the chain as read gives the same octets.
        let mut again = Vec::new();
        chain.encode(&mut again);
        assert_eq!(again, &r.rgb_in.data[..]);
        // Our own compression of the same ROP buffer decodes back to it.
        let mut ours = Vec::new();
        ext_buffer::encode_payload(
            &expected,
            Flags::COMPRESSED | Flags::XOR_MAGIC | Flags::LAST,
            &mut ours,
        )
        .unwrap();
        assert_eq!(
            ext_buffer::plain_payloads(&ours, &limits).unwrap(),
            vec![expected]
        );

        // The auxiliary buffer: an RPC_HEADER_EXT and AUX blocks.
        assert_eq!(r.aux.cb_aux_in as usize, r.aux.rgb_aux_in.data.len());
        if name.starts_with("001") {
            assert_eq!(r.cb_out, 0x8007);
            assert_eq!(r.aux.rgb_aux_in.data.len(), 48);
            assert_eq!(r.aux.cb_aux_out, 0x88);
        }
        let aux_plain = ext_buffer::plain_payloads(&r.aux.rgb_aux_in.data, &limits).unwrap();
        assert_eq!(aux_plain.len(), 1);
        let blocks = aux_block::decode_blocks(&aux_plain[0]).unwrap();
        assert!(!blocks.is_empty());
        for b in &blocks {
            assert!(
                b.type_name().is_some(),
                "{name}: unknown block {:?}",
                (b.version, b.type_)
            );
            assert!(!matches!(b.body, AuxBody::Unknown(_)));
        }
        let mut out = Vec::new();
        aux_block::encode_blocks(&blocks, &mut out).unwrap();
        assert_eq!(out, aux_plain[0]);
        eprintln!(
            "{name}: aux blocks {:?}",
            blocks.iter().map(|b| b.type_name()).collect::<Vec<_>>()
        );
    }
}
