//! The meta-tag section of MAPI over HTTP response bodies (MS-OXCMAPIHTTP 2.2.7), fed in
//! every split.
//!
//! The wire text follows the layout the specification gives in 2.2.2.2 and its section 4
//! examples (PROCESSING, PENDING keep-alives, DONE, X-ElapsedTime and X-StartTime, an empty
//! line, then the binary body); gromox's server (exch/mh/mh_common.cpp) writes the same lines.
//! The binary bodies are our own bytes.

use oxwire_moh::http::meta_tags::{
    put_done, put_meta_tag, Event, MetaTag, MetaTagParser, ResponseBody,
};
use oxwire_moh::{Error, Limits};

const SPEC_LAYOUT: &[u8] = b"PROCESSING\r\nPENDING\r\nPENDING\r\nDONE\r\n\
X-ElapsedTime: 2\r\nX-StartTime: Thu, 22 Mar 2012 21:12:51 GMT\r\n\r\n\
\x00\x00\x00\x00\x00\x00\x00\x00\x0d\x0a\xff";

#[derive(Debug, PartialEq)]
enum Ev {
    Tag(MetaTag),
    Header(String, Vec<u8>),
    BodyStart,
}

/// Feeds `pieces` one after another; returns the events (body slices joined) and the body.
fn run(pieces: &[&[u8]]) -> Result<(Vec<Ev>, Vec<u8>), Error> {
    let mut p = MetaTagParser::new(Limits::default());
    let mut evs = Vec::new();
    let mut body = Vec::new();
    for piece in pieces {
        let mut input = *piece;
        loop {
            let (used, ev) = p.parse(input)?;
            assert!(used <= input.len());
            input = &input[used..];
            match ev {
                None => {
                    assert!(input.is_empty(), "None must mean every octet was used");
                    break;
                }
                Some(Event::MetaTag(t)) => evs.push(Ev::Tag(t)),
                Some(Event::AdditionalHeader { name, value }) => {
                    evs.push(Ev::Header(name.to_owned(), value.to_vec()))
                }
                Some(Event::BodyStart) => evs.push(Ev::BodyStart),
                Some(Event::Body(b)) => body.extend_from_slice(b),
            }
        }
    }
    p.finish()?;
    Ok((evs, body))
}

fn expected() -> Vec<Ev> {
    vec![
        Ev::Tag(MetaTag::Processing),
        Ev::Tag(MetaTag::Pending),
        Ev::Tag(MetaTag::Pending),
        Ev::Tag(MetaTag::Done),
        Ev::Header("X-ElapsedTime".into(), b"2".to_vec()),
        Ev::Header(
            "X-StartTime".into(),
            b"Thu, 22 Mar 2012 21:12:51 GMT".to_vec(),
        ),
        Ev::BodyStart,
    ]
}

#[test]
fn spec_layout_in_one_piece() {
    let (evs, body) = run(&[SPEC_LAYOUT]).unwrap();
    assert_eq!(evs, expected());
    assert_eq!(body, b"\x00\x00\x00\x00\x00\x00\x00\x00\x0d\x0a\xff");
}

#[test]
fn spec_layout_split_at_every_position() {
    for cut in 0..=SPEC_LAYOUT.len() {
        let (a, b) = SPEC_LAYOUT.split_at(cut);
        let (evs, body) = run(&[a, b]).unwrap_or_else(|e| panic!("cut {cut}: {e}"));
        assert_eq!(evs, expected(), "cut {cut}");
        assert_eq!(body, &SPEC_LAYOUT[SPEC_LAYOUT.len() - 11..], "cut {cut}");
    }
}

#[test]
fn spec_layout_split_at_every_pair_of_positions() {
    for i in 0..=SPEC_LAYOUT.len() {
        for j in i..=SPEC_LAYOUT.len() {
            let (evs, body) =
                run(&[&SPEC_LAYOUT[..i], &SPEC_LAYOUT[i..j], &SPEC_LAYOUT[j..]]).unwrap();
            assert_eq!(evs, expected());
            assert_eq!(body.len(), 11);
        }
    }
}

#[test]
fn one_octet_at_a_time() {
    let pieces: Vec<&[u8]> = SPEC_LAYOUT.chunks(1).collect();
    let (evs, _) = run(&pieces).unwrap();
    assert_eq!(evs, expected());
}

