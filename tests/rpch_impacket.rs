//! RPC over HTTP v2 end to end on loopback: the `epm_server` and `rpch_proxy` examples run in
//! this process, and two clients go through the proxy to the endpoint mapper. The proxy serves
//! HTTP with hyper; its channels' bodies stream through hyper both ways for their whole life.
//!
//! * impacket's own RPC over HTTP v2 client (`tests/interop/rpch_client.py`, Basic
//!   authentication to the proxy) runs ept_lookup and ept_map; the entries it prints must be
//!   the configured table. The traffic crosses every receive window: impacket acknowledges the
//!   outbound proxy after 128 KiB (half its 256 KiB window), and the proxy's own hops use
//!   16 KiB windows. impacket cannot recycle a channel: its IN channel request declares 1 GiB
//!   and it never sends IN_R1/A1, and it raises an error on OUT_R1/A2 (`rpch.py`,
//!   `handle_out_of_sequence_rts`), so the proxy's OUT lifetime stays at 1 GiB for it.
//! * Recycling is covered by this crate's `Client` role over real sockets against the same
//!   proxy, which gives every successor channel a leg of its own (`adopt: false`): its IN
//!   channel lifetime is 2 KiB, far below half the inbound proxy's 16 KiB window, so it
//!   replaces its IN channel (IN_R1) again and again while calls go on (each successor is
//!   recycled before any acknowledgment for window's sake is due), and every answer must
//!   still arrive complete and in order. A second proxy instance with 6 KiB OUT channels
//!   makes its server end ask for OUT recycles (OUT_R1) as well.
//! * A proxy that hands each successor channel to the proxy running its predecessor, as
//!   MS-RPCH requires when it finds the virtual connection (`adopt: true`, IN_R2 and OUT_R2),
//!   carries the same client with 2 KiB IN and 6 KiB OUT channels: every recycle is one of
//!   those, the server end never sees a second leg, and every answer arrives in order.
//!
//! HTTP/1.0 requests reach the roles too: an echo request is answered with the Echo RTS PDU
//! that impacket builds, and a request without credentials is challenged.
//!
//! The client-side HTTP traffic, as the proxy's sockets read and wrote it, and the proxy's
//! ncacn_ip_tcp connections to the endpoint mapper are recorded into a pcap; with `OXWIRE_RECORD_RPCH=1` it is written to
//! `testdata/rpch/impacket_epm.pcap`, with the proxy's counters in
//! `testdata/rpch/impacket_epm.counts.json`; `tests/rpch_dissect.rs` reads both.

mod common;

#[path = "../examples/support/epm_server.rs"]
#[allow(dead_code)]
mod epm_server;
#[path = "../examples/support/pcap.rs"]
#[allow(dead_code)]
mod pcap;
#[path = "../examples/support/rpch_proxy.rs"]
#[allow(dead_code)]
mod rpch_proxy;

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use oxwire::epm::calls::{EptLookupRequest, EptLookupResponse, Stub};
use oxwire::epm::INTERFACE;
use oxwire::msrpc::ndr::{ContextHandle, NdrSyntax};
use oxwire::msrpc::pdu::{Bind, ContextItem, Request};
use oxwire::msrpc::{Pdu, PduBody, NDR20};
use oxwire::rpch::vc::{Client, ClientConfig, Event, Link, Output};
use oxwire::rpch::Cookie;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};

fn python() -> Option<String> {
    common::python_with("impacket.dcerpc.v5.rpch")
}

/// A pcap sink the test can read back.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("pcap buffer").extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The configured endpoint map: 600 entries, enough that two ept_lookup walks carry more than
/// 128 KiB of responses.
fn table() -> Vec<epm_server::Entry> {
    (0..600u32)
        .map(|i| {
            let s = format!(
                "{i:08x}-4f58-5749-5245-{:012x} {}.{} ncacn_ip_tcp:10.{}.{}.{}[{}] entry {i} of the test table",
                0x5250_4348_0000u64 + u64::from(i),
                i % 7,
                i % 3,
                i / 65536,
                (i / 256) % 256,
                i % 256,
                1024 + i,
            );
            epm_server::Entry::parse(&s).expect("table entry")
        })
        .collect()
}

