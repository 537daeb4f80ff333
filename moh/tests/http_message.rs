//! HTTP/1.1 framing of MAPI over HTTP exchanges: heads, Content-Length and chunked bodies,
//! pipelining, hostile chunk sizes and limits.
//!
//! The request and response texts follow the Execute example of MS-OXCMAPIHTTP section 4.2
//! (header set and order; placeholders replaced by concrete values) and the response lines
//! gromox's server writes (exch/mh/mh_common.cpp); the binary bodies are our own bytes.

use oxwire_moh::http::headers::Headers;
use oxwire_moh::http::message::{BodyFraming, Direction, MessageEvent, MessageFramer};
use oxwire_moh::http::meta_tags::ResponseBody;
use oxwire_moh::http::response_code::ResponseCode;
use oxwire_moh::{Error, Limits, RequestType};

const REQUEST: &[u8] = b"POST /mapi/emsmdb/?MailboxId=a@example.com HTTP/1.1\r\n\
Host: mail.example.com\r\n\
Content-Length: 8\r\n\
Content-Type: application/mapi-http\r\n\
Cookie: MapiContext=ctx1\r\n\
Cookie: MapiSequence=seq1\r\n\
X-RequestType: Execute\r\n\
X-ClientInfo: {2C1B1A2E-0000-4000-8000-000000000001}\r\n\
X-RequestId: {E2EA6C1C-E61B-49E9-9CFB-38184F907552}:2\r\n\
X-ClientApplication: Outlook/15.0.4569.1503\r\n\
\r\n\
\x00\x01\x02\x03\x04\x05\x06\x07";

const RESPONSE: &[u8] = b"HTTP/1.1 200 OK\r\n\
Cache-Control: private\r\n\
Transfer-Encoding: chunked\r\n\
Content-Type: application/mapi-http\r\n\
X-RequestType: Execute\r\n\
X-ResponseCode: 0\r\n\
X-RequestId: {E2EA6C1C-E61B-49E9-9CFB-38184F907552}:2\r\n\
X-ClientInfo: {2C1B1A2E-0000-4000-8000-000000000001}\r\n\
X-ServerApplication: Exchange/15.00.0847.4040\r\n\
X-PendingPeriod: 30000\r\n\
X-ExpirationInfo: 1800000\r\n\
Set-Cookie: MapiSequence=seq2; path=/mapi/emsmdb/\r\n\
\r\n\
c\r\nPROCESSING\r\n\r\n\
9\r\nPENDING\r\n\r\n\
4f\r\nDONE\r\nX-ElapsedTime: 41\r\nX-StartTime: Thu, 22 Mar 2012 21:12:51 GMT\r\n\r\n\
\x00\x00\x00\x00\x00\x00\x00\x00\r\n\
0\r\n\r\n";

#[derive(Debug, Default)]
struct Collected {
    heads: Vec<oxwire_moh::http::message::Head>,
    bodies: Vec<Vec<u8>>,
}

fn frame(dir: Direction, limits: Limits, pieces: &[&[u8]]) -> Result<Collected, Error> {
    let mut f = MessageFramer::new(dir, limits);
    let mut c = Collected::default();
    let mut body = Vec::new();
    let mut handle = |ev: MessageEvent<'_>, c: &mut Collected| match ev {
        MessageEvent::Head(h) => c.heads.push(h),
        MessageEvent::Body(b) => body.extend_from_slice(b),
        MessageEvent::End => c.bodies.push(std::mem::take(&mut body)),
    };
    for piece in pieces {
        let mut input = *piece;
        loop {
            let (used, ev) = f.parse(input)?;
            input = &input[used..];
            match ev {
                Some(ev) => handle(ev, &mut c),
                None => {
                    assert!(input.is_empty());
                    break;
                }
            }
        }
    }
    if let Some(ev) = f.finish()? {
        handle(ev, &mut c);
    }
    Ok(c)
}

#[test]
fn execute_request_head_and_body() {
    let c = frame(Direction::Requests, Limits::default(), &[REQUEST]).unwrap();
    assert_eq!(c.heads.len(), 1);
    let h = &c.heads[0];
    assert_eq!(h.method(), Some("POST"));
    assert_eq!(h.framing, BodyFraming::Length(8));
    h.headers.validate_request().unwrap();
    assert_eq!(
        h.headers.request_type().unwrap(),
        Some(RequestType::Execute)
    );
    assert_eq!(h.headers.request_id().unwrap().unwrap().counter, 2);
    assert_eq!(h.headers.get_all("cookie").count(), 2);
    assert_eq!(c.bodies, [b"\x00\x01\x02\x03\x04\x05\x06\x07".to_vec()]);
    assert_eq!(h.raw, &REQUEST[..REQUEST.len() - 8]);
}

