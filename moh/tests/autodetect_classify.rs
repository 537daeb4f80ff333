//! Request-stream classification.
//!
//! The requests are written from the specifications' examples: MS-OXCMAPIHTTP 2.2.2.1 and
//! section 4.1 (Connect), MS-OXDSCLI 2.2.2.1 with Exchange's POX Autodiscover request page,
//! MS-RPCH 2.1.2.1.1 and 2.1.2.1.2 (RPC_IN_DATA / RPC_OUT_DATA with their fixed content
//! lengths), MS-ASHTTP 4.1 (FolderSync) and an EWS POST to `/EWS/Exchange.asmx` with the
//! SOAP content type of MS-OXWSCORE.

use oxwire_moh::autodetect::{BodyFraming, Classifier, Event, Kind, Request, RpcChannel, Stop};
use oxwire_moh::{Endpoint, Error, Limits, RequestType};

fn http(head: &str, body: &[u8]) -> Vec<u8> {
    let mut v = head.replace('\n', "\r\n").into_bytes();
    v.extend_from_slice(body);
    v
}

const AUTODISCOVER_BODY: &str = "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\"><Request><EMailAddress>user@contoso.com</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>";

fn autodiscover(capability: bool) -> Vec<u8> {
    let cap = if capability {
        "X-MapiHttpCapability: 1\n"
    } else {
        ""
    };
    http(
        &format!(
            "POST /autodiscover/autodiscover.xml HTTP/1.1\nHost: autodiscover.contoso.com\nContent-Type: text/xml\n{cap}X-ClientCanHandle: Negotiate,ExHttpInfo\nContent-Length: {}\n\n",
            AUTODISCOVER_BODY.len()
        ),
        AUTODISCOVER_BODY.as_bytes(),
    )
}

fn mapi(path: &str, request_type: &str, body: &[u8]) -> Vec<u8> {
    http(
        &format!(
            "POST {path} HTTP/1.1\nHost: mail.contoso.com\nContent-Length: {}\nContent-Type: application/mapi-http\nX-RequestType: {request_type}\nX-ClientInfo: {{2EF33C39-49C8-421C-B876-CDF7F2AC3AA0}}:123\nX-RequestId: {{E2EA6C1C-E61B-49E9-9CFB-38184F907552}}:1\nX-ClientApplication: Outlook/15.0.4815.1002\n\n",
            body.len()
        ),
        body,
    )
}

const MBX: &str = "/mapi/emsmdb/?MailboxId=416c6368-656d-794a-6f45-57615272456e@contoso.com";
const NSPI: &str = "/mapi/nspi/?MailboxId=416c6368-656d-794a-6f45-57615272456e@contoso.com";

fn rpc_in() -> Vec<u8> {
    http("RPC_IN_DATA /rpc/rpcproxy.dll?mail.contoso.com:6001 HTTP/1.1\nAccept: application/rpc\nUser-Agent: MSRPC\nHost: mail.contoso.com\nContent-Length: 1073741824\nConnection: Keep-Alive\nCache-Control: no-cache\nPragma: no-cache\n\n", &[5, 0, 0x14, 3, 0x10, 0, 0, 0])
}

fn rpc_out() -> Vec<u8> {
    http("RPC_OUT_DATA /rpc/rpcproxy.dll?mail.contoso.com:6001 HTTP/1.1\nAccept: application/rpc\nUser-Agent: MSRPC\nHost: mail.contoso.com\nContent-Length: 76\nConnection: Keep-Alive\n\n", &[0u8; 76])
}

fn activesync() -> Vec<u8> {
    let body = [3u8, 1, 0x6a, 0, 0, 7, 0x56, 0x52, 3, 0x32, 0, 1, 1];
    http(
        &format!("POST /Microsoft-Server-ActiveSync?Cmd=FolderSync&User=fakename&DeviceId=v140Device&DeviceType=SmartPhone HTTP/1.1\nContent-Type: application/vnd.ms-sync.wbxml\nMS-ASProtocolVersion: 14.0\nUser-Agent: ASOM\nHost: Contoso.com\nContent-Length: {}\n\n", body.len()),
        &body,
    )
}