struct Running {
    epm: SocketAddr,
    proxy: rpch_proxy::Handle,
    pcap: Shared,
    stop: tokio::sync::oneshot::Sender<()>,
    thread: std::thread::JoinHandle<()>,
    rt: tokio::runtime::Handle,
}

/// Starts the endpoint mapper and the proxy on a runtime in its own thread; `adopt` as in
/// [`rpch_proxy::Options::adopt`].
fn start(table: Vec<epm_server::Entry>, adopt: bool) -> Running {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let handle = rt.handle().clone();
    let pcap = Shared::default();
    let sink = pcap.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        rt.block_on(async move {
            let el = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            let epm = el.local_addr().expect("addr");
            tokio::spawn(epm_server::serve(el, Arc::new(table)));
            let mut opts = rpch_proxy::Options {
                allow: vec![("127.0.0.1".into(), epm.port())],
                basic: Some(("oxwire".into(), "s3cret".into())),
                adopt,
                ..Default::default()
            };
            opts.proxy.receive_window = 16 * 1024;
            opts.server.receive_window = 16 * 1024;
            let pl = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            let w = pcap::PcapWriter::new(Box::new(sink)).expect("pcap");
            let proxy = rpch_proxy::spawn(pl, opts, Some(w));
            tx.send((epm, proxy)).expect("report");
            let _ = stopped.await;
        })
    });
    let (epm, proxy) = rx.recv().expect("servers up");
    Running {
        epm,
        proxy,
        pcap,
        stop,
        thread,
        rt: handle,
    }
}

#[test]
fn impacket_through_our_proxy_to_our_endpoint_mapper_then_our_client_recycles() {
    let table = table();
    let run = start(table.clone(), false);

    match python() {
        Some(py) => impacket_session(&py, &run, &table),
        None => common::skip("no Python with impacket (set OXWIRE_PYTHON)"),
    }

    // Our own client through the same proxy, recycling its IN channel repeatedly.
    let before = run.proxy.stats();
    let got = run.rt.block_on(async {
        tokio::time::timeout(
            Duration::from_secs(60),
            client_session(run.proxy.addr, run.epm.port(), 70),
        )
        .await
        .expect("client session finished in time")
    });
    check_answers(&got, 70, &table);
    let after = run.proxy.stats();
    // 70 calls of 64 bytes through 2 KiB IN channels, recycled at half their lifetime.
    assert!(
        after.recycled[0] >= 3,
        "our client recycled its IN channel at least 3 times: {after:?}"
    );
    assert_eq!(after.recycled[1], before.recycled[1], "no OUT recycle");
    assert_eq!(
        after.in_channels - before.in_channels,
        1 + after.recycled[0]
    );
    assert_eq!((after.in_adopted, after.out_adopted), (0, 0), "{after:?}");

    // A second proxy instance with 6 KiB OUT channels: its server end asks for an OUT
    // recycle at half of that, and the client's successor OUT channel (OUT_R1) takes over.
    let out_proxy = short_out_channels(&run, false);
    let got = run.rt.block_on(async {
        tokio::time::timeout(
            Duration::from_secs(60),
            client_session(out_proxy.addr, run.epm.port(), 70),
        )
        .await
        .expect("client session through the second proxy finished in time")
    });
    check_answers(&got, 70, &table);
    let s = out_proxy.stats();
    // About 14 KiB of responses through 6 KiB OUT channels recycled at half their lifetime.
    assert!(
        s.recycled[1] >= 3,
        "OUT channel recycled at least 3 times: {s:?}"
    );
    assert!(
        s.recycled[0] >= 3,
        "IN channel recycled at least 3 times: {s:?}"
    );
    assert_eq!(s.out_channels, 1 + s.recycled[1]);
    assert_eq!(s.in_channels, 1 + s.recycled[0]);
    assert_eq!((s.in_adopted, s.out_adopted), (0, 0), "{s:?}");

    let _ = run.stop.send(());
    run.thread.join().expect("runtime thread");

    let pcap = run.pcap.0.lock().expect("pcap").clone();
    assert!(pcap.len() > 24, "traffic recorded");
    if std::env::var_os("OXWIRE_RECORD_RPCH").is_some_and(|v| v == "1") {
        let dir = common::repo_testdata().join("rpch");
        std::fs::create_dir_all(&dir).expect("testdata/rpch");
        std::fs::write(dir.join("impacket_epm.pcap"), &pcap).expect("write pcap");
        // The proxy's own counts of the inner PDUs it relayed, for tests/rpch_dissect.rs.
        let counts = serde_json::json!({
            "pdus_to_server": after.pdus_to_server,
            "pdus_from_server": after.pdus_from_server,
            "in_channels": after.in_channels,
            "out_channels": after.out_channels,
            "virtual_connections": after.virtual_connections,
            "recycled_in": after.recycled[0],
            "recycled_out": after.recycled[1],
        });
        std::fs::write(
            dir.join("impacket_epm.counts.json"),
            format!("{counts:#}\n"),
        )
        .expect("write counts");
    }
}

