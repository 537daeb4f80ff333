//! The response body format of MS-OXCMAPIHTTP 2.2.2.2 and 2.2.7: meta-tag lines, the
//! additional headers after `DONE`, then the binary body.
//!
//! A server answers every MAPI over HTTP request with an HTTP body that starts with text:
//!
//! ```text
//! PROCESSING\r\n          the request is queued (always first)
//! PENDING\r\n             a keep-alive, repeated every X-PendingPeriod while the call runs
//! DONE\r\n                the call finished
//! X-ElapsedTime: 12\r\n   additional headers (2.2.3.3.7, 2.2.3.3.8) ...
//! X-StartTime: Mon, 01 Jan 2024 00:00:00 GMT\r\n
//! \r\n                    ... ended by an empty line
//! <binary response body>
//! ```
//!
//! This text travels inside the HTTP body (normally chunked, one HTTP chunk per flush), so
//! [`MetaTagParser`] works on the de-chunked body bytes that
//! [`MessageFramer`](super::message::MessageFramer) hands out. It is a push parser: feed it
//! whatever arrived, in any split, and it returns one [`Event`] at a time or says it needs
//! more. Lines are buffered only while incomplete and never beyond
//! [`Limits::max_line`](crate::Limits); the binary body is never buffered, it is handed back
//! as slices of the input.
//!
//! ```
//! use oxwire_moh::http::meta_tags::{Event, MetaTag, MetaTagParser};
//!
//! let wire = b"PROCESSING\r\nPENDING\r\nDONE\r\nX-ElapsedTime: 3\r\n\r\n\x01\x02";
//! let mut p = MetaTagParser::new(Default::default());
//! let mut tags = Vec::new();
//! let mut body = Vec::new();
//! // Feed one octet at a time: the events are the same as for the whole slice.
//! for b in wire.chunks(1) {
//!     let mut input = b;
//!     loop {
//!         let (used, event) = p.parse(input)?;
//!         input = &input[used..];
//!         match event {
//!             Some(Event::MetaTag(t)) => tags.push(t),
//!             Some(Event::AdditionalHeader { name, value }) => {
//!                 assert_eq!((name, value), ("X-ElapsedTime", &b"3"[..]))
//!             }
//!             Some(Event::BodyStart) => {}
//!             Some(Event::Body(bytes)) => body.extend_from_slice(bytes),
//!             None => break,
//!         }
//!     }
//! }
//! p.finish()?;
//! assert_eq!(tags, [MetaTag::Processing, MetaTag::Pending, MetaTag::Done]);
//! assert_eq!(body, [1, 2]);
//! # Ok::<(), oxwire_moh::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::limits::Limits;

/// One of the three meta-tags of MS-OXCMAPIHTTP 2.2.7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetaTag {
    /// The server has queued the request; always the first line.
    Processing,
    /// The request is still running; a keep-alive that may repeat.
    Pending,
    /// The request finished; additional headers and the body follow.
    Done,
}

impl MetaTag {
    /// The line as sent, without its CRLF.
    pub fn as_str(self) -> &'static str {
        match self {
            MetaTag::Processing => "PROCESSING",
            MetaTag::Pending => "PENDING",
            MetaTag::Done => "DONE",
        }
    }

    /// The meta-tag a line (CRLF removed) names. The specification spells them in capitals
    /// and servers send them so; anything else is not a meta-tag.
    pub fn from_line(line: &[u8]) -> Option<MetaTag> {
        match line {
            b"PROCESSING" => Some(MetaTag::Processing),
            b"PENDING" => Some(MetaTag::Pending),
            b"DONE" => Some(MetaTag::Done),
            _ => None,
        }
    }
}

