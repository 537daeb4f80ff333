//! Traffic of an independent Kerberos peer, unsealed from the service's keys alone.
//!
//! A throw-away MIT krb5 realm runs on a loopback port (`tests/interop/krb_realm.py` of the
//! root crate: kdb5_util, kadmin.local, krb5kdc). Devolutions' `sspi` crate plays both ends:
//! its client gets a TGT and a service ticket for `exchangeMDB/mail.example.test` from that
//! KDC over TCP and builds the AP-REQ; its server opens the ticket with the service's AES256
//! key as `klist -K` lists it. In DCE style (MS-KILE 3.4.5.1) the legs are AP-REQ,
//! AP-REP and the client's AP-REP, carried here in bind, bind_ack and auth3 PDUs; then each
//! side seals request and response stubs with `encrypt_message`, the PDU header and
//! sec_trailer as read-only checksummed buffers (header signing). Each sealed PDU is opened
//! by the `sspi` peer it was meant for, so it is known to be what that peer accepts. The two
//! ends differ in their Wrap tokens: the initiator pads with EC 16 (a 76-byte auth_value),
//! the acceptor with EC 0 (60 bytes).
//!
//! Through SPNEGO (auth_type 9) the same tokens travel in NegTokenInit and NegTokenResp, and
//! `sspi` adds a mechListMIC each way (a GSS_GetMIC token over the DER mechTypes, RFC 4178 5)
//! that takes a sequence number of its direction; four legs, in bind, bind_ack,
//! alter_context and alter_context_resp.
//!
//! [`RpcSecurity`] gets only the service principal's password (its keys derived by our
//! string-to-key, the KDC having derived its own) or only the kadmin-written keytab, and must
//! give every stub back as `sspi` put it in, verified, both ways, call after call.
//!
//! Packet integrity is not exercised: `sspi`'s Kerberos refuses `make_signature` and
//! `verify_signature` (`UnsupportedFunction`), the calls DCE/RPC signs with.
//!
//! Needs the MIT KDC tools (krb5-kdc, krb5-admin-server, krb5-user) and a Python 3; skipped
//! without them unless `OXWIRE_REQUIRE_ORACLES=1`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use oxwire_emapi_sspi::{Direction, Error, Keyring, Keytab, Limits, Processed, RpcSecurity};
use oxwire_msrpc::auth::{auth_level, auth_type, SEC_TRAILER_LEN};
use oxwire_msrpc::pdu::{Auth3, Bind, BindAck, ContextItem, ContextResult, Request, Response};
use oxwire_msrpc::uuid::NDR20;
use oxwire_msrpc::{interfaces, Auth, Pdu, PduBody, SecTrailer, SyntaxId};
use sspi::builders::EmptyInitializeSecurityContext;
use sspi::kerberos::ServerProperties;
use sspi::negotiate::NegotiateConfig;
use sspi::network_client::NetworkClient;
use sspi::{
    AuthIdentity, BufferType, ClientRequestFlags, CredentialUse, Credentials, CredentialsBuffers,
    DataRepresentation, EncryptionFlags, ErrorKind, Kerberos, KerberosConfig, KerberosServerConfig,
    Negotiate, NetworkProtocol, NetworkRequest, Secret, SecurityBuffer, SecurityBufferFlags,
    SecurityBufferRef, SecurityStatus, ServerRequestFlags, Sspi, SspiImpl, Username,
};

const SERVICE: [&str; 2] = ["exchangeMDB", "mail.example.test"];
/// The service principal's password, given to kadmin (`addprinc -pw`) and to the keyring.
const SERVICE_PASSWORD: &str = "Exch-Svc-Passw0rd!";
/// `PFC_FIRST_FRAG | PFC_LAST_FRAG`.
const FIRST_LAST: u8 = 0x03;
/// `PFC_SUPPORT_HEADER_SIGN` (MS-RPCE 2.2.2.3), offered in bind and accepted in bind_ack.
const HEADER_SIGN: u8 = 0x04;
/// The auth_context_id every PDU of the connection carries.
const CONTEXT_ID: u32 = 4711;

/// A running realm: the helper keeps its KDC up until its stdin closes (at process exit).
struct Realm {
    _helper: Child,
    info: serde_json::Value,
}

impl Realm {
    fn str(&self, k: &str) -> &str {
        self.info[k].as_str().unwrap()
    }

