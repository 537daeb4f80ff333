//! Traffic of an independent NTLM peer, unsealed from the password alone.
//!
//! Devolutions' `sspi` crate plays both ends: its client and its server exchange NEGOTIATE,
//! CHALLENGE and AUTHENTICATE, which travel here in bind, bind_ack and auth3 PDUs, then seal
//! (`encrypt_message`, with the PDU header and sec_trailer as read-only checksummed buffers,
//! the layout DCE/RPC gives SSPI) or sign (`make_signature`) request and response stubs. The
//! expected plaintexts are what the `sspi` side put in; the sealed bytes, signatures and keys
//! are all `sspi`'s. [`RpcSecurity`] gets only the user's password and must give every stub
//! back and verify every signature, both ways, call after call. Each PDU is also opened by
//! the `sspi` peer it was meant for, so the PDUs are known to be what that peer accepts.
//!
//! `sspi` always negotiates NTLMv2 with extended session security (it implements neither
//! NTLMv1 nor LM session security), so there is no run without it.

use oxwire_emapi_sspi::ntlm::NtlmCredential;
use oxwire_emapi_sspi::{Direction, Error, Keyring, Processed, RpcSecurity};
use oxwire_msrpc::auth::{auth_level, auth_type, SEC_TRAILER_LEN};
use oxwire_msrpc::pdu::{Auth3, Bind, BindAck, ContextItem, ContextResult, Request, Response};
use oxwire_msrpc::uuid::NDR20;
use oxwire_msrpc::{interfaces, Auth, Pdu, PduBody, SecTrailer, SyntaxId};
use sspi::builders::EmptyInitializeSecurityContext;
use sspi::negotiate::NegotiateConfig;
use sspi::ntlm::NtlmConfig;
use sspi::{
    AuthIdentity, BufferType, ClientRequestFlags, CredentialUse, Credentials, DataRepresentation,
    EncryptionFlags, Negotiate, Ntlm, Secret, SecurityBuffer, SecurityBufferFlags,
    SecurityBufferRef, SecurityStatus, ServerRequestFlags, Sspi, Username,
};

const DOMAIN: &str = "EXAMPLE";
const USER: &str = "alice";
const PASSWORD: &str = "Tr0ub4dor&3";

/// `PFC_FIRST_FRAG | PFC_LAST_FRAG`.
const FIRST_LAST: u8 = 0x03;
/// `PFC_SUPPORT_HEADER_SIGN` (MS-RPCE 2.2.2.3), offered in bind and accepted in bind_ack.
const HEADER_SIGN: u8 = 0x04;
/// The auth_context_id every PDU of the connection carries.
const CONTEXT_ID: u32 = 79231;

fn identity() -> AuthIdentity {
    AuthIdentity {
        username: Username::new(USER, Some(DOMAIN)).unwrap(),
        password: Secret::from(PASSWORD.to_owned()),
    }
}

fn keyring() -> Keyring {
    let mut keys = Keyring::new();
    keys.add_ntlm(NtlmCredential::from_password(Some(DOMAIN), USER, PASSWORD));
    keys
}

/// One PDU as it travelled.
type Sent = (Direction, Vec<u8>);

/// Both `sspi` ends, authenticated, and the tokens they exchanged in order.
struct Peers<S> {
    client: S,
    server: S,
    tokens: Vec<(Direction, Vec<u8>)>,
}

fn initialize<S: Sspi>(
    client: &mut S,
    handle: &mut S::CredentialsHandle,
    flags: ClientRequestFlags,
    input: Option<&[u8]>,
) -> (SecurityStatus, Vec<u8>) {
    let mut output = vec![SecurityBuffer::new(Vec::new(), BufferType::Token)];
    let mut input = input.map(|t| vec![SecurityBuffer::new(t.to_vec(), BufferType::Token)]);
    let builder: EmptyInitializeSecurityContext<'_, '_, _> = client.initialize_security_context();
    let builder = builder
        .with_credentials_handle(handle)
        .with_context_requirements(flags)
        .with_target_data_representation(DataRepresentation::Native)
        .with_target_name("exchangeMDB/mail.example.test")
        .with_output(&mut output);
    let mut builder = match input.as_mut() {
        Some(i) => builder.with_input(i),
        None => builder,
    };
    let r = client
        .initialize_security_context_impl(&mut builder)
        .unwrap()
        .resolve_to_result()
        .unwrap();
    (r.status, output.remove(0).buffer)
}