#[test]
fn our_client_recycles_both_channels_at_the_proxy_running_their_predecessors() {
    let table = table();
    let run = start(table.clone(), true);
    let proxy = short_out_channels(&run, true);
    let got = run.rt.block_on(async {
        tokio::time::timeout(
            Duration::from_secs(60),
            client_session(proxy.addr, run.epm.port(), 70),
        )
        .await
        .expect("client session finished in time")
    });
    check_answers(&got, 70, &table);
    let s = proxy.stats();
    eprintln!("same-proxy recycling: {s:?}");
    // The same traffic as through the OUT_R1 proxy above: 2 KiB IN and 6 KiB OUT channels,
    // each successor taken by the proxy that runs its predecessor.
    assert!(s.in_adopted >= 3, "IN_R2 at least 3 times: {s:?}");
    assert!(s.out_adopted >= 3, "OUT_R2 at least 3 times: {s:?}");
    assert_eq!(
        s.recycled,
        [0, 0],
        "no successor leg reached the server end: {s:?}"
    );
    assert_eq!(s.in_channels, 1 + s.in_adopted, "{s:?}");
    assert_eq!(s.out_channels, 1 + s.out_adopted, "{s:?}");
    assert_eq!(s.virtual_connections, 1, "{s:?}");

    let _ = run.stop.send(());
    run.thread.join().expect("runtime thread");
}

/// A second proxy on `run`'s runtime, to its endpoint mapper, with 6 KiB OUT channels: its
/// server end asks for an OUT recycle at half of that.
fn short_out_channels(run: &Running, adopt: bool) -> rpch_proxy::Handle {
    let _rt = run.rt.enter();
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.set_nonblocking(true).expect("nonblocking");
    let mut opts = rpch_proxy::Options {
        allow: vec![("127.0.0.1".into(), run.epm.port())],
        basic: Some(("oxwire".into(), "s3cret".into())),
        adopt,
        ..Default::default()
    };
    opts.proxy.channel_lifetime = 6 * 1024;
    let l = tokio::net::TcpListener::from_std(l).expect("listener");
    rpch_proxy::spawn(l, opts, None)
}

/// One answer per call, each the table entry the walk reached, in table order.
fn check_answers(got: &[Vec<(String, String)>], calls: usize, table: &[epm_server::Entry]) {
    assert_eq!(got.len(), calls, "one answer per call");
    for (i, entries) in got.iter().enumerate() {
        let want = &table[i % table.len()];
        assert_eq!(entries.len(), 1, "call {i}");
        assert_eq!(entries[0].0, want.binding.to_string(), "call {i}");
        assert_eq!(entries[0].1, want.annotation, "call {i}");
    }
}

/// Writes `request` on a new connection to the proxy and reads until the proxy closes it;
/// returns the response head and body.
async fn exchange(proxy: SocketAddr, request: &str) -> (String, Vec<u8>) {
    let mut s = TcpStream::connect(proxy).await.expect("connect proxy");
    s.write_all(request.as_bytes()).await.expect("request");
    let mut got = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut got))
        .await
        .expect("the proxy closes the connection")
        .expect("read");
    let end = got
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8(got[..end].to_vec()).expect("ASCII head");
    (head, got[end + 4..].to_vec())
}