#[test]
fn whole_body_decoder_agrees() {
    let r = ResponseBody::decode(SPEC_LAYOUT, &Limits::default()).unwrap();
    assert_eq!(r.pending, 2);
    assert_eq!(r.header("x-elapsedtime"), Some(&b"2"[..]));
    assert_eq!(r.body, &SPEC_LAYOUT[SPEC_LAYOUT.len() - 11..]);
}

#[test]
fn builder_writes_the_spec_layout() {
    let mut out = Vec::new();
    put_meta_tag(&mut out, MetaTag::Processing);
    put_meta_tag(&mut out, MetaTag::Pending);
    put_meta_tag(&mut out, MetaTag::Pending);
    put_done(
        &mut out,
        &[
            ("X-ElapsedTime", "2"),
            ("X-StartTime", "Thu, 22 Mar 2012 21:12:51 GMT"),
        ],
    )
    .unwrap();
    out.extend_from_slice(b"\x00\x00\x00\x00\x00\x00\x00\x00\x0d\x0a\xff");
    assert_eq!(out, SPEC_LAYOUT);
}

#[test]
fn no_pending_and_no_body_as_for_ping() {
    // A PING answer: PROCESSING, DONE, the additional headers, no binary body.
    let wire = b"PROCESSING\r\nDONE\r\nX-ElapsedTime: 0\r\nX-StartTime: Mon, 01 Jan 2024 00:00:00 GMT\r\n\r\n";
    let (evs, body) = run(&[wire]).unwrap();
    assert_eq!(evs.len(), 5);
    assert!(body.is_empty());
}

#[test]
fn unknown_meta_tag_is_typed() {
    let err = run(&[b"PROCESSING\r\nWAITING\r\n"]).unwrap_err();
    assert_eq!(err, Error::UnknownMetaTag { offset: 12 });
}

#[test]
fn missing_done_at_end_is_typed() {
    let err = run(&[b"PROCESSING\r\nPENDING\r\n"]).unwrap_err();
    assert_eq!(
        err,
        Error::MissingDone {
            missing: "DONE",
            offset: 21
        }
    );
    let wire = b"PROCESSING\r\nDONE\r\nX-ElapsedTime: 1\r\n";
    let err = run(&[wire]).unwrap_err();
    assert!(matches!(err, Error::MissingDone { offset, .. } if offset == wire.len() as u64));
}

#[test]
fn truncated_line_at_end_is_typed() {
    let err = run(&[b"PROCESSING\r\nDO"]).unwrap_err();
    assert!(matches!(err, Error::Truncated { offset: 12, .. }));
}

#[test]
fn endless_keep_alives_use_no_memory() {
    let mut p = MetaTagParser::new(Limits::default());
    p.parse(b"PROCESSING\r\n").unwrap();
    for _ in 0..100_000 {
        let (used, ev) = p.parse(b"PENDING\r\n").unwrap();
        assert_eq!((used, ev), (9, Some(Event::MetaTag(MetaTag::Pending))));
    }
    assert_eq!(p.pending_count(), 100_000);
}

#[test]
fn header_section_is_bounded() {
    let mut limits = Limits::default();
    limits.max_header_block = 64;
    let mut p = MetaTagParser::new(limits);
    let mut wire = b"PROCESSING\r\nDONE\r\n".to_vec();
    for _ in 0..10 {
        wire.extend_from_slice(b"X-Filler: 0123456789\r\n");
    }
    let mut input = &wire[..];
    let err = loop {
        match p.parse(input) {
            Ok((used, Some(_))) => input = &input[used..],
            Ok((_, None)) => panic!("limit not applied"),
            Err(e) => break e,
        }
    };
    assert!(matches!(err, Error::LimitExceeded { limit: 64, .. }));
}

#[test]
fn body_is_bounded_by_max_body() {
    let mut limits = Limits::default();
    limits.max_body = 4;
    let mut p = MetaTagParser::new(limits);
    let mut input = &b"PROCESSING\r\nDONE\r\n\r\n12345"[..];
    let err = loop {
        match p.parse(input) {
            Ok((used, Some(_))) => input = &input[used..],
            Ok((_, None)) => panic!("limit not applied"),
            Err(e) => break e,
        }
    };
    assert!(matches!(
        err,
        Error::LimitExceeded {
            value: 5,
            limit: 4,
            ..
        }
    ));
}