fn accept<S: Sspi>(
    server: &mut S,
    handle: &mut S::CredentialsHandle,
    input: &[u8],
) -> (SecurityStatus, Vec<u8>) {
    let mut output = vec![SecurityBuffer::new(Vec::new(), BufferType::Token)];
    let mut input = vec![SecurityBuffer::new(input.to_vec(), BufferType::Token)];
    let builder = server
        .accept_security_context()
        .with_credentials_handle(handle)
        .with_context_requirements(ServerRequestFlags::empty())
        .with_target_data_representation(DataRepresentation::Native)
        .with_input(&mut input)
        .with_output(&mut output);
    let r = server
        .accept_security_context_impl(builder)
        .unwrap()
        .resolve_to_result()
        .unwrap();
    if r.status == SecurityStatus::CompleteNeeded {
        server.complete_auth_token(&mut []).unwrap();
    }
    (r.status, output.remove(0).buffer)
}

fn handle<S: Sspi>(
    sspi: &mut S,
    usage: CredentialUse,
    data: &S::AuthenticationData,
) -> S::CredentialsHandle {
    let builder = sspi
        .acquire_credentials_handle()
        .with_credential_use(usage)
        .with_auth_data(data);
    sspi.acquire_credentials_handle_impl(builder)
        .unwrap()
        .credentials_handle
}

/// Runs the legs between a fresh `sspi` client and server until both are done.
fn authenticate<S: Sspi>(
    mut client: S,
    mut server: S,
    data: &S::AuthenticationData,
    flags: ClientRequestFlags,
) -> Peers<S> {
    let mut ch = handle(&mut client, CredentialUse::Outbound, data);
    // The server checks the response against the same account.
    let mut sh = handle(&mut server, CredentialUse::Inbound, data);
    let mut tokens = Vec::new();
    let mut input: Option<Vec<u8>> = None;
    for _ in 0..4 {
        let (cs, out) = initialize(&mut client, &mut ch, flags, input.as_deref());
        if out.is_empty() {
            break;
        }
        tokens.push((Direction::ToServer, out.clone()));
        let (_, back) = accept(&mut server, &mut sh, &out);
        if !back.is_empty() {
            tokens.push((Direction::ToClient, back.clone()));
        }
        if cs != SecurityStatus::ContinueNeeded {
            if !back.is_empty() {
                // The client reads the server's last token (SPNEGO's accept-completed).
                let (_, out) = initialize(&mut client, &mut ch, flags, Some(&back));
                assert!(out.is_empty());
            }
            break;
        }
        input = Some(back);
    }
    Peers {
        client,
        server,
        tokens,
    }
}

fn ntlm_peers(flags: ClientRequestFlags) -> Peers<Ntlm> {
    authenticate(Ntlm::new(), Ntlm::new(), &identity(), flags)
}

fn spnego_peers(flags: ClientRequestFlags) -> Peers<Negotiate> {
    // "ntlm" alone in the package list: SPNEGO offers and selects NTLM only.
    let config = || {
        NegotiateConfig::new(
            Box::new(NtlmConfig::default()),
            Some("ntlm".to_owned()),
            "WS01".to_owned(),
        )
    };
    authenticate(
        Negotiate::new_client(config()).unwrap(),
        Negotiate::new_server(config(), vec![identity()]).unwrap(),
        &Credentials::AuthIdentity(identity()),
        flags,
    )
}

/// The sec_trailer every PDU of the connection carries at `level`.
fn trailer(auth_type: u8, level: u8) -> SecTrailer {
    SecTrailer {
        auth_type,
        auth_level: level,
        auth_pad_length: 0,
        auth_reserved: 0,
        auth_context_id: CONTEXT_ID,
    }
}

/// The legs in PDUs: bind, bind_ack, then auth3 for a third and last token (NTLM) or
/// alter_context and alter_context_resp (SPNEGO, whose acceptor has a last word).
fn legs(tokens: &[(Direction, Vec<u8>)], at: u8, level: u8) -> Vec<(Direction, Vec<u8>)> {
    let emsmdb = SyntaxId::new(interfaces::EMSMDB, 0, 81);
    let ack = || {
        BindAck::new(
            5840,
            5840,
            0x1234,
            b"6001\0",
            vec![ContextResult {
                result: 0,
                reason: 0,
                transfer_syntax: NDR20,
            }],
        )
    };
    let bind = || {
        Bind::new(
            5840,
            5840,
            0,
            vec![ContextItem::new(0, emsmdb, vec![NDR20])],
        )
    };
    tokens
        .iter()
        .enumerate()
        .map(|(i, (dir, value))| {
            let (body, flags) = match (i, tokens.len()) {
                (0, _) => (PduBody::Bind(bind()), FIRST_LAST | HEADER_SIGN),
                (1, _) => (PduBody::BindAck(ack()), FIRST_LAST | HEADER_SIGN),
                (2, 3) => (
                    PduBody::Auth3(Auth3 {
                        pad: [0; 4],
                        trailing: &[],
                    }),
                    FIRST_LAST,
                ),
                (2, _) => (PduBody::AlterContext(bind()), FIRST_LAST),
                _ => (PduBody::AlterContextResp(ack()), FIRST_LAST),
            };
            let mut pdu = Pdu::new(body, flags, 1);
            pdu.auth = Some(Auth {
                trailer: trailer(at, level),
                pad: &[],
                value,
            });
            (*dir, pdu.to_vec().unwrap())
        })
        .collect()
}