    /// The service key of `enctype` as `klist -k -e -K` prints it ("(0x...)").
    fn klist_key(&self, enctype: &str) -> Vec<u8> {
        let line = self
            .str("klist")
            .lines()
            .find(|l| l.contains(&format!("({enctype})")))
            .unwrap_or_else(|| panic!("no {enctype} key in {}", self.str("klist")));
        let hex = line.rsplit("(0x").next().unwrap().trim_end_matches(')');
        unhex(hex)
    }
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn skip(why: &str) {
    if std::env::var("OXWIRE_REQUIRE_ORACLES").as_deref() == Ok("1") {
        panic!("oracle required but unavailable: {why}");
    }
    eprintln!("skipped: {why}");
}

fn start_realm() -> Result<Realm, String> {
    let python = std::env::var("OXWIRE_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/interop/krb_realm.py");
    let mut child = Command::new(&python)
        .arg(script)
        .args(["--service-password", SERVICE_PASSWORD])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{python}: {e}"))?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    if line.trim().is_empty() {
        let out = child.wait_with_output().map_err(|e| e.to_string())?;
        let err = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        if out.status.code() == Some(2) {
            return Err(format!("MIT krb5 KDC tools: {err}"));
        }
        panic!("krb_realm.py: {err}");
    }
    Ok(Realm {
        _helper: child,
        info: serde_json::from_str(&line).unwrap(),
    })
}

fn realm() -> Option<&'static Realm> {
    static REALM: OnceLock<Result<Realm, String>> = OnceLock::new();
    match REALM.get_or_init(start_realm) {
        Ok(r) => Some(r),
        Err(why) => {
            skip(why);
            None
        }
    }
}

/// Kerberos over TCP (RFC 4120 7.2.2): `sspi` hands over the request with its 4-octet length
/// and takes the reply the same way.
struct KdcTcp;

impl NetworkClient for KdcTcp {
    fn send(&self, request: &NetworkRequest) -> sspi::Result<Vec<u8>> {
        let fail = |e: std::io::Error| sspi::Error::new(ErrorKind::NoAuthenticatingAuthority, e);
        assert_eq!(request.protocol, NetworkProtocol::Tcp, "{}", request.url);
        let host = request.url.host_str().unwrap_or_default();
        let port = request.url.port().unwrap_or(88);
        let mut s = TcpStream::connect((host, port)).map_err(fail)?;
        s.set_read_timeout(Some(Duration::from_secs(10)))
            .map_err(fail)?;
        s.write_all(&request.data).map_err(fail)?;
        let mut len = [0; 4];
        s.read_exact(&mut len).map_err(fail)?;
        let mut reply = len.to_vec();
        reply.resize(4 + u32::from_be_bytes(len) as usize, 0);
        s.read_exact(&mut reply[4..]).map_err(fail)?;
        Ok(reply)
    }
}

/// One PDU as it travelled.
type Sent = (Direction, Vec<u8>);

/// Both `sspi` ends, authenticated, and the tokens they exchanged in order.
struct Peers<S> {
    client: S,
    server: S,
    tokens: Vec<Sent>,
}

fn config(r: &Realm) -> KerberosConfig {
    let url = format!("tcp://127.0.0.1:{}", r.info["port"]);
    KerberosConfig::new_with_kdc_url(&url, "WS01".to_owned())
}

fn initialize<S: Sspi>(
    client: &mut S,
    handle: &mut S::CredentialsHandle,
    flags: ClientRequestFlags,
    input: Option<&[u8]>,
) -> (SecurityStatus, Vec<u8>) {
    let mut output = vec![SecurityBuffer::new(Vec::new(), BufferType::Token)];
    // The first call too wants an input list (an empty token: nothing from the server yet).
    let mut input = vec![SecurityBuffer::new(
        input.unwrap_or_default().to_vec(),
        BufferType::Token,
    )];
    let builder: EmptyInitializeSecurityContext<'_, '_, _> = client.initialize_security_context();
    let target = SERVICE.join("/");
    let mut builder = builder
        .with_credentials_handle(handle)
        .with_context_requirements(flags)
        .with_target_data_representation(DataRepresentation::Native)
        .with_target_name(&target)
        .with_output(&mut output)
        .with_input(&mut input);
    let r = client
        .initialize_security_context_impl(&mut builder)
        .unwrap()
        .resolve_with_client(&KdcTcp)
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
        .with_context_requirements(ServerRequestFlags::USE_DCE_STYLE)
        .with_target_data_representation(DataRepresentation::Native)
        .with_input(&mut input)
        .with_output(&mut output);
    let r = server
        .accept_security_context_impl(builder)
        .unwrap()
        .resolve_with_client(&KdcTcp)
        .unwrap();
    (r.status, output.remove(0).buffer)
}