/// The value of a response header field (names compared ignoring case).
fn field<'h>(head: &'h str, name: &str) -> Option<&'h str> {
    head.lines().skip(1).find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[test]
fn http_1_0_echo_and_challenge() {
    let Some(py) = python() else {
        return common::skip("no Python with impacket (set OXWIRE_PYTHON)");
    };
    // The Echo RTS PDU (MS-RPCH 2.2.4.23) as impacket's RTS header builds it.
    let out = Command::new(&py)
        .args([
            "-c",
            "from impacket.dcerpc.v5.rpch import RTSHeader, RTS_FLAG_ECHO\n\
             p = RTSHeader()\np['Flags'] = RTS_FLAG_ECHO\nprint(p.getData().hex())",
        ])
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hex = String::from_utf8(out.stdout).expect("hex");
    let echo: Vec<u8> = (0..hex.trim().len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex.trim()[i..i + 2], 16).expect("hex digit"))
        .collect();
    assert_eq!(echo.len(), 20);

    let run = start(table()[..1].to_vec(), true);
    let target = format!("/rpc/rpcproxy.dll?127.0.0.1:{}", run.epm.port());
    let (echo_head, echo_body, challenge, challenge_body) = run.rt.block_on(async {
        // An echo request has a Content-Length of at most 0x10 (MS-RPCH 2.1.2.1.5).
        let (h, b) = exchange(
            run.proxy.addr,
            &format!(
                "RPC_IN_DATA {target} HTTP/1.0\r\nAccept: application/rpc\r\n\
                 User-Agent: MSRPC\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\
                 Authorization: Basic b3h3aXJlOnMzY3JldA==\r\n\r\n"
            ),
        )
        .await;
        let (c, cb) = exchange(
            run.proxy.addr,
            &format!(
                "RPC_OUT_DATA {target} HTTP/1.0\r\nAccept: application/rpc\r\n\
                 User-Agent: MSRPC\r\nHost: 127.0.0.1\r\nContent-Length: 76\r\n\r\n"
            ),
        )
        .await;
        (h, b, c, cb)
    });
    let status = |h: &str| h.split(' ').nth(1).map(str::to_string);
    assert!(echo_head.starts_with("HTTP/1."), "{echo_head}");
    assert_eq!(status(&echo_head).as_deref(), Some("200"), "{echo_head}");
    assert_eq!(
        field(&echo_head, "Content-Length"),
        Some("20"),
        "{echo_head}"
    );
    assert_eq!(field(&echo_head, "Transfer-Encoding"), None, "{echo_head}");
    assert_eq!(echo_body, echo);
    // Credentials are missing (RFC 7235 3.1: 401 with a challenge).
    assert_eq!(status(&challenge).as_deref(), Some("401"), "{challenge}");
    assert!(
        field(&challenge, "WWW-Authenticate").is_some_and(|v| v.starts_with("Basic")),
        "{challenge}"
    );
    assert!(challenge_body.is_empty());
    let s = run.proxy.stats();
    assert_eq!(
        (s.in_channels, s.out_channels, s.challenged),
        (1, 0, 1),
        "{s:?}"
    );

    let _ = run.stop.send(());
    run.thread.join().expect("runtime thread");
}