/// A request (to the server) or response (to the client) carrying `stub` in the clear, padded
/// to 16 bytes as Windows does, with a zeroed 16-byte auth_value for the signature.
fn plain_pdu(dir: Direction, call_id: u32, stub: &[u8], at: u8, level: u8) -> Vec<u8> {
    const PAD: [u8; 16] = [0; 16];
    let body = match dir {
        Direction::ToServer => PduBody::Request(Request {
            alloc_hint: stub.len() as u32,
            ctx_id: 0,
            opnum: 10,
            object: None,
            stub,
        }),
        Direction::ToClient => PduBody::Response(Response {
            alloc_hint: stub.len() as u32,
            ctx_id: 0,
            cancel_count: 0,
            reserved: 0,
            stub,
        }),
    };
    let mut pdu = Pdu::new(body, FIRST_LAST, call_id);
    pdu.auth = Some(Auth {
        trailer: trailer(at, level),
        pad: &PAD[..(16 - stub.len() % 16) % 16],
        value: &[0; 16],
    });
    pdu.to_vec().unwrap()
}

/// Where the parts of a request or response PDU of this test lie: header end, body end
/// (stub and pad), sec_trailer end.
fn parts(raw: &[u8], value_len: usize) -> (usize, usize, usize) {
    let header_end = 24; // common header and the request/response fields, no object UUID
    let trailer_end = raw.len() - value_len;
    (header_end, trailer_end - SEC_TRAILER_LEN, trailer_end)
}

/// Seals a PDU's stub and pad in place with `encrypt_message`: header and sec_trailer are
/// read-only checksummed buffers, the body is encrypted, the signature goes in the auth_value.
fn seal<S: Sspi>(sender: &mut S, raw: &mut [u8]) {
    let (h, b, t) = parts(raw, 16);
    let (header, rest) = raw.split_at_mut(h);
    let (body, rest) = rest.split_at_mut(b - h);
    let (sec_trailer, token) = rest.split_at_mut(t - b);
    let mut message = [
        SecurityBufferRef::data_buf(header)
            .with_flags(SecurityBufferFlags::SECBUFFER_READONLY_WITH_CHECKSUM),
        SecurityBufferRef::data_buf(body),
        SecurityBufferRef::data_buf(sec_trailer)
            .with_flags(SecurityBufferFlags::SECBUFFER_READONLY_WITH_CHECKSUM),
        SecurityBufferRef::token_buf(token),
    ];
    sender
        .encrypt_message(EncryptionFlags::empty(), &mut message)
        .unwrap();
}

/// The receiving `sspi` peer opens a copy of a sealed PDU; returns the stub and pad it sees.
fn peer_unseal<S: Sspi>(receiver: &mut S, raw: &[u8]) -> Vec<u8> {
    let mut raw = raw.to_vec();
    let (h, b, t) = parts(&raw, 16);
    let (header, rest) = raw.split_at_mut(h);
    let (body, rest) = rest.split_at_mut(b - h);
    let (sec_trailer, token) = rest.split_at_mut(t - b);
    let mut message = [
        SecurityBufferRef::data_buf(header)
            .with_flags(SecurityBufferFlags::SECBUFFER_READONLY_WITH_CHECKSUM),
        SecurityBufferRef::data_buf(body),
        SecurityBufferRef::data_buf(sec_trailer)
            .with_flags(SecurityBufferFlags::SECBUFFER_READONLY_WITH_CHECKSUM),
        SecurityBufferRef::token_buf(token),
    ];
    receiver.decrypt_message(&mut message).unwrap();
    message[1].data().to_vec()
}