impl std::fmt::Display for MetaTag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What [`MetaTagParser::parse`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event<'a> {
    /// A meta-tag line.
    MetaTag(MetaTag),
    /// One `Name: value` line after `DONE` (e.g. `X-ElapsedTime`), value trimmed of
    /// surrounding blanks.
    AdditionalHeader {
        /// Header name as sent.
        name: &'a str,
        /// Header value as sent, without leading or trailing blanks.
        value: &'a [u8],
    },
    /// The empty line after the additional headers: what follows is the binary body.
    BodyStart,
    /// Octets of the binary body, borrowed from the input.
    Body(&'a [u8]),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Expecting PROCESSING.
    First,
    /// After PROCESSING: PENDING or DONE.
    Tags,
    /// After DONE: header lines until an empty one.
    Headers,
    /// After the empty line.
    Body,
}

/// Push parser for the meta-tag section of a response body. See the [module](self) docs.
#[derive(Debug, Clone)]
pub struct MetaTagParser {
    limits: Limits,
    state: State,
    /// Bytes of an incomplete line carried over from earlier input.
    line: Vec<u8>,
    /// The carried-over line was handed out and is dropped on the next call.
    line_done: bool,
    /// Offset of the next octet from the start of the body.
    pos: u64,
    /// Octets of additional header lines so far.
    header_bytes: usize,
    /// Octets of binary body so far.
    body_bytes: u64,
    pending: u64,
}

impl MetaTagParser {
    /// A parser at the start of a response body.
    pub fn new(limits: Limits) -> Self {
        MetaTagParser {
            limits,
            state: State::First,
            line: Vec::new(),
            line_done: false,
            pos: 0,
            header_bytes: 0,
            body_bytes: 0,
            pending: 0,
        }
    }

    /// Starts over for the next response body, keeping the line buffer's allocation.
    pub fn reset(&mut self) {
        let limits = std::mem::take(&mut self.limits);
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        *self = MetaTagParser {
            line,
            ..MetaTagParser::new(limits)
        };
    }

    /// Whether `DONE` and the empty line after its headers were seen.
    pub fn in_body(&self) -> bool {
        self.state == State::Body
    }

    /// How many PENDING keep-alives were seen.
    pub fn pending_count(&self) -> u64 {
        self.pending
    }

    /// Octets consumed so far, from the start of the body.
    pub fn offset(&self) -> u64 {
        self.pos
    }

    /// Reads from `input` and returns how many octets it used and the next event, or `None`
    /// when every octet was used (kept in the line buffer if needed) and more are required.
    /// Call again with the unused rest until it returns `None`.
    pub fn parse<'a>(&'a mut self, input: &'a [u8]) -> Result<(usize, Option<Event<'a>>)> {
        if self.line_done {
            self.line.clear();
            self.line_done = false;
        }
        if self.state == State::Body {
            if input.is_empty() {
                return Ok((0, None));
            }
            let total = self.body_bytes.saturating_add(input.len() as u64);
            if total > self.limits.max_body as u64 {
                return Err(Error::LimitExceeded {
                    what: "response body after the meta-tags",
                    offset: usize::try_from(self.pos).unwrap_or(usize::MAX),
                    value: total,
                    limit: self.limits.max_body as u64,
                });
            }
            self.body_bytes = total;
            self.pos += input.len() as u64;
            return Ok((input.len(), Some(Event::Body(input))));
        }
        let line_start = self.pos - self.line.len() as u64;
        let (used, at) = match self.take_line(input)? {
            (used, None) => return Ok((used, None)),
            (used, Some(at)) => (used, at),
        };
        let (tag, len) = {
            let line = match at {
                LineAt::Input(a, b) => strip_cr(&input[a..b]),
                LineAt::Buffer => strip_cr(&self.line),
            };
            (MetaTag::from_line(line), line.len())
        };
        match self.state {
            State::First | State::Tags => {
                let tag = tag.ok_or(Error::UnknownMetaTag { offset: line_start })?;
                match (self.state, tag) {
                    (State::First, MetaTag::Processing) => self.state = State::Tags,
                    (State::Tags, MetaTag::Pending) => self.pending += 1,
                    (State::Tags, MetaTag::Done) => self.state = State::Headers,
                    _ => {
                        return Err(Error::MetaTagOrder {
                            tag: tag.as_str(),
                            offset: line_start,
                        })
                    }
                }
                Ok((used, Some(Event::MetaTag(tag))))
            }
            _ if len == 0 => {
                self.state = State::Body;
                Ok((used, Some(Event::BodyStart)))
            }
            _ => {
                self.header_bytes = self.header_bytes.saturating_add(len + 2);
                if self.header_bytes > self.limits.max_header_block {
                    return Err(Error::LimitExceeded {
                        what: "additional headers after DONE",
                        offset: usize::try_from(line_start).unwrap_or(usize::MAX),
                        value: self.header_bytes as u64,
                        limit: self.limits.max_header_block as u64,
                    });
                }
                let line: &'a [u8] = match at {
                    LineAt::Input(a, b) => strip_cr(&input[a..b]),
                    LineAt::Buffer => strip_cr(&self.line),
                };
                let (name, value) = split_header_line(line, line_start)?;
                Ok((used, Some(Event::AdditionalHeader { name, value })))
            }
        }
    }

    /// Reads up to the next LF. Updates `pos` for what it consumes.
    fn take_line(&mut self, input: &[u8]) -> Result<(usize, Option<LineAt>)> {
        let max = self.limits.max_line;
        match input.iter().position(|&b| b == b'\n') {
            Some(i) => {
                let have = self.line.len() + i;
                if have > max.saturating_add(1) {
                    return Err(self.line_too_long(have));
                }
                self.pos += (i + 1) as u64;
                if self.line.is_empty() {
                    Ok((i + 1, Some(LineAt::Input(0, i))))
                } else {
                    self.line.extend_from_slice(&input[..i]);
                    self.line_done = true;
                    Ok((i + 1, Some(LineAt::Buffer)))
                }
            }
            None => {
                let have = self.line.len() + input.len();
                // One more octet is allowed for the CR before the LF.
                if have > max.saturating_add(1) {
                    return Err(self.line_too_long(have));
                }
                self.line.extend_from_slice(input);
                self.pos += input.len() as u64;
                Ok((input.len(), None))
            }
        }
    }

    fn line_too_long(&self, have: usize) -> Error {
        Error::LimitExceeded {
            what: match self.state {
                State::Headers => "additional header line",
                _ => "meta-tag line",
            },
            offset: usize::try_from(self.pos - self.line.len() as u64).unwrap_or(usize::MAX),
            value: have as u64,
            limit: self.limits.max_line as u64,
        }
    }

    /// Declares the end of the body: fails unless `DONE` and the empty line after the
    /// additional headers were seen.
    pub fn finish(&self) -> Result<()> {
        if !self.line.is_empty() && !self.line_done {
            return Err(Error::Truncated {
                what: match self.state {
                    State::Headers => "additional header line",
                    _ => "meta-tag line",
                },
                offset: usize::try_from(self.pos - self.line.len() as u64).unwrap_or(usize::MAX),
                needed: 1,
            });
        }
        match self.state {
            State::Body => Ok(()),
            State::First | State::Tags => Err(Error::MissingDone {
                missing: "DONE",
                offset: self.pos,
            }),
            State::Headers => Err(Error::MissingDone {
                missing: "the empty line after the additional headers",
                offset: self.pos,
            }),
        }
    }
}