#[test]
fn execute_response_dechunked_then_meta_tags() {
    let c = frame(Direction::Responses, Limits::default(), &[RESPONSE]).unwrap();
    let h = &c.heads[0];
    assert_eq!(h.framing, BodyFraming::Chunked);
    assert_eq!(
        h.headers.response_code().unwrap(),
        Some(ResponseCode::Success)
    );
    let req = frame(Direction::Requests, Limits::default(), &[REQUEST]).unwrap();
    h.headers
        .validate_response_to(&req.heads[0].headers)
        .unwrap();
    let body = ResponseBody::decode(&c.bodies[0], &Limits::default()).unwrap();
    assert_eq!(body.pending, 1);
    let extra = Headers::from_raw(body.headers.clone());
    assert_eq!(extra.elapsed_time().unwrap().unwrap().as_millis(), 41);
    assert_eq!(body.body, [0u8; 8]);
}

#[test]
fn every_split_gives_the_same_messages() {
    let mut stream = RESPONSE.to_vec();
    stream.extend_from_slice(RESPONSE); // pipelined
    let whole = frame(Direction::Responses, Limits::default(), &[&stream]).unwrap();
    assert_eq!(whole.heads.len(), 2);
    for cut in 0..=stream.len() {
        let (a, b) = stream.split_at(cut);
        let c = frame(Direction::Responses, Limits::default(), &[a, b]).unwrap();
        assert_eq!(c.heads, whole.heads, "cut {cut}");
        assert_eq!(c.bodies, whole.bodies, "cut {cut}");
    }
    let pieces: Vec<&[u8]> = stream.chunks(1).collect();
    let c = frame(Direction::Responses, Limits::default(), &pieces).unwrap();
    assert_eq!(c.bodies, whole.bodies);
}

#[test]
fn pipelined_requests() {
    let mut stream = REQUEST.to_vec();
    stream.extend_from_slice(REQUEST);
    stream.extend_from_slice(b"POST /mapi/emsmdb/ HTTP/1.1\r\nHost: h\r\n\r\n");
    let c = frame(Direction::Requests, Limits::default(), &[&stream]).unwrap();
    assert_eq!(c.heads.len(), 3);
    assert_eq!(c.bodies.len(), 3);
    assert!(c.bodies[2].is_empty());
}

#[test]
fn truncated_chunked_body_is_reported_at_every_cut() {
    let head_len = RESPONSE.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    for cut in head_len..RESPONSE.len() {
        let err = frame(Direction::Responses, Limits::default(), &[&RESPONSE[..cut]]).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Truncated {
                    what: "HTTP body (chunked)",
                    ..
                }
            ),
            "cut {cut}: {err}"
        );
    }
    for cut in 1..head_len {
        let err = frame(Direction::Responses, Limits::default(), &[&RESPONSE[..cut]]).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Truncated {
                    what: "HTTP head",
                    ..
                }
            ),
            "cut {cut}"
        );
    }
}

#[test]
fn truncated_content_length_body() {
    let err = frame(
        Direction::Requests,
        Limits::default(),
        &[&REQUEST[..REQUEST.len() - 3]],
    )
    .unwrap_err();
    assert!(matches!(err, Error::Truncated { needed: 3, .. }));
}

fn chunked_response(chunks: &[u8]) -> Vec<u8> {
    let mut v = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    v.extend_from_slice(chunks);
    v
}

#[test]
fn giant_and_overflowing_chunk_sizes() {
    // Above max_body: refused as soon as the size line ends, nothing buffered.
    let err = frame(
        Direction::Responses,
        Limits::default(),
        &[&chunked_response(b"7fffffffffffffff\r\n")],
    )
    .unwrap_err();
    assert!(matches!(
        err,
        Error::LimitExceeded {
            what: "chunk size",
            ..
        }
    ));
    // More hex digits than 64 bits hold.
    let err = frame(
        Direction::Responses,
        Limits::default(),
        &[&chunked_response(b"10000000000000000\r\n")],
    )
    .unwrap_err();
    assert!(matches!(
        err,
        Error::Framing {
            what: "chunk size",
            ..
        }
    ));
    // Leading zeros are digits too.
    let err = frame(
        Direction::Responses,
        Limits::default(),
        &[&chunked_response(b"00000000000000001\r\nx")],
    )
    .unwrap_err();
    assert!(matches!(
        err,
        Error::Framing {
            what: "chunk size",
            ..
        }
    ));
    let err = frame(
        Direction::Responses,
        Limits::default(),
        &[&chunked_response(b"-1\r\n")],
    )
    .unwrap_err();
    assert!(matches!(err, Error::Framing { .. }));
    let err = frame(
        Direction::Responses,
        Limits::default(),
        &[&chunked_response(b"\r\n")],
    )
    .unwrap_err();
    assert!(matches!(err, Error::Framing { .. }));
}

