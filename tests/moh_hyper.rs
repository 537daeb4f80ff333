//! MAPI over HTTP on hyper over real loopback TCP: the `moh_server`, `moh_proxy` and
//! `moh_client` examples' hosts in one process. The session runs Connect, three Execute
//! calls, a NotificationWait held for several PENDING periods, and Disconnect through the
//! proxy. The proxy must see every request type in order and pair every Execute with ROPs
//! equal to the hand-assembled buffers (MS-OXCROPS layouts) the client sent and the server
//! answered.

// Brings `moh_support` (tests/moh_support) along; the assertions use it from there.
#[path = "../examples/support/moh_hyper.rs"]
#[allow(dead_code)]
mod moh_hyper;

use std::time::{Duration, Instant};

use oxwire_moh::mailbox::ExecuteResponse;
use oxwire_moh::session::{ClientEvent, ProxyEvent};
use oxwire_moh::RequestType;

use moh_hyper::moh_support::{self, calls};

const PENDING_PERIOD: Duration = Duration::from_millis(40);
/// At least two PENDING periods.
const NOTIFY_AFTER: Duration = Duration::from_millis(130);

#[test]
fn hyper_connect_execute_notify_disconnect_through_proxy() {
    let rt = moh_hyper::runtime().unwrap();
    let host = moh_hyper::ProxyHost::new(false, true);
    let started = Instant::now();
    let report = rt.block_on(async {
        let server = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let server_addr = server.local_addr().unwrap();
        tokio::spawn(moh_hyper::serve(
            server,
            moh_hyper::ServerTiming {
                pending_period: PENDING_PERIOD,
                notify_after: NOTIFY_AFTER,
            },
        ));
        let proxy = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy_addr = proxy.local_addr().unwrap();
        tokio::spawn(moh_hyper::proxy(proxy, server_addr, host.clone()));
        let report = tokio::time::timeout(
            Duration::from_secs(20),
            moh_hyper::run_client(proxy_addr, "mail.example.com", false),
        )
        .await
        .expect("session finished in time")
        .unwrap();
        // The proxy's body relay reports a response's end after passing its last piece on;
        // give it time to report the Disconnect pair.
        let paired = |h: &moh_hyper::ProxyHost| {
            h.events
                .iter()
                .filter(|e| matches!(e, ProxyEvent::Pair(_) | ProxyEvent::ExecutePair { .. }))
                .count()
        };
        for _ in 0..200 {
            if paired(&host.lock().unwrap()) >= 6 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        report
    });
    assert!(started.elapsed() < Duration::from_secs(20));

    // The client saw its session through.
    let events = &report.events;
    assert!(
        matches!(events[0], ClientEvent::Connected { .. }),
        "{events:?}"
    );
    let executes: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            ClientEvent::ExecuteCompleted { response, .. } => Some(response),
            _ => None,
        })
        .collect();
    assert_eq!(executes.len(), calls().len());
    for (resp, (_, answer)) in executes.iter().zip(calls()) {
        let ExecuteResponse::Success(ok) = resp else {
            panic!("{resp:?}")
        };
        assert_eq!(ok.rop_payloads(&Default::default()).unwrap(), vec![answer]);
    }
    assert!(events.iter().any(|e| matches!(
        e,
        ClientEvent::NotificationPending {
            event_pending: true,
            ..
        }
    )));
    assert!(
        matches!(events.last(), Some(ClientEvent::Disconnected { .. })),
        "{events:?}"
    );
    let client_pending: u64 = report
        .pending
        .iter()
        .filter(|(t, _)| *t == RequestType::NotificationWait)
        .map(|p| p.1)
        .sum();
    assert!(client_pending >= 2, "client saw {client_pending} PENDING");

    // The proxy saw every request type in order and paired every Execute with the ROPs
    // sent and answered.
    let h = host.lock().unwrap();
    let mut pairs = Vec::new();
    let mut kinds = Vec::new();
    for e in &h.events {
        match e {
            ProxyEvent::ExecutePair {
                exchange,
                request_rops,
                response_rops,
                rop_error,
            } => {
                assert!(rop_error.is_none(), "{rop_error:?}");
                kinds.push(RequestType::Execute);
                pairs.push((
                    exchange.clone(),
                    request_rops.clone(),
                    response_rops.clone(),
                ));
            }
            ProxyEvent::Pair(x) => {
                kinds.push(x.request_type.unwrap());
                assert_eq!(x.status, 200);
                assert!(!x.request_id_mismatch);
                if x.request_type == Some(RequestType::NotificationWait) {
                    assert!(x.pending >= 2, "{} PENDING", x.pending);
                    assert_eq!(x.pending, client_pending);
                }
            }
            ProxyEvent::Desync { .. } => panic!("{e:?}"),
            _ => {}
        }
    }
    assert_eq!(
        kinds,
        [
            RequestType::Connect,
            RequestType::Execute,
            RequestType::Execute,
            RequestType::Execute,
            RequestType::NotificationWait,
            RequestType::Disconnect
        ]
    );
    assert_eq!(pairs.len(), calls().len());
    for (((x, req, resp), (sent, answered)), ids) in
        pairs.iter().zip(calls()).zip(moh_support::ROP_IDS)
    {
        let req = req.as_ref().expect("request ROPs decoded");
        let mut again = Vec::new();
        req.encode(&mut again).unwrap();
        assert_eq!(again, sent, "request ROPs as sent");
        assert_eq!(resp.len(), 1);
        let mut again = Vec::new();
        resp[0].response.encode(&mut again).unwrap();
        assert_eq!(again, answered, "response ROPs as answered");
        assert_eq!(x.status, 200);
        assert!(!x.request_id_mismatch);
        let got: Vec<u8> = req.rops.iter().map(|r| r.rop_id()).collect();
        assert_eq!(ids, got);
    }
}