enum LineAt {
    /// `input[a..b]`.
    Input(usize, usize),
    /// The carried-over buffer.
    Buffer,
}

fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn split_header_line(line: &[u8], offset: u64) -> Result<(&str, &[u8])> {
    let bad = |reason| Error::Framing {
        what: "additional header",
        offset,
        reason,
    };
    let colon = line
        .iter()
        .position(|&b| b == b':')
        .ok_or_else(|| bad("no colon"))?;
    let name = &line[..colon];
    if name.is_empty() || !name.iter().all(|&b| is_token(b)) {
        return Err(bad("name is not a token"));
    }
    let value = trim_blanks(&line[colon + 1..]);
    if value.iter().any(|&b| b == b'\r' || b == 0) {
        return Err(bad("control octet in value"));
    }
    // A token is ASCII, so this cannot fail.
    let name = std::str::from_utf8(name).map_err(|_| bad("name is not a token"))?;
    Ok((name, value))
}

pub(crate) fn trim_blanks(v: &[u8]) -> &[u8] {
    let start = v
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(v.len());
    let end = v
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(start, |e| e + 1);
    &v[start..end]
}

/// A whole response body split into its parts, for callers that have all of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseBody<'a> {
    /// How many PENDING keep-alives preceded DONE.
    pub pending: u64,
    /// The additional headers after DONE, in order.
    pub headers: Vec<(String, Vec<u8>)>,
    /// The binary body after the empty line.
    pub body: &'a [u8],
}

impl<'a> ResponseBody<'a> {
    /// Splits a complete response body.
    pub fn decode(data: &'a [u8], limits: &Limits) -> Result<ResponseBody<'a>> {
        let mut p = MetaTagParser::new(limits.clone());
        let mut headers = Vec::new();
        let mut input = data;
        let mut body_at = None;
        loop {
            let (used, event) = p.parse(input)?;
            input = &input[used..];
            match event {
                None => break,
                Some(Event::AdditionalHeader { name, value }) => {
                    headers.push((name.to_owned(), value.to_vec()))
                }
                Some(Event::BodyStart) => {
                    body_at = Some(data.len() - input.len());
                    break;
                }
                Some(_) => {}
            }
        }
        p.finish()?;
        let at = body_at.unwrap_or(data.len());
        let body = &data[at..];
        if body.len() > limits.max_body {
            return Err(Error::LimitExceeded {
                what: "response body after the meta-tags",
                offset: at,
                value: body.len() as u64,
                limit: limits.max_body as u64,
            });
        }
        Ok(ResponseBody {
            pending: p.pending_count(),
            headers,
            body,
        })
    }

    /// The first additional header of that name (ASCII case ignored).
    pub fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }
}