fn impacket_session(py: &str, run: &Running, table: &[epm_server::Entry]) {
    let nspi_like = &table[5];
    let version = format!(
        "{}.{}",
        nspi_like.interface.major(),
        nspi_like.interface.minor()
    );
    let out = Command::new(py)
        .arg(format!(
            "{}/tests/interop/rpch_client.py",
            env!("CARGO_MANIFEST_DIR")
        ))
        .arg(run.proxy.addr.to_string())
        .arg(run.epm.to_string())
        .args(["oxwire", "s3cret", "2", "40"])
        .arg(nspi_like.interface.uuid.to_string())
        .arg(&version)
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "impacket client failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let lookups: Vec<&Value> = lines.iter().filter(|l| l.get("lookup").is_some()).collect();
    let maps: Vec<&Value> = lines.iter().filter(|l| l.get("map").is_some()).collect();
    assert_eq!((lookups.len(), maps.len()), (2, 40));
    for l in lookups {
        let entries = l["entries"].as_array().expect("entries");
        assert_eq!(entries.len(), table.len());
        for (e, want) in entries.iter().zip(table) {
            assert_eq!(e["binding"], want.binding.to_string());
            assert_eq!(
                e["interface"],
                format!(
                    "{} {}.{}",
                    want.interface.uuid,
                    want.interface.major(),
                    want.interface.minor()
                )
            );
            assert_eq!(e["annotation"], want.annotation);
        }
    }
    // impacket's hept_map keeps only the port of the tower and names the host it asked.
    let mapped = format!(
        "ncacn_ip_tcp:{}[{}]",
        run.epm.ip(),
        nspi_like.binding.endpoint
    );
    for m in maps {
        assert_eq!(m["binding"], mapped);
    }

    let s = run.proxy.stats();
    eprintln!("after impacket: {s:?}");
    // impacket acknowledged the outbound proxy through the IN channel, and every hop of the
    // proxy acknowledged its sender.
    assert!(s.acks_client_to_out_proxy >= 1, "{s:?}");
    assert!(s.acks_out_proxy_to_server >= 1, "{s:?}");
    assert!(s.acks_in_proxy_to_client >= 1, "{s:?}");
    assert!(s.acks_server_to_in_proxy >= 1, "{s:?}");
    // The first channel is challenged; impacket then sends Basic credentials at once.
    assert_eq!(s.challenged, 1);
    assert_eq!((s.in_channels, s.out_channels), (1, 1));
    assert_eq!(s.recycled, [0, 0]);
    // impacket's hept_lookup and hept_map bind before their calls: 2 binds and 4 ept_lookup
    // calls (500 + 100 entries, twice), 40 binds and 40 ept_map calls; the large responses
    // come back in several fragments.
    assert_eq!(s.pdus_to_server, 2 + 4 + 40 + 40);
    assert!(s.pdus_from_server > s.pdus_to_server);
}

