//! Property tests: towers, string bindings and ept_map responses round-trip; port
//! rewriting changes only what it says it changes.

use proptest::prelude::*;

use oxwire_epm::calls::{EptMapResponse, Stub};
use oxwire_epm::{Floor, Interfaces, PortRewriter, StringBinding, Tower, Twr};
use oxwire_msrpc::ndr::NdrSyntax;
use oxwire_msrpc::{SyntaxId, Uuid};

fn floor() -> impl Strategy<Value = Floor<'static>> {
    (
        proptest::collection::vec(any::<u8>(), 0..24),
        proptest::collection::vec(any::<u8>(), 0..40),
    )
        .prop_map(|(l, r)| Floor::new(l, r))
}

fn syntax() -> impl Strategy<Value = SyntaxId> {
    (any::<[u8; 16]>(), any::<u16>(), any::<u16>())
        .prop_map(|(u, a, b)| SyntaxId::new(Uuid(u), a, b))
}

fn binding() -> impl Strategy<Value = StringBinding> {
    prop_oneof![
        (any::<[u8; 4]>(), any::<u16>()).prop_map(|(a, p)| StringBinding::new(
            "ncacn_ip_tcp",
            &std::net::Ipv4Addr::from(a).to_string(),
            &p.to_string()
        )),
        (any::<[u8; 4]>(), any::<u16>()).prop_map(|(a, p)| StringBinding::new(
            "ncacn_http",
            &std::net::Ipv4Addr::from(a).to_string(),
            &p.to_string()
        )),
        (any::<[u8; 4]>(), any::<u16>()).prop_map(|(a, p)| StringBinding::new(
            "ncadg_ip_udp",
            &std::net::Ipv4Addr::from(a).to_string(),
            &p.to_string()
        )),
        ("[A-Z]{1,15}", "[A-Za-z]{1,20}").prop_map(|(h, p)| StringBinding::new(
            "ncacn_np",
            &format!("\\\\{h}"),
            &format!("\\PIPE\\{p}")
        )),
        "[A-Za-z0-9-]{1,40}".prop_map(|e| StringBinding::new("ncalrpc", "", &e)),
    ]
}

proptest! {
    #[test]
    fn arbitrary_towers_round_trip(floors in proptest::collection::vec(floor(), 0..12),
                                   trailing in proptest::collection::vec(any::<u8>(), 0..4)) {
        let mut t = Tower::new(floors);
        t.trailing = trailing.into();
        let bytes = t.to_vec().unwrap();
        prop_assert_eq!(bytes.len(), t.encoded_len());
        let back = Tower::decode(&bytes).unwrap();
        prop_assert_eq!(&back, &t);
        prop_assert_eq!(back.to_vec().unwrap(), bytes);
    }

    #[test]
    fn bindings_round_trip_through_towers(b in binding(), i in syntax(), x in syntax()) {
        let t = Tower::from_binding(i, Some(x), &b).unwrap();
        let bytes = t.to_vec().unwrap();
        let back = Tower::decode(&bytes).unwrap();
        prop_assert_eq!(back.interface(), Some(i));
        prop_assert_eq!(back.transfer_syntax(), Some(x));
        let b2 = back.to_binding(None).unwrap();
        prop_assert_eq!(&b2, &b);
        prop_assert_eq!(StringBinding::parse(&b2.to_string()).unwrap(), b);
    }

    #[test]
    fn map_responses_round_trip_and_rewrite(ports in proptest::collection::vec(any::<u16>(), 0..20),
                                            ndr64 in any::<bool>(), le in any::<bool>(),
                                            new_port in any::<u16>()) {
        let syn = if ndr64 { NdrSyntax::Ndr64 } else { NdrSyntax::Ndr20 };
        let nspi = SyntaxId::new(oxwire_msrpc::interfaces::NSPI, 56, 0);
        let towers: Vec<Twr<'static>> = ports.iter().map(|p| {
            let b = StringBinding::new("ncacn_ip_tcp", "10.0.0.5", &p.to_string());
            Twr::from_tower(&Tower::from_binding(nspi, None, &b).unwrap()).unwrap()
        }).collect();
        let stub = EptMapResponse::new(towers, 0).encode(syn, le).unwrap();
        let back = EptMapResponse::decode(&stub, syn, le).unwrap();
        prop_assert_eq!(back.encode(syn, le).unwrap(), stub.clone());

        let rw = PortRewriter::new(Interfaces::All, new_port);
        let out = rw.rewrite_map_response(&stub, syn, le).unwrap();
        prop_assert_eq!(out.mappings.len(), ports.len());
        let new = out.bytes.clone().unwrap_or(stub.clone());
        // Same length; only port octets differ.
        prop_assert_eq!(new.len(), stub.len());
        let diff = new.iter().zip(&stub).filter(|(a, b)| a != b).count();
        prop_assert!(diff <= 2 * ports.len());
        let r = EptMapResponse::decode(&new, syn, le).unwrap();
        for (m, (p, t)) in out.mappings.iter().zip(ports.iter().zip(&r.towers)) {
            prop_assert_eq!(m.original, *p);
            prop_assert_eq!(t.value.as_ref().unwrap().tower().unwrap().tcp_port(), Some(new_port));
        }
        // Learning only never changes bytes.
        let learn = PortRewriter::learn_only(Interfaces::All).rewrite_map_response(&stub, syn, le).unwrap();
        prop_assert!(learn.bytes.is_none());
        prop_assert_eq!(learn.mappings.iter().map(|m| m.original).collect::<Vec<_>>(), ports);
    }
}
