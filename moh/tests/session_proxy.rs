//! The passive proxy on hand-written HTTP/1.1 traffic: responses pair with requests in
//! connection order (RFC 9112 9.3.2), the echoed `X-RequestId` is checked (MS-OXCMAPIHTTP
//! 2.2.3.3.2), session contexts open on a Connect or Bind that sets `MapiContext`
//! (3.2.5.1), close on Disconnect or Unbind and on `X-ResponseCode` 10 (3.2.5.6), 1xx interim
//! responses carry no answer (RFC 9110 15.2), and unreadable traffic is reported, not fatal.

use std::time::Instant;

use oxwire_moh::addressbook::{AddressBookRequest, AddressBookResponse};
use oxwire_moh::http::message::Direction;
use oxwire_moh::http::response_code::ResponseCode;
use oxwire_moh::session::*;
use oxwire_moh::{Endpoint, Limits, RequestType};

const ID: &str = "{E2EA6C1C-E61B-49E9-9CFB-38184F907552}";

fn request(t: &str, counter: u64, cookie: Option<&str>, body: &[u8]) -> Vec<u8> {
    let path = if matches!(t, "Bind" | "Unbind" | "GetProps") {
        "/mapi/nspi/"
    } else {
        "/mapi/emsmdb/"
    };
    let mut s = format!(
        "POST {path}?MailboxId=u@example.com HTTP/1.1\r\nHost: mail.example.com\r\n\
         X-RequestType: {t}\r\nX-RequestId: {ID}:{counter}\r\n\
         Content-Type: application/mapi-http\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some(c) = cookie {
        s.push_str(&format!("Cookie: {c}\r\n"));
    }
    s.push_str("\r\n");
    let mut b = s.into_bytes();
    b.extend_from_slice(body);
    b
}

fn response(counter: u64, set_cookie: Option<&str>, body: &[u8]) -> Vec<u8> {
    let mut meta = b"PROCESSING\r\nDONE\r\n\r\n".to_vec();
    meta.extend_from_slice(body);
    let mut s = format!(
        "HTTP/1.1 200 OK\r\nX-ResponseCode: 0\r\nX-RequestId: {ID}:{counter}\r\n\
         Content-Type: application/mapi-http\r\nContent-Length: {}\r\n",
        meta.len()
    );
    if let Some(c) = set_cookie {
        s.push_str(&format!("Set-Cookie: {c}; path=/mapi/; HttpOnly\r\n"));
    }
    s.push_str("\r\n");
    let mut b = s.into_bytes();
    b.extend_from_slice(&meta);
    b
}

fn events(p: &mut Proxy) -> Vec<ProxyEvent> {
    let mut v = Vec::new();
    while let ProxyOutput::Event(e) = p.poll_output() {
        v.push(e);
    }
    v
}

fn pairs(ev: &[ProxyEvent]) -> Vec<&Exchange> {
    ev.iter()
        .filter_map(|e| match e {
            ProxyEvent::Pair(x) => Some(x),
            ProxyEvent::ExecutePair { exchange, .. } => Some(exchange),
            _ => None,
        })
        .collect()
}

#[test]
fn pipelined_requests_pair_in_order_and_ids_are_checked() {
    let now = Instant::now();
    let mut p = Proxy::new(ProxyConfig::default());
    let c = ConnId(1);
    let mut up = request("PING", 1, None, b"");
    up.extend(request("PING", 2, None, b""));
    p.handle_request_bytes(now, c, &up).unwrap();
    // The second response echoes a wrong id.
    let mut down = response(1, None, b"");
    down.extend(response(7, None, b""));
    // One octet at a time.
    for b in down.chunks(1) {
        p.handle_response_bytes(now, c, b).unwrap();
    }
    let ev = events(&mut p);
    let x = pairs(&ev);
    assert_eq!(x.len(), 2);
    assert_eq!(x[0].request_id.unwrap().counter, 1);
    assert!(!x[0].request_id_mismatch);
    assert_eq!(x[1].request_id.unwrap().counter, 2);
    assert!(x[1].request_id_mismatch);
    assert_eq!(x[0].response_code, Some(ResponseCode::Success));
    assert_eq!(x[0].endpoint, Some(Endpoint::Mailbox));
}

#[test]
fn address_book_context_with_typed_bodies() {
    let now = Instant::now();
    let mut p = Proxy::new(ProxyConfig::default());
    let c = ConnId(9);
    // Bind request (2.2.5.1.1): Flags 0, HasState 0, no aux.
    p.handle_request_bytes(now, c, &request("Bind", 1, None, &[0; 9]))
        .unwrap();
    // Bind response (2.2.5.1.2): StatusCode 0, ErrorCode 0, ServerGuid, no aux.
    let bind_resp = [&[0u8; 8][..], &[0x11; 16], &[0; 4]].concat();
    p.handle_response_bytes(now, c, &response(1, Some("MapiContext=AB1"), &bind_resp))
        .unwrap();
    let ev = events(&mut p);
    assert!(ev.contains(&ProxyEvent::ContextOpened {
        conn: c,
        context: "AB1".into(),
        endpoint: Endpoint::AddressBook
    }));
    let x = pairs(&ev)[0];
    assert_eq!(x.context.as_deref(), Some("AB1"));
    let limits = Limits::default();
    assert!(matches!(
        x.address_book_request(&limits).unwrap(),
        AddressBookRequest::Bind(_)
    ));
    let AddressBookResponse::Bind(b) = x.address_book_response(&limits).unwrap() else {
        panic!()
    };
    assert_eq!(b.error_code, 0);
    // Unbind (2.2.5.2): Reserved 0, no aux; response StatusCode 0, ErrorCode 0, no aux.
    p.handle_request_bytes(
        now,
        c,
        &request("Unbind", 2, Some("MapiContext=AB1"), &[0; 8]),
    )
    .unwrap();
    p.handle_response_bytes(now, c, &response(2, None, &[0; 12]))
        .unwrap();
    let ev = events(&mut p);
    assert!(ev.contains(&ProxyEvent::ContextClosed {
        context: "AB1".into(),
        reason: CloseReason::Disconnected
    }));
    assert_eq!(p.contexts(), 0);
}