/// Appends one meta-tag line.
pub fn put_meta_tag(out: &mut Vec<u8>, tag: MetaTag) {
    out.extend_from_slice(tag.as_str().as_bytes());
    out.extend_from_slice(b"\r\n");
}

/// Appends `DONE`, the additional headers and the empty line that ends them; the binary body
/// goes right after. Names must be tokens and values free of CR, LF and NUL.
pub fn put_done(out: &mut Vec<u8>, headers: &[(&str, &str)]) -> Result<()> {
    for (name, value) in headers {
        if name.is_empty() || !name.bytes().all(is_token) {
            return Err(Error::Header {
                name: "additional header",
                reason: "name is not a token",
            });
        }
        if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
            return Err(Error::Header {
                name: "additional header",
                reason: "value holds CR, LF or NUL",
            });
        }
    }
    put_meta_tag(out, MetaTag::Done);
    for (name, value) in headers {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(p: &mut MetaTagParser, mut input: &[u8]) -> Result<Vec<String>> {
        let mut out = Vec::new();
        loop {
            let (used, ev) = p.parse(input)?;
            input = &input[used..];
            match ev {
                None => return Ok(out),
                Some(Event::MetaTag(t)) => out.push(t.to_string()),
                Some(Event::AdditionalHeader { name, value }) => {
                    out.push(format!("{name}={}", String::from_utf8_lossy(value)))
                }
                Some(Event::BodyStart) => out.push("|".into()),
                Some(Event::Body(b)) => out.push(format!("{b:?}")),
            }
        }
    }

    #[test]
    fn processing_must_come_first() {
        let mut p = MetaTagParser::new(Limits::default());
        assert!(matches!(
            events(&mut p, b"DONE\r\n"),
            Err(Error::MetaTagOrder {
                tag: "DONE",
                offset: 0
            })
        ));
        let mut p = MetaTagParser::new(Limits::default());
        assert!(matches!(
            events(&mut p, b"PROCESSING\r\nPROCESSING\r\n"),
            Err(Error::MetaTagOrder {
                tag: "PROCESSING",
                offset: 12
            })
        ));
    }

    #[test]
    fn unknown_tag_and_lower_case_are_refused() {
        let mut p = MetaTagParser::new(Limits::default());
        assert!(matches!(
            events(&mut p, b"PROCESSING\r\npending\r\n"),
            Err(Error::UnknownMetaTag { offset: 12 })
        ));
    }

    #[test]
    fn long_line_is_refused_before_buffering_it() {
        let limits = Limits {
            max_line: 16,
            ..Limits::default()
        };
        let mut p = MetaTagParser::new(limits);
        let junk = [b'A'; 64];
        assert!(matches!(
            events(&mut p, &junk),
            Err(Error::LimitExceeded {
                value: 64,
                limit: 16,
                ..
            })
        ));
        assert!(p.line.capacity() < 64);
    }

    #[test]
    fn finish_reports_what_is_missing() {
        let mut p = MetaTagParser::new(Limits::default());
        events(&mut p, b"PROCESSING\r\nPEN").unwrap();
        assert!(matches!(
            p.finish(),
            Err(Error::Truncated { offset: 12, .. })
        ));
        let mut p = MetaTagParser::new(Limits::default());
        events(&mut p, b"PROCESSING\r\n").unwrap();
        assert!(matches!(
            p.finish(),
            Err(Error::MissingDone {
                missing: "DONE",
                ..
            })
        ));
        let mut p = MetaTagParser::new(Limits::default());
        events(&mut p, b"PROCESSING\r\nDONE\r\nX-A: 1\r\n").unwrap();
        assert!(matches!(
            p.finish(),
            Err(Error::MissingDone { offset: 26, .. })
        ));
    }

    #[test]
    fn header_values_are_trimmed_and_names_checked() {
        let mut p = MetaTagParser::new(Limits::default());
        let ev = events(&mut p, b"PROCESSING\r\nDONE\r\nX-ElapsedTime:\t 7 \r\n\r\n").unwrap();
        assert_eq!(ev, ["PROCESSING", "DONE", "X-ElapsedTime=7", "|"]);
        let mut p = MetaTagParser::new(Limits::default());
        assert!(matches!(
            events(&mut p, b"PROCESSING\r\nDONE\r\nBad Name: 1\r\n"),
            Err(Error::Framing { offset: 18, .. })
        ));
    }

    #[test]
    fn builder_refuses_injection() {
        let mut out = Vec::new();
        assert!(put_done(&mut out, &[("X-A", "1\r\nX-B: 2")]).is_err());
        assert!(put_done(&mut out, &[("X A", "1")]).is_err());
        assert!(out.is_empty());
    }
}