fn ews() -> Vec<u8> {
    let body = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body/></soap:Envelope>";
    http(
        &format!("POST /EWS/Exchange.asmx HTTP/1.1\nHost: mail.contoso.com\nContent-Type: text/xml; charset=utf-8\nContent-Length: {}\n\n", body.len()),
        body,
    )
}

fn other() -> Vec<u8> {
    http("GET /owa/ HTTP/1.1\nHost: mail.contoso.com\n\n", b"")
}

fn kinds(events: &[Event]) -> Vec<Kind> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Request(r) => Some(r.kind),
            _ => None,
        })
        .collect()
}

fn requests(events: &[Event]) -> Vec<Request> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Request(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

/// A keep-alive connection's worth of requests with what each must classify as.
fn keep_alive() -> (Vec<u8>, Vec<Kind>) {
    let parts: Vec<(Vec<u8>, Kind)> = vec![
        (
            autodiscover(true),
            Kind::Autodiscover {
                mapi_http_capability: Some(1),
            },
        ),
        (
            autodiscover(false),
            Kind::Autodiscover {
                mapi_http_capability: None,
            },
        ),
        (
            mapi(MBX, "Connect", &[0x2f, 0x6f, 0x3d, 0]),
            Kind::MapiHttp {
                endpoint: Some(Endpoint::Mailbox),
                request_type: Some(RequestType::Connect),
            },
        ),
        (
            mapi(MBX, "Execute", &[0u8; 40]),
            Kind::MapiHttp {
                endpoint: Some(Endpoint::Mailbox),
                request_type: Some(RequestType::Execute),
            },
        ),
        (
            mapi(NSPI, "Bind", &[0u8; 45]),
            Kind::MapiHttp {
                endpoint: Some(Endpoint::AddressBook),
                request_type: Some(RequestType::Bind),
            },
        ),
        (
            mapi(NSPI, "PING", b""),
            Kind::MapiHttp {
                endpoint: Some(Endpoint::AddressBook),
                request_type: Some(RequestType::Ping),
            },
        ),
        (ews(), Kind::Ews),
        (activesync(), Kind::ActiveSync),
        (other(), Kind::Other),
        (rpc_out(), Kind::RpcOverHttp(RpcChannel::Out)),
        (rpc_in(), Kind::RpcOverHttp(RpcChannel::In)),
    ];
    let mut stream = Vec::new();
    let mut expected = Vec::new();
    for (bytes, kind) in parts {
        stream.extend_from_slice(&bytes);
        expected.push(kind);
    }
    (stream, expected)
}

#[test]
fn each_request_of_a_keep_alive_connection_is_classified() {
    let (stream, expected) = keep_alive();
    let mut c = Classifier::new(Limits::default());
    let events = c.push_all(&stream).unwrap();
    assert_eq!(kinds(&events), expected);
    let reqs = requests(&events);
    // Offsets and indexes line up with the stream.
    let mut at = 0u64;
    for (i, r) in reqs.iter().enumerate() {
        assert_eq!(r.index, i);
        assert_eq!(r.offset, at);
        assert!(stream[at as usize..].starts_with(r.method.as_bytes()));
        if let BodyFraming::Length(n) = r.body {
            at += r.head_len as u64 + n;
        }
    }
    assert_eq!(reqs[3].method, "POST");
    assert_eq!(reqs[3].target, MBX);
    // The RPC IN channel's body is being skipped: later octets are its body, not requests.
    assert_eq!(
        reqs.last().unwrap().body,
        BodyFraming::Length(1_073_741_824)
    );
    let more = c.push_all(b"GET / HTTP/1.1\r\n\r\n").unwrap();
    assert!(more.is_empty());
    assert_eq!(c.requests(), expected.len());
}

#[test]
fn every_split_point_gives_the_same_answer() {
    let (stream, expected) = keep_alive();
    let whole = requests(
        &Classifier::new(Limits::default())
            .push_all(&stream)
            .unwrap(),
    );
    // Two pieces, split at every offset.
    for cut in 0..=stream.len() {
        let mut c = Classifier::new(Limits::default());
        let mut ev = c.push_all(&stream[..cut]).unwrap();
        ev.extend(c.push_all(&stream[cut..]).unwrap());
        assert_eq!(requests(&ev), whole, "split at {cut}");
    }
    // One octet at a time, through the push/Step interface.
    let mut c = Classifier::new(Limits::default());
    let mut got = Vec::new();
    for b in &stream {
        let mut piece: &[u8] = std::slice::from_ref(b);
        loop {
            let step = c.push(piece).unwrap();
            piece = &piece[step.consumed..];
            match step.event {
                Event::NeedMore => break,
                Event::Request(r) => got.push(r.kind),
                Event::Stopped(s) => panic!("{s:?}"),
            }
        }
        assert!(piece.is_empty());
    }
    assert_eq!(got, expected);
}

#[test]
fn case_does_not_matter() {
    let req = b"POST /AUTODISCOVER/AutoDiscover.XML HTTP/1.1\r\nhost: a\r\nx-mapihttpcapability: 2\r\ncontent-length: 0\r\n\r\n\
POST /MAPI/EMSMDB/?mailboxid=x HTTP/1.1\r\nCONTENT-TYPE: Application/MAPI-HTTP\r\nx-requesttype: execute\r\n\r\n\
POST /Mapi/Nspi HTTP/1.1\r\ncontent-type: application/mapi-http\r\n\r\n\
POST /ews/exchange.asmx HTTP/1.1\r\n\r\n\
OPTIONS /microsoft-server-activesync HTTP/1.1\r\n\r\n\
POST https://Mail.Contoso.com/MAPI/nspi/?MailboxId=x HTTP/1.1\r\nX-RequestType: GetProps\r\n\r\n";
    let events = Classifier::new(Limits::default()).push_all(req).unwrap();
    assert_eq!(
        kinds(&events),
        vec![
            Kind::Autodiscover {
                mapi_http_capability: Some(2)
            },
            Kind::MapiHttp {
                endpoint: Some(Endpoint::Mailbox),
                request_type: Some(RequestType::Execute)
            },
            Kind::MapiHttp {
                endpoint: Some(Endpoint::AddressBook),
                request_type: None
            },
            Kind::Ews,
            Kind::ActiveSync,
            Kind::MapiHttp {
                endpoint: Some(Endpoint::AddressBook),
                request_type: Some(RequestType::GetProps)
            },
        ]
    );
}

#[test]
fn mapi_content_type_or_request_type_outside_the_paths() {
    let req = b"POST /custom/front HTTP/1.1\r\nContent-Type: application/mapi-http; charset=x\r\nX-RequestType: Bind\r\n\r\n\
POST /custom/front HTTP/1.1\r\nContent-Type: application/mapi-http\r\nX-RequestType: PING\r\n\r\n\
POST /custom/front HTTP/1.1\r\nX-RequestType: Frobnicate\r\n\r\n\
POST /autodiscover/autodiscover.xml?x HTTP/1.1\r\nX-MapiHttpCapability: yes\r\n\r\n\
GET /ewsx HTTP/1.1\r\n\r\n\
GET /rpc/rpcproxy.dll HTTP/1.1\r\n\r\n";
    let events = Classifier::new(Limits::default()).push_all(req).unwrap();
    assert_eq!(
        kinds(&events),
        vec![
            Kind::MapiHttp {
                endpoint: Some(Endpoint::AddressBook),
                request_type: Some(RequestType::Bind)
            },
            Kind::MapiHttp {
                endpoint: None,
                request_type: Some(RequestType::Ping)
            },
            Kind::Other,
            Kind::Autodiscover {
                mapi_http_capability: Some(0)
            },
            Kind::Other,
            Kind::Other,
        ]
    );
}

#[test]
fn not_http_stops() {
    for garbage in [
        &b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"[..], // a TLS ClientHello
        &[5u8, 0, 11, 3, 0x10, 0, 0, 0, 0x74, 0, 0, 0][..],   // a DCE/RPC bind
        b"\x00\x00\x00\x00",
        b"POST / HTTP/1.1\r\nBad Header\r\n\r\n",
    ] {
        let mut c = Classifier::new(Limits::default());
        let ev = c.push_all(garbage).unwrap();
        assert_eq!(ev, vec![Event::Stopped(Stop::NotHttp { offset: 0 })]);
        assert_eq!(c.stopped(), Some(Stop::NotHttp { offset: 0 }));
        // Stays stopped, taking everything.
        let step = c.push(b"GET / HTTP/1.1\r\n\r\n").unwrap();
        assert_eq!(step.consumed, 18);
        assert!(matches!(step.event, Event::Stopped(_)));
    }
    // Garbage after a good request is found where it starts.
    let mut stream = other();
    let at = stream.len() as u64;
    stream.extend_from_slice(&[0xff; 20]);
    let ev = Classifier::new(Limits::default())
        .push_all(&stream)
        .unwrap();
    assert_eq!(ev.len(), 2);
    assert_eq!(ev[1], Event::Stopped(Stop::NotHttp { offset: at }));
}

#[test]
fn chunked_body_stops_after_its_request() {
    let mut stream = b"POST /EWS/Exchange.asmx HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n".to_vec();
    stream.extend_from_slice(&other());
    let ev = Classifier::new(Limits::default())
        .push_all(&stream)
        .unwrap();
    assert_eq!(kinds(&ev), vec![Kind::Ews]);
    assert_eq!(requests(&ev)[0].body, BodyFraming::Chunked);
    assert_eq!(ev.last(), Some(&Event::Stopped(Stop::ChunkedBody)));
}

#[test]
fn heads_are_bounded() {
    let limits = Limits::default();
    // One header line longer than the whole head may be, fed in pieces.
    let mut c = Classifier::new(limits.clone());
    let mut err = None;
    let mut fed = 0usize;
    let start = b"GET / HTTP/1.1\r\nX-Long: ";
    let _ = c.push_all(start).unwrap();
    fed += start.len();
    let piece = [b'a'; 1000];
    for _ in 0..200 {
        match c.push_all(&piece) {
            Ok(_) => fed += piece.len(),
            Err(e) => {
                err = Some(e);
                break;
            }
        }
    }
    assert!(fed <= limits.max_header_block, "buffered {fed}");
    assert!(matches!(
        err,
        Some(Error::LimitExceeded {
            what: "HTTP request head",
            ..
        })
    ));
    assert!(c.stopped().is_some());

    // In one piece.
    let mut big = b"GET / HTTP/1.1\r\n".to_vec();
    for i in 0..5000 {
        big.extend_from_slice(format!("X-{i}: {}\r\n", "v".repeat(20)).as_bytes());
    }
    big.extend_from_slice(b"\r\n");
    assert!(Classifier::new(limits.clone()).push_all(&big).is_err());

    // Too many header fields in a small head.
    let mut many = b"GET / HTTP/1.1\r\n".to_vec();
    for _ in 0..200 {
        many.extend_from_slice(b"A: b\r\n");
    }
    many.extend_from_slice(b"\r\n");
    assert!(matches!(
        Classifier::new(limits).push_all(&many),
        Err(Error::LimitExceeded { .. })
    ));
}

#[test]
fn unreadable_lengths_are_errors() {
    for bad in [
        &b"POST / HTTP/1.1\r\nContent-Length: 12x\r\n\r\n"[..],
        b"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
    ] {
        assert!(matches!(
            Classifier::new(Limits::default()).push_all(bad),
            Err(Error::Header {
                name: "Content-Length",
                ..
            })
        ));
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let (stream, _) = keep_alive();
    for _ in 0..300 {
        let mut s = stream.clone();
        for _ in 0..(next() % 8) {
            let i = (next() as usize) % s.len();
            s[i] = next() as u8;
        }
        let mut c = Classifier::new(Limits::default());
        let mut rest: &[u8] = &s;
        while !rest.is_empty() {
            let n = 1 + (next() as usize) % 300;
            let (piece, r) = rest.split_at(n.min(rest.len()));
            rest = r;
            if c.push_all(piece).is_err() {
                break;
            }
        }
    }
}