#[test]
fn chunk_extensions_and_trailers() {
    let wire = chunked_response(
        b"3;name=\"v;x\"\r\nabc\r\n2 ; q\r\nde\r\n0\r\nX-Trailer: 1\r\nX-Other: 2\r\n\r\n",
    );
    let c = frame(Direction::Responses, Limits::default(), &[&wire]).unwrap();
    assert_eq!(c.bodies, [b"abcde".to_vec()]);
    let mut limits = Limits::default();
    limits.max_line = 32;
    let mut long_ext = b"1;".to_vec();
    long_ext.extend(std::iter::repeat_n(b'e', 100));
    long_ext.extend_from_slice(b"\r\n");
    let err = frame(
        Direction::Responses,
        limits.clone(),
        &[&chunked_response(&long_ext)],
    )
    .unwrap_err();
    assert!(matches!(
        err,
        Error::LimitExceeded {
            what: "chunk size line",
            ..
        }
    ));
    let mut long_trailer = b"0\r\nX: ".to_vec();
    long_trailer.extend(std::iter::repeat_n(b't', 100));
    let err = frame(
        Direction::Responses,
        limits,
        &[&chunked_response(&long_trailer)],
    )
    .unwrap_err();
    assert!(matches!(
        err,
        Error::LimitExceeded {
            what: "chunked trailer",
            ..
        }
    ));
    let err = frame(
        Direction::Responses,
        Limits::default(),
        &[&chunked_response(b"1\r\nab\r\n")],
    )
    .unwrap_err();
    assert!(matches!(
        err,
        Error::Framing {
            what: "chunk data",
            ..
        }
    ));
}

#[test]
fn header_block_over_the_limit() {
    let mut limits = Limits::default();
    limits.max_header_block = 256;
    let mut wire = b"HTTP/1.1 200 OK\r\n".to_vec();
    while wire.len() < 1000 {
        wire.extend_from_slice(b"X-Filler: 0123456789\r\n");
    }
    // Whole, and fed in small pieces: the same refusal, and no more than the limit held.
    let err = frame(Direction::Responses, limits.clone(), &[&wire]).unwrap_err();
    assert!(matches!(
        err,
        Error::LimitExceeded {
            what: "HTTP header block",
            limit: 256,
            ..
        }
    ));
    let pieces: Vec<&[u8]> = wire.chunks(7).collect();
    let err = frame(Direction::Responses, limits, &pieces).unwrap_err();
    assert!(matches!(
        err,
        Error::LimitExceeded {
            what: "HTTP header block",
            ..
        }
    ));
}

#[test]
fn content_length_rules() {
    let err = frame(
        Direction::Requests,
        Limits::default(),
        &[b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"],
    )
    .unwrap_err();
    assert!(matches!(
        err,
        Error::Framing {
            what: "Content-Length",
            ..
        }
    ));
    let err = frame(
        Direction::Requests,
        Limits::default(),
        &[b"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n"],
    )
    .unwrap_err();
    assert!(matches!(err, Error::Framing { .. }));
    let err = frame(
        Direction::Requests,
        Limits::default(),
        &[b"POST / HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n"],
    )
    .unwrap_err();
    assert!(matches!(
        err,
        Error::LimitExceeded {
            what: "Content-Length",
            ..
        }
    ));
    let err = frame(
        Direction::Requests,
        Limits::default(),
        &[b"POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"],
    )
    .unwrap_err();
    assert!(matches!(
        err,
        Error::Framing {
            what: "Transfer-Encoding",
            ..
        }
    ));
    let c = frame(
        Direction::Requests,
        Limits::default(),
        &[b"POST / HTTP/1.1\r\nContent-Length: 2, 2\r\n\r\nab"],
    )
    .unwrap();
    assert_eq!(c.bodies, [b"ab".to_vec()]);
}

#[test]
fn response_without_length_runs_to_close_and_204_has_no_body() {
    let c = frame(
        Direction::Responses,
        Limits::default(),
        &[b"HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-ResponseCode: 7\r\n\r\n<html/>"],
    )
    .unwrap();
    assert_eq!(c.heads.len(), 2);
    assert_eq!(c.bodies, [Vec::new(), b"<html/>".to_vec()]);
    assert_eq!(
        c.heads[1].headers.response_code().unwrap(),
        Some(ResponseCode::MissingHeader)
    );
}
