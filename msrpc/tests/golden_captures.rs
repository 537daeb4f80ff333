//! Golden PDUs: real traffic, with expected values read by tshark 4.0 (Debian) from the same
//! frames. Frames 1-48 come from suricata-verify `tests/bug-5133/input.pcap` (MIT licence;
//! SVCCTL over ncacn_ip_tcp with NTLM, EPM bind with NDR64 and bind-time feature negotiation);
//! frames 415-417 from Zeek `testing/btest/Traces/dce-rpc/mapi.pcap` (BSD-3-Clause; the NSPI
//! bind with NTLMSSP of an Outlook 2003-era client). The bytes are each frame's TCP payload.

use oxwire_msrpc::{Pdu, PduBody};

struct Golden {
    frame: u32,
    ptype: u8,
    flags: u8,
    call_id: u32,
    frag_len: u16,
    auth_len: u16,
    max_xmit: Option<u16>,
    max_recv: Option<u16>,
    assoc_group: Option<u32>,
    ctx_ids: &'static [u16],
    abstract_uuids: &'static [&'static str],
    if_versions: &'static [u16],
    transfer_uuids: &'static [&'static str],
    sec_addr: Option<&'static str>,
    ack_results: &'static [u16],
    auth: Option<(u8, u8, u8, u32)>,
    hex: &'static str,
}