/// Signs a PDU with `make_signature` over header, stub, pad and sec_trailer (extended session
/// security signs the whole PDU) with the sender's next sequence number.
fn sign<S: Sspi>(sender: &mut S, seq: u32, raw: &mut [u8]) {
    let (_, _, t) = parts(raw, 16);
    let (covered, token) = raw.split_at_mut(t);
    let mut message = [
        SecurityBufferRef::data_buf(covered),
        SecurityBufferRef::token_buf(token),
    ];
    sender.make_signature(0, &mut message, seq).unwrap();
}

/// The receiving `sspi` peer checks a signed PDU.
fn peer_verify<S: Sspi>(receiver: &mut S, seq: u32, raw: &[u8]) {
    let mut raw = raw.to_vec();
    let (_, _, t) = parts(&raw, 16);
    let (covered, token) = raw.split_at_mut(t);
    let mut message = [
        SecurityBufferRef::data_buf(covered),
        SecurityBufferRef::token_buf(token),
    ];
    receiver.verify_signature(&mut message, seq).unwrap();
}

/// Stubs of several calls, of lengths that need no pad, some pad and a lot of pad.
fn stubs() -> Vec<(Direction, Vec<u8>)> {
    let mut out = Vec::new();
    for call in 0..4u8 {
        let len = [32usize, 45, 1, 300][call as usize];
        let req: Vec<u8> = (0..len).map(|i| (i as u8) ^ call).collect();
        let resp: Vec<u8> = (0..len * 2 + 3)
            .map(|i| (i as u8).wrapping_mul(7) ^ call)
            .collect();
        out.push((Direction::ToServer, req));
        out.push((Direction::ToClient, resp));
    }
    out
}

/// One connection: legs, then sealed or signed calls. Returns every PDU as sent and the
/// plaintext stub each request/response carried. `seq` is the first sequence number of each
/// direction after the legs (SPNEGO's mechListMICs use one each).
fn conversation<S: Sspi>(
    mut p: Peers<S>,
    at: u8,
    level: u8,
    mut seq: [u32; 2],
) -> (Vec<Sent>, Vec<Vec<u8>>) {
    let mut pdus = legs(&p.tokens, at, level);
    let mut plain = Vec::new();
    for (i, (dir, stub)) in stubs().into_iter().enumerate() {
        let call_id = 2 + i as u32 / 2;
        let mut raw = plain_pdu(dir, call_id, &stub, at, level);
        let (sender, receiver, n) = match dir {
            Direction::ToServer => (&mut p.client, &mut p.server, 0),
            Direction::ToClient => (&mut p.server, &mut p.client, 1),
        };
        if level == auth_level::PKT_PRIVACY {
            seal(sender, &mut raw);
            let (h, _, _) = parts(&raw, 16);
            assert_ne!(
                &raw[h..h + stub.len()],
                &stub[..],
                "sspi left the stub clear"
            );
            assert_eq!(&peer_unseal(receiver, &raw)[..stub.len()], &stub[..]);
        } else {
            sign(sender, seq[n], &mut raw);
            peer_verify(receiver, seq[n], &raw);
        }
        seq[n] += 1;
        pdus.push((dir, raw));
        plain.push(stub);
    }
    (pdus, plain)
}

/// Feeds a conversation to a fresh [`RpcSecurity`] that knows only the password; checks every
/// stub comes back as sent and verified.
fn follow(pdus: &[(Direction, Vec<u8>)], plain: &[Vec<u8>], at: u8, level: u8) {
    let keys = keyring();
    let mut sec = RpcSecurity::default();
    let mut stubs = plain.iter();
    for (i, (dir, raw)) in pdus.iter().enumerate() {
        match sec.process(*dir, raw, &keys) {
            Ok(Processed::Stub {
                stub,
                level: l,
                verified,
                ..
            }) => {
                let want = stubs.next().expect("more stubs than calls");
                assert_eq!(&stub[..], &want[..], "PDU {i} ({dir:?})");
                assert_eq!(l, level);
                assert!(verified, "PDU {i} not verified");
            }
            Ok(Processed::Other) => assert!(i < 4, "PDU {i} gave no stub"),
            Err(e) => panic!("PDU {i} ({dir:?}): {e}"),
        }
    }
    assert!(stubs.next().is_none(), "some calls were not seen");
    assert_eq!(sec.contexts(), vec![(CONTEXT_ID, at, level, true)]);
}

/// What DCE/RPC asks of SSPI (Windows' RPC runtime passes these for packet privacy).
fn dce_flags() -> ClientRequestFlags {
    ClientRequestFlags::USE_DCE_STYLE
        | ClientRequestFlags::MUTUAL_AUTH
        | ClientRequestFlags::REPLAY_DETECT
        | ClientRequestFlags::SEQUENCE_DETECT
        | ClientRequestFlags::CONFIDENTIALITY
        | ClientRequestFlags::INTEGRITY
        | ClientRequestFlags::CONNECTION
}