/// What DCE/RPC asks of SSPI for packet privacy (Windows' RPC runtime passes these).
fn dce_flags() -> ClientRequestFlags {
    ClientRequestFlags::USE_DCE_STYLE
        | ClientRequestFlags::MUTUAL_AUTH
        | ClientRequestFlags::REPLAY_DETECT
        | ClientRequestFlags::SEQUENCE_DETECT
        | ClientRequestFlags::CONFIDENTIALITY
        | ClientRequestFlags::INTEGRITY
        | ClientRequestFlags::CONNECTION
}

fn server_properties(r: &Realm) -> ServerProperties {
    ServerProperties::new(
        &SERVICE,
        None,
        Duration::from_secs(300),
        Some(Secret::new(r.klist_key("aes256-cts-hmac-sha1-96"))),
    )
    .unwrap()
}

fn user(r: &Realm) -> Credentials {
    Credentials::AuthIdentity(AuthIdentity {
        username: Username::new(r.str("user"), Some(r.str("realm"))).unwrap(),
        password: Secret::from(r.str("password").to_owned()),
    })
}

/// Runs the DCE-style legs between a fresh `sspi` client and server.
fn authenticate<S>(mut client: S, mut server: S, user: &Credentials) -> Peers<S>
where
    S: Sspi
        + SspiImpl<CredentialsHandle = Option<CredentialsBuffers>, AuthenticationData = Credentials>,
{
    let builder = client
        .acquire_credentials_handle()
        .with_credential_use(CredentialUse::Outbound)
        .with_auth_data(user);
    let mut ch = client
        .acquire_credentials_handle_impl(builder)
        .unwrap()
        .credentials_handle;
    // The acceptor needs no credentials of its own: it has the service key.
    let mut sh = None;
    let mut tokens = Vec::new();
    let mut input: Option<Vec<u8>> = None;
    for _ in 0..4 {
        let (cs, out) = initialize(&mut client, &mut ch, dce_flags(), input.as_deref());
        if out.is_empty() {
            break;
        }
        tokens.push((Direction::ToServer, out.clone()));
        let (ss, back) = accept(&mut server, &mut sh, &out);
        if !back.is_empty() {
            tokens.push((Direction::ToClient, back.clone()));
        }
        if cs != SecurityStatus::ContinueNeeded {
            if !back.is_empty() {
                // The client reads the acceptor's last word (SPNEGO's accept-completed).
                let (_, out) = initialize(&mut client, &mut ch, dce_flags(), Some(&back));
                assert!(out.is_empty());
            }
            assert_eq!(ss, SecurityStatus::Ok);
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

fn kerberos_peers(r: &Realm) -> Peers<Kerberos> {
    let client = Kerberos::new_client_from_config(config(r)).unwrap();
    let server = Kerberos::new_server_from_config(config(r), server_properties(r)).unwrap();
    authenticate(client, server, &user(r))
}

/// SPNEGO with Kerberos alone in the package list.
fn spnego_peers(r: &Realm) -> Peers<Negotiate> {
    let client = Negotiate::new_client(NegotiateConfig::new(
        Box::new(config(r)),
        Some("kerberos".to_owned()),
        "WS01".to_owned(),
    ))
    .unwrap();
    let server_config = KerberosServerConfig {
        kerberos_config: config(r),
        server_properties: server_properties(r),
    };
    let server = Negotiate::new_server(
        NegotiateConfig::new(
            Box::new(server_config),
            Some("kerberos".to_owned()),
            "MAIL".to_owned(),
        ),
        // `sspi`'s SPNEGO acceptor looks the authenticated client up in a list of accounts
        // before it checks the mechListMIC (as alice@example.test, a UPN).
        vec![AuthIdentity {
            username: Username::new_upn(r.str("user"), &r.str("realm").to_ascii_lowercase())
                .unwrap(),
            password: Secret::from(r.str("password").to_owned()),
        }],
    )
    .unwrap();
    authenticate(client, server, &user(r))
}

fn trailer(at: u8, level: u8) -> SecTrailer {
    SecTrailer {
        auth_type: at,
        auth_level: level,
        auth_pad_length: 0,
        auth_reserved: 0,
        auth_context_id: CONTEXT_ID,
    }
}

/// The legs in PDUs: bind, bind_ack, then auth3 for a third and last token (DCE style's
/// client AP-REP) or alter_context and alter_context_resp (SPNEGO, whose acceptor has a last
/// word).
fn legs(tokens: &[Sent], at: u8, level: u8) -> Vec<Sent> {
    let emsmdb = SyntaxId::new(interfaces::EMSMDB, 0, 81);
    let bind = || {
        Bind::new(
            5840,
            5840,
            0,
            vec![ContextItem::new(0, emsmdb, vec![NDR20])],
        )
    };
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

/// A request or response carrying `stub` in the clear, padded to 16 bytes, with a zeroed
/// auth_value of `token_len` bytes for the sender's wrap token.
fn plain_pdu(dir: Direction, call_id: u32, stub: &[u8], token_len: usize, at: u8) -> Vec<u8> {
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
    let zero = vec![0; token_len];
    let mut pdu = Pdu::new(body, FIRST_LAST, call_id);
    pdu.auth = Some(Auth {
        trailer: trailer(at, auth_level::PKT_PRIVACY),
        pad: &PAD[..(16 - stub.len() % 16) % 16],
        value: &zero,
    });
    pdu.to_vec().unwrap()
}

/// The four SSPI buffers of a PDU: header (checksummed), stub and pad (sealed), sec_trailer
/// (checksummed), token.
fn buffers(raw: &mut [u8], token_len: usize) -> [SecurityBufferRef<'_>; 4] {
    let header_end = 24; // common header and request/response fields, no object UUID
    let trailer_end = raw.len() - token_len;
    let (header, rest) = raw.split_at_mut(header_end);
    let (body, rest) = rest.split_at_mut(trailer_end - SEC_TRAILER_LEN - header_end);
    let (sec_trailer, token) = rest.split_at_mut(SEC_TRAILER_LEN);
    [
        SecurityBufferRef::data_buf(header)
            .with_flags(SecurityBufferFlags::SECBUFFER_READONLY_WITH_CHECKSUM),
        SecurityBufferRef::data_buf(body),
        SecurityBufferRef::data_buf(sec_trailer)
            .with_flags(SecurityBufferFlags::SECBUFFER_READONLY_WITH_CHECKSUM),
        SecurityBufferRef::token_buf(token),
    ]
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

/// One connection: legs, then sealed calls each way. Returns every PDU as sent and the
/// plaintext stub each request/response carried.
fn conversation<S: Sspi>(mut p: Peers<S>, at: u8) -> (Vec<Sent>, Vec<Vec<u8>>) {
    let mut pdus = legs(&p.tokens, at, auth_level::PKT_PRIVACY);
    let mut plain = Vec::new();
    for (i, (dir, stub)) in stubs().into_iter().enumerate() {
        let (sender, receiver) = match dir {
            Direction::ToServer => (&mut p.client, &mut p.server),
            Direction::ToClient => (&mut p.server, &mut p.client),
        };
        let token_len = sender.query_context_sizes().unwrap().security_trailer as usize;
        let mut raw = plain_pdu(dir, 2 + i as u32 / 2, &stub, token_len, at);
        sender
            .encrypt_message(EncryptionFlags::empty(), &mut buffers(&mut raw, token_len))
            .unwrap();
        assert_ne!(
            &raw[24..24 + stub.len()],
            &stub[..],
            "sspi left the stub clear"
        );
        let mut copy = raw.clone();
        let mut message = buffers(&mut copy, token_len);
        receiver.decrypt_message(&mut message).unwrap();
        assert_eq!(&message[1].data()[..stub.len()], &stub[..]);
        pdus.push((dir, raw));
        plain.push(stub);
    }
    (pdus, plain)
}

/// Feeds a conversation to a fresh [`RpcSecurity`] that knows only `keys`; every stub must
/// come back as sent, verified.
fn follow(pdus: &[Sent], plain: &[Vec<u8>], keys: &Keyring, at: u8) {
    let mut sec = RpcSecurity::default();
    let mut stubs = plain.iter();
    for (i, (dir, raw)) in pdus.iter().enumerate() {
        match sec.process(*dir, raw, keys) {
            Ok(Processed::Stub {
                stub,
                level,
                verified,
                ..
            }) => {
                let want = stubs.next().expect("more stubs than calls");
                assert_eq!(&stub[..], &want[..], "PDU {i} ({dir:?})");
                assert_eq!(level, auth_level::PKT_PRIVACY);
                assert!(verified, "PDU {i} not verified");
            }
            Ok(Processed::Other) => assert!(i < 4, "PDU {i} gave no stub"),
            Err(e) => panic!("PDU {i} ({dir:?}): {e}"),
        }
    }
    assert!(stubs.next().is_none(), "some calls were not seen");
    assert_eq!(
        sec.contexts(),
        vec![(CONTEXT_ID, at, auth_level::PKT_PRIVACY, true)]
    );
}

#[test]
fn kerberos_dce_privacy_unsealed_from_the_service_password() {
    let Some(r) = realm() else { return };
    let (pdus, plain) = conversation(kerberos_peers(r), auth_type::GSS_KERBEROS);
    let mut keys = Keyring::new();
    keys.add_kerberos_password(r.str("realm"), &SERVICE, SERVICE_PASSWORD);
    follow(&pdus, &plain, &keys, auth_type::GSS_KERBEROS);
}

#[test]
fn kerberos_dce_privacy_unsealed_from_the_keytab() {
    let Some(r) = realm() else { return };
    let (pdus, plain) = conversation(kerberos_peers(r), auth_type::GSS_KERBEROS);
    let kt = Keytab::parse(&unhex(r.str("keytab")), &Limits::default()).unwrap();
    let mut keys = Keyring::new();
    kt.add_to(&mut keys);
    follow(&pdus, &plain, &keys, auth_type::GSS_KERBEROS);
}

/// DCE style leaves the Kerberos messages bare (MS-KILE 3.4.5.1): no GSS-API framing (0x60),
/// the AP-REQ and both AP-REPs as their DER APPLICATION 14 and 15 (RFC 4120 5.5.1, 5.5.2).
#[test]
fn kerberos_dce_legs_are_bare_ap_req_and_ap_reps() {
    let Some(r) = realm() else { return };
    let p = kerberos_peers(r);
    let firsts: Vec<(Direction, u8)> = p.tokens.iter().map(|(d, t)| (*d, t[0])).collect();
    assert_eq!(
        firsts,
        vec![
            (Direction::ToServer, 0x6e),
            (Direction::ToClient, 0x6f),
            (Direction::ToServer, 0x6f)
        ]
    );
}

/// SPNEGO (auth_type 9) with Kerberos: NegTokenInit carrying the AP-REQ, the AP-REPs and the
/// mechListMICs in NegTokenResps, four legs in bind, bind_ack, alter_context and
/// alter_context_resp.
#[test]
fn spnego_kerberos_privacy_unsealed_from_the_service_password() {
    let Some(r) = realm() else { return };
    let peers = spnego_peers(r);
    assert_eq!(peers.tokens.len(), 4);
    let (pdus, plain) = conversation(peers, auth_type::GSS_NEGOTIATE);
    let mut keys = Keyring::new();
    keys.add_kerberos_password(r.str("realm"), &SERVICE, SERVICE_PASSWORD);
    follow(&pdus, &plain, &keys, auth_type::GSS_NEGOTIATE);
}

/// The initiator's mechListMIC is checked: one flipped checksum byte in it (the last field of
/// the alter_context's NegTokenResp, so the PDU's last byte) is an integrity error.
#[test]
fn spnego_kerberos_tampered_mech_list_mic_is_refused() {
    let Some(r) = realm() else { return };
    let (mut pdus, _) = conversation(spnego_peers(r), auth_type::GSS_NEGOTIATE);
    let (dir, raw) = &mut pdus[2];
    assert_eq!(*dir, Direction::ToServer);
    *raw.last_mut().unwrap() ^= 0x01;
    let mut keys = Keyring::new();
    keys.add_kerberos_password(r.str("realm"), &SERVICE, SERVICE_PASSWORD);
    let mut sec = RpcSecurity::default();
    for (dir, raw) in &pdus[..2] {
        sec.process(*dir, raw, &keys).unwrap();
    }
    let e = sec.process(Direction::ToServer, &pdus[2].1, &keys);
    assert!(
        matches!(e, Err(Error::IntegrityCheckFailed { .. })),
        "tampered mechListMIC gave {e:?}"
    );
}