#[test]
fn context_not_found_closes_the_context() {
    let now = Instant::now();
    let mut p = Proxy::new(ProxyConfig::default());
    let c = ConnId(2);
    // Connect success (2.2.4.1.2): StatusCode 0, ErrorCode 0, three intervals, DnPrefix "",
    // DisplayName "", no aux.
    let mut ok = vec![0u8; 20];
    ok.extend([0, 0, 0, 0, 0, 0, 0]);
    p.handle_request_bytes(now, c, &request("Connect", 1, None, &[0; 4]))
        .unwrap();
    p.handle_response_bytes(now, c, &response(1, Some("MapiContext=X"), &ok))
        .unwrap();
    assert!(p.follows("X"));
    events(&mut p);
    p.handle_request_bytes(
        now,
        c,
        &request(
            "NotificationWait",
            2,
            Some("MapiContext=X; MapiSequence=1"),
            &[0; 8],
        ),
    )
    .unwrap();
    let html = b"<html>10</html>";
    let mut down = format!(
        "HTTP/1.1 200 OK\r\nX-ResponseCode: 10\r\nX-RequestId: {ID}:2\r\n\
         Content-Type: text/html\r\nContent-Length: {}\r\n\r\n",
        html.len()
    )
    .into_bytes();
    down.extend_from_slice(html);
    p.handle_response_bytes(now, c, &down).unwrap();
    let ev = events(&mut p);
    assert!(ev.contains(&ProxyEvent::ContextClosed {
        context: "X".into(),
        reason: CloseReason::Gone(ResponseCode::ContextNotFound)
    }));
    let x = pairs(&ev)[0];
    assert_eq!(x.response_code, Some(ResponseCode::ContextNotFound));
    assert_eq!(x.response_body, html);
    assert!(!p.follows("X"));
}

#[test]
fn interim_response_and_close_delimited_body() {
    let now = Instant::now();
    let mut p = Proxy::new(ProxyConfig::default());
    let c = ConnId(4);
    p.handle_request_bytes(now, c, &request("PING", 3, None, b""))
        .unwrap();
    p.handle_response_bytes(now, c, b"HTTP/1.1 100 Continue\r\n\r\n")
        .unwrap();
    // No Content-Length, no chunking: the body runs to the close (RFC 9112 6.3).
    let head = format!(
        "HTTP/1.1 200 OK\r\nX-ResponseCode: 0\r\nX-RequestId: {ID}:3\r\n\
         Content-Type: application/mapi-http\r\n\r\nPROCESSING\r\nPENDING\r\nDONE\r\n\r\n"
    );
    p.handle_response_bytes(now, c, head.as_bytes()).unwrap();
    assert!(events(&mut p).is_empty());
    p.handle_connection_closed(now, c);
    let ev = events(&mut p);
    let x = pairs(&ev);
    assert_eq!(x.len(), 1, "{ev:?}");
    assert_eq!(x[0].pending, 1);
    assert_eq!(x[0].request_type, Some(RequestType::Ping));
    assert!(x[0].response_error.is_none());
    assert_eq!(p.connections(), 0);
}

#[test]
fn unreadable_traffic_is_reported_not_fatal() {
    let now = Instant::now();
    let mut p = Proxy::new(ProxyConfig::default());
    let c = ConnId(5);
    // A response with no request before it.
    p.handle_response_bytes(now, c, &response(1, None, b""))
        .unwrap();
    let ev = events(&mut p);
    assert!(matches!(
        ev.as_slice(),
        [ProxyEvent::Desync {
            direction: Direction::Responses,
            ..
        }]
    ));
    // Not HTTP at all on another connection.
    p.handle_request_bytes(now, ConnId(6), b"\x16\x03\x01\x00\xa5garbage\r\n\r\n")
        .unwrap();
    let ev = events(&mut p);
    assert!(matches!(
        ev.as_slice(),
        [ProxyEvent::Desync {
            direction: Direction::Requests,
            ..
        }]
    ));
    // Later octets on the broken directions are ignored quietly.
    p.handle_request_bytes(now, ConnId(6), b"more").unwrap();
    assert!(events(&mut p).is_empty());
    // A request left unanswered is reported when its connection closes.
    p.handle_request_bytes(now, ConnId(7), &request("PING", 1, None, b""))
        .unwrap();
    p.handle_connection_closed(now, ConnId(7));
    assert_eq!(
        events(&mut p),
        [ProxyEvent::Unanswered {
            conn: ConnId(7),
            count: 1
        }]
    );
}