const GOLDEN: &[Golden] = &[
    Golden {
        frame: 1,
        ptype: 11,
        flags: 0x03,
        call_id: 2,
        frag_len: 160,
        auth_len: 0,
        max_xmit: Some(5840),
        max_recv: Some(5840),
        assoc_group: Some(0x00000000),
        ctx_ids: &[0, 1, 2],
        abstract_uuids: &["e1af8308-5d1f-11c9-91a4-08002b14a0fa", "e1af8308-5d1f-11c9-91a4-08002b14a0fa", "e1af8308-5d1f-11c9-91a4-08002b14a0fa"],
        if_versions: &[3, 3, 3],
        transfer_uuids: &["8a885d04-1ceb-11c9-9fe8-08002b104860", "71710533-beba-4937-8319-b5dbef9ccc36", "6cb71c2c-9812-4540-0300-000000000000"],
        sec_addr: None,
        ack_results: &[],
        auth: None,
        hex: "05000b0310000000a000000002000000d016d0160000000003000000000001000883afe11f5dc91191a408002b14a0fa03000000045d888aeb1cc9119fe808002b10486002000000010001000883afe11f5dc91191a408002b14a0fa0300000033057171babe37498319b5dbef9ccc3601000000020001000883afe11f5dc91191a408002b14a0fa030000002c1cb76c12984045030000000000000001000000",
    },
    Golden {
        frame: 2,
        ptype: 12,
        flags: 0x03,
        call_id: 2,
        frag_len: 108,
        auth_len: 0,
        max_xmit: Some(5840),
        max_recv: Some(5840),
        assoc_group: Some(0x0000489f),
        ctx_ids: &[],
        abstract_uuids: &[],
        if_versions: &[],
        transfer_uuids: &[],
        sec_addr: Some("135"),
        ack_results: &[2, 0, 3],
        auth: None,
        hex: "05000c03100000006c00000002000000d016d0169f4800000400313335000000030000000200020000000000000000000000000000000000000000000000000033057171babe37498319b5dbef9ccc3601000000030003000000000000000000000000000000000000000000",
    },
    Golden {
        frame: 5,
        ptype: 11,
        flags: 0x07,
        call_id: 2,
        frag_len: 164,
        auth_len: 40,
        max_xmit: Some(5840),
        max_recv: Some(5840),
        assoc_group: Some(0x00000000),
        ctx_ids: &[0, 1],
        abstract_uuids: &["367abb81-9844-35f1-ad32-98f038001003", "367abb81-9844-35f1-ad32-98f038001003"],
        if_versions: &[2, 2],
        transfer_uuids: &["8a885d04-1ceb-11c9-9fe8-08002b104860", "6cb71c2c-9812-4540-0300-000000000000"],
        sec_addr: None,
        ack_results: &[],
        auth: Some((10, 6, 0, 0)),
        hex: "05000b0710000000a400280002000000d016d01600000000020000000000010081bb7a364498f135ad3298f03800100302000000045d888aeb1cc9119fe808002b104860020000000100010081bb7a364498f135ad3298f038001003020000002c1cb76c129840450300000000000000010000000a060000000000004e544c4d5353500001000000b78208e2000000000000000000000000000000000a005a290000000f",
    },
    Golden {
        frame: 6,
        ptype: 12,
        flags: 0x07,
        call_id: 2,
        frag_len: 344,
        auth_len: 252,
        max_xmit: Some(5840),
        max_recv: Some(5840),
        assoc_group: Some(0x00003191),
        ctx_ids: &[],
        abstract_uuids: &[],
        if_versions: &[],
        transfer_uuids: &[],
        sec_addr: Some("49683"),
        ack_results: &[0, 3],
        auth: Some((10, 6, 0, 0)),
        hex: "05000c07100000005801fc0002000000d016d0169131000006003439363833000200000000000000045d888aeb1cc9119fe808002b104860020000000300030000000000000000000000000000000000000000000a060000000000004e544c4d53535000020000000400040038000000358289e2944d7f1bd86c0add0000000000000000c000c0003c0000000a0039380000000f33004200020004003300420001001e003000310035003600360053002d00570049004e00310036002d004900520004001e0074006800720065006500620065006500730063006f002e0063006f006d0003003e003000310035003600360073002d00770069006e00310036002d00690072002e0074006800720065006500620065006500730063006f002e0063006f006d0005001e0074006800720065006500620065006500730063006f002e0063006f006d0007000800ad9f291cfa5dd60100000000",
    },
    Golden {
        frame: 7,
        ptype: 16,
        flags: 0x07,
        call_id: 2,
        frag_len: 562,
        auth_len: 534,
        max_xmit: None,
        max_recv: None,
        assoc_group: None,
        ctx_ids: &[],
        abstract_uuids: &[],
        if_versions: &[],
        transfer_uuids: &[],
        sec_addr: None,
        ack_results: &[],
        auth: Some((10, 6, 0, 0)),
        hex: "05001007100000003202160202000000d016d0160a060000000000004e544c4d535350000300000018001800840000006a016a019c0000000400040058000000100010005c000000180018006c0000001000100006020000358288e20a005a290000000ff210c7c7d974b6192008bd74ef680a3a330042004200610063006b0064006f006f0072003000320036003900340057002d00570049004e0031003000000000000000000000000000000000000000000000000000eabacea9e12c184981777ec734233d120101000000000000ad9f291cfa5dd6019d30b4ea511b594e00000000020004003300420001001e003000310035003600360053002d00570049004e00310036002d004900520004001e0074006800720065006500620065006500730063006f002e0063006f006d0003003e003000310035003600360073002d00770069006e00310036002d00690072002e0074006800720065006500620065006500730063006f002e0063006f006d0005001e0074006800720065006500620065006500730063006f002e0063006f006d0007000800ad9f291cfa5dd601060004000200000008003000300000000000000001000000002000001f165d7df7c7b9b154cc58d0b5ff7ba20332ea2b3016673a103d87e88f2188f70a001000000000000000000000000000000000000900220048004f00530054002f003100370032002e00310036002e00360036002e0033003600000000000000000000000000744ed66789c52c9ab9eace6e5abdca1b",
    },
    Golden {
        frame: 46,
        ptype: 14,
        flags: 0x03,
        call_id: 8,
        frag_len: 120,
        auth_len: 40,
        max_xmit: Some(5840),
        max_recv: Some(5840),
        assoc_group: Some(0x00003191),
        ctx_ids: &[0],
        abstract_uuids: &["367abb81-9844-35f1-ad32-98f038001003"],
        if_versions: &[2],
        transfer_uuids: &["8a885d04-1ceb-11c9-9fe8-08002b104860"],
        sec_addr: None,
        ack_results: &[],
        auth: Some((10, 6, 0, 1)),
        hex: "05000e03100000007800280008000000d016d01691310000010000000000010081bb7a364498f135ad3298f03800100302000000045d888aeb1cc9119fe808002b104860020000000a060000010000004e544c4d5353500001000000b78208e2000000000000000000000000000000000a005a290000000f",
    },
    Golden {
        frame: 47,
        ptype: 15,
        flags: 0x03,
        call_id: 8,
        frag_len: 316,
        auth_len: 252,
        max_xmit: Some(5840),
        max_recv: Some(5840),
        assoc_group: Some(0x00003191),
        ctx_ids: &[],
        abstract_uuids: &[],
        if_versions: &[],
        transfer_uuids: &[],
        sec_addr: None,
        ack_results: &[0],
        auth: Some((10, 6, 0, 1)),
        hex: "05000f03100000003c01fc0008000000d016d01691310000000000000100000000000000045d888aeb1cc9119fe808002b104860020000000a060000010000004e544c4d53535000020000000400040038000000358289e226432f363d6547af0000000000000000c000c0003c0000000a0039380000000f33004200020004003300420001001e003000310035003600360053002d00570049004e00310036002d004900520004001e0074006800720065006500620065006500730063006f002e0063006f006d0003003e003000310035003600360073002d00770069006e00310036002d00690072002e0074006800720065006500620065006500730063006f002e0063006f006d0005001e0074006800720065006500620065006500730063006f002e0063006f006d000700080098288221fa5dd60100000000",
    },
    Golden {
        frame: 48,
        ptype: 16,
        flags: 0x03,
        call_id: 8,
        frag_len: 562,
        auth_len: 534,
        max_xmit: None,
        max_recv: None,
        assoc_group: None,
        ctx_ids: &[],
        abstract_uuids: &[],
        if_versions: &[],
        transfer_uuids: &[],
        sec_addr: None,
        ack_results: &[],
        auth: Some((10, 6, 0, 1)),
        hex: "05001003100000003202160208000000d016d0160a060000010000004e544c4d535350000300000018001800840000006a016a019c0000000400040058000000100010005c000000180018006c0000001000100006020000358288e20a005a290000000fb3353c7a822aae86c1ee6292a660beb3330042004200610063006b0064006f006f0072003000320036003900340057002d00570049004e00310030000000000000000000000000000000000000000000000000009f4eb42de51880c51062a53de52173d8010100000000000098288221fa5dd601a000f1237859215300000000020004003300420001001e003000310035003600360053002d00570049004e00310036002d004900520004001e0074006800720065006500620065006500730063006f002e0063006f006d0003003e003000310035003600360073002d00770069006e00310036002d00690072002e0074006800720065006500620065006500730063006f002e0063006f006d0005001e0074006800720065006500620065006500730063006f002e0063006f006d000700080098288221fa5dd601060004000200000008003000300000000000000001000000002000001f165d7df7c7b9b154cc58d0b5ff7ba20332ea2b3016673a103d87e88f2188f70a001000000000000000000000000000000000000900220048004f00530054002f003100370032002e00310036002e00360036002e00330036000000000000000000000000000ca4260f729a28805b80ae44dbbb64b5",
    },
    Golden {
        frame: 415,
        ptype: 11,
        flags: 0x03,
        call_id: 2,
        frag_len: 129,
        auth_len: 49,
        max_xmit: Some(5840),
        max_recv: Some(5840),
        assoc_group: Some(0x02a46c81),
        ctx_ids: &[0],
        abstract_uuids: &["f5cc5a18-4264-101a-8c59-08002b2f8426"],
        if_versions: &[56],
        transfer_uuids: &["8a885d04-1ceb-11c9-9fe8-08002b104860"],
        sec_addr: None,
        ack_results: &[],
        auth: Some((10, 2, 0, 689664)),
        hex: "05000b03100000008100310002000000d016d016816ca4020100000000000100185accf564421a108c5908002b2f842638000000045d888aeb1cc9119fe808002b104860020000000a02000000860a004e544c4d535350000100000007b208a0060006002b0000000b000b0020000000414c454f4e4152442d5850434e414d4953",
    },
    Golden {
        frame: 416,
        ptype: 12,
        flags: 0x03,
        call_id: 2,
        frag_len: 164,
        auth_len: 96,
        max_xmit: Some(5840),
        max_recv: Some(5840),
        assoc_group: Some(0x02a46c81),
        ctx_ids: &[],
        abstract_uuids: &[],
        if_versions: &[],
        transfer_uuids: &[],
        sec_addr: Some("4997"),
        ack_results: &[0],
        auth: Some((10, 2, 0, 689664)),
        hex: "05000c0310000000a400600002000000d016d016816ca402050034393937000f0100000000000000045d888aeb1cc9119fe808002b104860020000000a02000000860a004e544c4d53535000020000000c000c003000000005828920b06a306d9fc9db090000000000000000240024003c00000043004e0041004d004900530002000c0043004e0041004d004900530001000c00530041005400550052004e0000000000",
    },
    Golden {
        frame: 417,
        ptype: 16,
        flags: 0x03,
        call_id: 2,
        frag_len: 190,
        auth_len: 162,
        max_xmit: None,
        max_recv: None,
        assoc_group: None,
        ctx_ids: &[],
        abstract_uuids: &[],
        if_versions: &[],
        transfer_uuids: &[],
        sec_addr: None,
        ack_results: &[],
        auth: Some((10, 2, 0, 689664)),
        hex: "0500100310000000be00a20002000000d016d0160a02000000860a004e544c4d53535000030000001800180072000000180018008a0000000c000c0040000000100010004c000000160016005c00000000000000a20000000582882043004e0041004d004900530041004c0065006f006e0061007200640041004c0045004f004e004100520044002d0058005000d9e60e287e49e9cc000000000000000000000000000000002d19e10529d89b98bae0eeb60768a7fdf2798ee01a3284a4",
    },
];

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn golden_pdus_decode_to_tshark_values_and_reencode_exactly() {
    for g in GOLDEN {
        let bytes = unhex(g.hex);
        let (pdu, used) = Pdu::decode(&bytes).unwrap_or_else(|e| panic!("frame {}: {e}", g.frame));
        assert_eq!(used, bytes.len(), "frame {}", g.frame);
        let h = &pdu.header;
        assert_eq!(h.ptype.0, g.ptype, "frame {}", g.frame);
        assert_eq!(h.pfc_flags.0, g.flags, "frame {}", g.frame);
        assert_eq!(h.call_id, g.call_id, "frame {}", g.frame);
        assert_eq!(h.frag_length, g.frag_len, "frame {}", g.frame);
        assert_eq!(h.auth_length, g.auth_len, "frame {}", g.frame);
        match &pdu.body {
            PduBody::Bind(b) | PduBody::AlterContext(b) => {
                assert_eq!(Some(b.max_xmit_frag), g.max_xmit);
                assert_eq!(Some(b.max_recv_frag), g.max_recv);
                assert_eq!(Some(b.assoc_group_id), g.assoc_group);
                let ids: Vec<u16> = b.contexts.iter().map(|c| c.ctx_id).collect();
                assert_eq!(ids, g.ctx_ids, "frame {}", g.frame);
                let abs: Vec<String> = b
                    .contexts
                    .iter()
                    .map(|c| c.abstract_syntax.uuid.to_string())
                    .collect();
                assert_eq!(abs, g.abstract_uuids, "frame {}", g.frame);
                let vers: Vec<u16> = b
                    .contexts
                    .iter()
                    .map(|c| c.abstract_syntax.major())
                    .collect();
                assert_eq!(vers, g.if_versions, "frame {}", g.frame);
                let ts: Vec<String> = b
                    .contexts
                    .iter()
                    .flat_map(|c| c.transfer_syntaxes.iter().map(|t| t.uuid.to_string()))
                    .collect();
                assert_eq!(ts, g.transfer_uuids, "frame {}", g.frame);
            }
            PduBody::BindAck(a) | PduBody::AlterContextResp(a) => {
                assert_eq!(Some(a.max_xmit_frag), g.max_xmit);
                assert_eq!(Some(a.max_recv_frag), g.max_recv);
                assert_eq!(Some(a.assoc_group_id), g.assoc_group);
                if let Some(s) = g.sec_addr {
                    assert_eq!(a.sec_addr_str(), s, "frame {}", g.frame);
                }
                let rs: Vec<u16> = a.results.iter().map(|r| r.result).collect();
                assert_eq!(rs, g.ack_results, "frame {}", g.frame);
            }
            PduBody::Auth3(_) => {}
            other => panic!("frame {}: unexpected body {other:?}", g.frame),
        }
        match (g.auth, &pdu.auth) {
            (None, None) => {}
            (Some((t, l, p, c)), Some(a)) => {
                assert_eq!(
                    (
                        a.trailer.auth_type,
                        a.trailer.auth_level,
                        a.trailer.auth_pad_length,
                        a.trailer.auth_context_id
                    ),
                    (t, l, p, c),
                    "frame {}",
                    g.frame
                );
                assert_eq!(a.value.len(), g.auth_len as usize);
            }
            (e, got) => panic!("frame {}: auth expected {e:?}, got {got:?}", g.frame),
        }
        assert_eq!(pdu.to_vec().unwrap(), bytes, "frame {} re-encodes", g.frame);
        // Every strict prefix is an error, never a panic.
        for cut in 0..bytes.len() {
            assert!(
                Pdu::decode(&bytes[..cut]).is_err(),
                "frame {} cut {cut}",
                g.frame
            );
        }
    }
}