/// Our `Client` over real sockets: binds the endpoint mapper and runs `calls` ept_lookup
/// calls of one entry each, walking the table; returns (binding, annotation) per call.
async fn client_session(
    proxy: SocketAddr,
    epm_port: u16,
    calls: u32,
) -> Vec<Vec<(String, String)>> {
    let cookie = |n: u8| {
        Cookie([
            n, 0x42, 0x43, 0x44, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, n,
        ])
    };
    let mut cfg = ClientConfig::new(
        &format!("/rpc/rpcproxy.dll?127.0.0.1:{epm_port}"),
        "127.0.0.1",
        [cookie(1), cookie(2), cookie(3), cookie(4)],
    );
    // "oxwire:s3cret"
    cfg.headers.push((
        "Authorization".into(),
        b"Basic b3h3aXJlOnMzY3JldA==".to_vec(),
    ));
    cfg.in_channel_lifetime = 2048;
    let mut client = Client::new(cfg);
    let (etx, mut erx) = unbounded_channel::<(u64, Option<Vec<u8>>)>();
    let mut socks: HashMap<Link, (u64, UnboundedSender<Vec<u8>>)> = HashMap::new();
    let mut ids: HashMap<u64, Link> = HashMap::new();
    let mut next_id = 0u64;
    let mut next_cookie = 10u8;
    let mut call_id = 1u32;
    let mut answers: Vec<Vec<(String, String)>> = Vec::new();
    let mut reassembly: Vec<u8> = Vec::new();
    let now = Instant::now();
    client.start(now);
    let mut opened = false;
    loop {
        // Drain the client.
        loop {
            match client.poll_output() {
                Output::Transmit(link, data) => {
                    if let std::collections::hash_map::Entry::Vacant(slot) = socks.entry(link) {
                        next_id += 1;
                        let s = TcpStream::connect(proxy).await.expect("connect proxy");
                        let (mut rd, mut wr) = s.into_split();
                        let (tx, mut rx) = unbounded_channel::<Vec<u8>>();
                        tokio::spawn(async move {
                            while let Some(d) = rx.recv().await {
                                if wr.write_all(&d).await.is_err() {
                                    return;
                                }
                            }
                        });
                        let ev = etx.clone();
                        let id = next_id;
                        tokio::spawn(async move {
                            let mut buf = vec![0u8; 65536];
                            loop {
                                match rd.read(&mut buf).await {
                                    Ok(0) | Err(_) => break,
                                    Ok(n) => {
                                        if ev.send((id, Some(buf[..n].to_vec()))).is_err() {
                                            return;
                                        }
                                    }
                                }
                            }
                            let _ = ev.send((id, None));
                        });
                        slot.insert((id, tx));
                        ids.insert(id, link);
                    }
                    let _ = socks[&link].1.send(data);
                }
                Output::Deliver(pdu) => {
                    let (p, _) = Pdu::decode(&pdu).expect("inner PDU");
                    if let PduBody::Response(r) = &p.body {
                        reassembly.extend_from_slice(r.stub);
                        if p.header.pfc_flags.last() {
                            let resp =
                                EptLookupResponse::decode(&reassembly, NdrSyntax::Ndr20, true)
                                    .expect("ept_lookup response");
                            answers.push(
                                resp.entries
                                    .iter()
                                    .map(|e| {
                                        let t = e.tower.value.as_ref().expect("tower");
                                        let b = t.tower().expect("tower").to_binding(None);
                                        (
                                            b.map(|b| b.to_string()).unwrap_or_default(),
                                            e.annotation.text(),
                                        )
                                    })
                                    .collect(),
                            );
                            let handle = resp.entry_handle;
                            reassembly.clear();
                            if answers.len() as u32 == calls {
                                client.close(Instant::now());
                                return answers;
                            }
                            send_lookup(&mut client, &mut call_id, handle);
                        }
                    } else if let PduBody::BindAck(_) = &p.body {
                        send_lookup(&mut client, &mut call_id, ContextHandle::default());
                    } else {
                        panic!("unexpected inner PDU {:?}", p.header.ptype);
                    }
                }
                Output::Event(Event::Connected) if !opened => {
                    opened = true;
                    let bind = Bind::new(
                        4280,
                        4280,
                        0,
                        vec![ContextItem::new(0, INTERFACE, vec![NDR20])],
                    );
                    let pdu = Pdu::new(PduBody::Bind(bind), 0x03, call_id)
                        .to_vec()
                        .expect("bind");
                    call_id += 1;
                    client.send_pdu(Instant::now(), pdu);
                }
                Output::Event(Event::RecycleNeeded(link)) => {
                    next_cookie += 1;
                    client.recycle(Instant::now(), link, cookie(next_cookie));
                }
                Output::Event(Event::Switched(link)) => {
                    let next = if link == Link::In {
                        Link::InNext
                    } else {
                        Link::OutNext
                    };
                    // The predecessor's writer ends once its queue is written.
                    socks.remove(&link);
                    if let Some(s) = socks.remove(&next) {
                        ids.insert(s.0, link);
                        socks.insert(link, s);
                    }
                }
                Output::Event(Event::Failed(e)) => panic!("client failed: {e}"),
                Output::Event(_) => {}
                Output::Timeout(_) | Output::Idle => break,
            }
        }
        let Some((id, data)) = erx.recv().await else {
            panic!("sockets gone");
        };
        let Some(&link) = ids.get(&id) else {
            continue;
        };
        let now = Instant::now();
        match data {
            Some(d) => client.handle_data(now, link, &d),
            None => {
                ids.remove(&id);
                if socks.get(&link).is_some_and(|s| s.0 == id) {
                    client.handle_closed(now, link);
                }
            }
        }
    }
}

/// Queues an ept_lookup of one entry, continuing the walk at `handle`.
fn send_lookup(client: &mut Client, call_id: &mut u32, handle: ContextHandle) {
    let q = EptLookupRequest {
        max_ents: 1,
        entry_handle: handle,
        ..Default::default()
    };
    let stub = q.encode(NdrSyntax::Ndr20, true).expect("ept_lookup stub");
    let pdu = Pdu::new(
        PduBody::Request(Request {
            alloc_hint: stub.len() as u32,
            ctx_id: 0,
            opnum: 2,
            object: None,
            stub: &stub,
        }),
        0x03,
        *call_id,
    )
    .to_vec()
    .expect("request");
    *call_id += 1;
    client.send_pdu(Instant::now(), pdu);
}