#[test]
fn ntlm_privacy_unsealed_from_the_password() {
    let (pdus, plain) = conversation(
        ntlm_peers(dce_flags()),
        auth_type::WINNT,
        auth_level::PKT_PRIVACY,
        [0, 0],
    );
    follow(&pdus, &plain, auth_type::WINNT, auth_level::PKT_PRIVACY);
}

#[test]
fn ntlm_integrity_verified_from_the_password() {
    let (pdus, plain) = conversation(
        ntlm_peers(dce_flags()),
        auth_type::WINNT,
        auth_level::PKT_INTEGRITY,
        [0, 0],
    );
    follow(&pdus, &plain, auth_type::WINNT, auth_level::PKT_INTEGRITY);
}

/// Integrity alone asked of `sspi`: it then negotiates signing without sealing and without
/// key exchange, so the checksum is not RC4-encrypted.
#[test]
fn ntlm_integrity_without_seal_or_key_exchange() {
    let (pdus, plain) = conversation(
        ntlm_peers(ClientRequestFlags::INTEGRITY | ClientRequestFlags::CONNECTION),
        auth_type::WINNT,
        auth_level::PKT_INTEGRITY,
        [0, 0],
    );
    follow(&pdus, &plain, auth_type::WINNT, auth_level::PKT_INTEGRITY);
}

#[test]
fn tampered_sealed_pdu_is_a_typed_error() {
    let (mut pdus, _) = conversation(
        ntlm_peers(dce_flags()),
        auth_type::WINNT,
        auth_level::PKT_PRIVACY,
        [0, 0],
    );
    // Flip one sealed byte of the second response (call 3).
    let (dir, raw) = &mut pdus[3 + 3];
    assert_eq!(*dir, Direction::ToClient);
    raw[24 + 5] ^= 0x01;
    let keys = keyring();
    let mut sec = RpcSecurity::default();
    // Everything before it opens: the failure is the flipped byte, not the keys.
    for (i, (dir, raw)) in pdus.iter().enumerate() {
        let r = sec.process(*dir, raw, &keys);
        if i == 6 {
            assert!(
                matches!(r, Err(Error::IntegrityCheckFailed { .. })),
                "tampered PDU gave {r:?}"
            );
            break;
        }
        r.unwrap();
    }
}

/// SPNEGO (auth_type 9) forced to NTLM. `sspi` signs the mechanism list in the last two
/// legs with sequence number 0 of each direction and then puts its RC4 handles back
/// (MS-SPNG 3.3.5.1), so the first sealed PDU of each direction carries sequence number 1
/// under the keystream the MIC used.
#[test]
fn spnego_ntlm_privacy_unsealed_from_the_password() {
    let peers = spnego_peers(dce_flags());
    assert_eq!(
        peers.tokens.len(),
        4,
        "bind, bind_ack, alter_context, alter_context_resp"
    );
    // Each side signs the mechanism list once (mechListMIC), using sequence number 0.
    let (pdus, plain) = conversation(
        peers,
        auth_type::GSS_NEGOTIATE,
        auth_level::PKT_PRIVACY,
        [1, 1],
    );
    follow(
        &pdus,
        &plain,
        auth_type::GSS_NEGOTIATE,
        auth_level::PKT_PRIVACY,
    );
}

/// The initiator's NTLM mechListMIC is checked, not only counted: one flipped checksum byte in
/// it (the signature is the last field of the alter_context's NegTokenResp: its checksum ends
/// five bytes before the PDU does, ahead of the sequence number) is an integrity error.
#[test]
fn spnego_ntlm_tampered_mech_list_mic_is_refused() {
    let (mut pdus, _) = conversation(
        spnego_peers(dce_flags()),
        auth_type::GSS_NEGOTIATE,
        auth_level::PKT_PRIVACY,
        [1, 1],
    );
    let (dir, raw) = &mut pdus[2];
    assert_eq!(*dir, Direction::ToServer);
    let at = raw.len() - 5;
    raw[at] ^= 0x01;
    let keys = keyring();
    let mut sec = RpcSecurity::default();
    for (dir, raw) in &pdus[..2] {
        sec.process(*dir, raw, &keys).unwrap();
    }
    let e = sec.process(Direction::ToServer, &pdus[2].1, &keys);
    assert!(
        matches!(
            e,
            Err(Error::IntegrityCheckFailed {
                what: "mechListMIC"
            })
        ),
        "tampered mechListMIC gave {e:?}"
    );
}
