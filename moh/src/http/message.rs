//! A minimal HTTP/1.1 message framer for one direction of a TCP stream, for passive use (the
//! dissector, the proxy): push the octets as they arrive, get each message's head and its
//! de-framed body.
//!
//! Heads are read with `httparse` once their empty line is present, buffered up to
//! [`Limits::max_header_block`](crate::Limits). Bodies are framed by RFC 9112 6.3:
//! `Transfer-Encoding` ending in `chunked` (decoded here, hostile input in mind: size
//! overflow, giant sizes, extensions, trailers), else `Content-Length`, else empty for a
//! request and up to the end of the stream for a response. 1xx, 204 and 304 responses have no
//! body. Body octets are handed out as slices of the input, never buffered; their total per
//! message is bounded by [`Limits::max_body`](crate::Limits). Pipelined messages follow one
//! another in the same input.
//!
//! ```
//! use oxwire_moh::http::message::{Direction, MessageEvent, MessageFramer};
//!
//! let wire = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
//!              c\r\nPROCESSING\r\n\r\n6\r\nDONE\r\n\r\n0\r\n\r\n";
//! let mut f = MessageFramer::new(Direction::Responses, Default::default());
//! let mut body = Vec::new();
//! let mut input = &wire[..];
//! loop {
//!     let (used, event) = f.parse(input)?;
//!     input = &input[used..];
//!     match event {
//!         Some(MessageEvent::Head(h)) => assert_eq!(h.status(), Some(200)),
//!         Some(MessageEvent::Body(b)) => body.extend_from_slice(b),
//!         Some(MessageEvent::End) => {}
//!         None => break,
//!     }
//! }
//! assert_eq!(body, b"PROCESSING\r\nDONE\r\n");
//! # Ok::<(), oxwire_moh::Error>(())
//! ```

use super::headers::Headers;
use crate::error::{Error, Result};
use crate::limits::Limits;

/// Most header fields in one head.
pub const MAX_HEADER_FIELDS: usize = 128;

/// Which side of the connection the octets come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Client to server: requests.
    Requests,
    /// Server to client: responses.
    Responses,
}

/// The first line of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartLine {
    /// `METHOD target HTTP/1.x`.
    Request {
        /// Method, e.g. `POST`.
        method: String,
        /// Request target, e.g. `/mapi/emsmdb/?MailboxId=...`.
        target: String,
    },
    /// `HTTP/1.x status reason`.
    Response {
        /// Status code.
        status: u16,
        /// Reason phrase.
        reason: String,
    },
}

/// How a message's body is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFraming {
    /// No body.
    Empty,
    /// `Content-Length` octets.
    Length(u64),
    /// `Transfer-Encoding: chunked`.
    Chunked,
    /// Up to the end of the stream (a response without either header).
    UntilClose,
}

/// A parsed message head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// Request or status line.
    pub start: StartLine,
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    pub minor_version: u8,
    /// Header fields in order.
    pub headers: Headers,
    /// How the body is delimited.
    pub framing: BodyFraming,
    /// The head as received, empty line included, for forwarding untouched.
    pub raw: Vec<u8>,
}

impl Head {
    /// The status code of a response.
    pub fn status(&self) -> Option<u16> {
        match self.start {
            StartLine::Response { status, .. } => Some(status),
            StartLine::Request { .. } => None,
        }
    }

    /// The method of a request.
    pub fn method(&self) -> Option<&str> {
        match &self.start {
            StartLine::Request { method, .. } => Some(method),
            StartLine::Response { .. } => None,
        }
    }

    /// The target of a request.
    pub fn target(&self) -> Option<&str> {
        match &self.start {
            StartLine::Request { target, .. } => Some(target),
            StartLine::Response { .. } => None,
        }
    }
}

/// What [`MessageFramer::parse`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageEvent<'a> {
    /// A complete head.
    Head(Head),
    /// De-framed body octets, borrowed from the input.
    Body(&'a [u8]),
    /// The current message's body ended.
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Head,
    Length(u64),
    Chunked,
    UntilClose,
    /// The body just ended; `End` is due.
    EndDue,
}

/// Frames the messages of one stream direction. See the [module](self) docs.
#[derive(Debug, Clone)]
pub struct MessageFramer {
    dir: Direction,
    limits: Limits,
    state: State,
    head: Vec<u8>,
    chunk: ChunkDecoder,
    pos: u64,
    body_len: u64,
}

impl MessageFramer {
    /// A framer at the start of a stream direction.
    pub fn new(dir: Direction, limits: Limits) -> Self {
        MessageFramer {
            dir,
            limits,
            state: State::Head,
            head: Vec::new(),
            chunk: ChunkDecoder::default(),
            pos: 0,
            body_len: 0,
        }
    }

    /// Octets consumed since the start of the stream direction.
    pub fn offset(&self) -> u64 {
        self.pos
    }

    /// Whether the framer sits between messages (nothing of a next head buffered).
    pub fn is_idle(&self) -> bool {
        self.state == State::Head && self.head.is_empty()
    }

    /// Reads from `input`; returns how many octets it used and the next event, or `None`
    /// once every octet was used and more are needed. Call again with the rest until `None`.
    pub fn parse<'a>(&mut self, input: &'a [u8]) -> Result<(usize, Option<MessageEvent<'a>>)> {
        match self.state {
            State::EndDue => {
                self.state = State::Head;
                Ok((0, Some(MessageEvent::End)))
            }
            State::Head => self.parse_head(input),
            State::Length(rest) => {
                if input.is_empty() {
                    return Ok((0, None));
                }
                let n = usize::try_from(rest).unwrap_or(usize::MAX).min(input.len());
                self.pos += n as u64;
                let left = rest - n as u64;
                self.state = if left == 0 {
                    State::EndDue
                } else {
                    State::Length(left)
                };
                Ok((n, Some(MessageEvent::Body(&input[..n]))))
            }
            State::UntilClose => {
                if input.is_empty() {
                    return Ok((0, None));
                }
                self.count_body(input.len() as u64)?;
                self.pos += input.len() as u64;
                Ok((input.len(), Some(MessageEvent::Body(input))))
            }
            State::Chunked => {
                let (used, out) = self.chunk.decode(input, self.pos, &self.limits)?;
                self.pos += used as u64;
                match out {
                    ChunkOut::Data(d) => {
                        self.count_body(d.len() as u64)?;
                        Ok((used, Some(MessageEvent::Body(d))))
                    }
                    ChunkOut::NeedMore => Ok((used, None)),
                    ChunkOut::Done => {
                        self.chunk = ChunkDecoder::default();
                        self.state = State::Head;
                        Ok((used, Some(MessageEvent::End)))
                    }
                }
            }
        }
    }

    /// Declares the end of the stream. Ends a body that runs to the close; fails if a head,
    /// a `Content-Length` body or a chunked body is incomplete.
    pub fn finish(&mut self) -> Result<Option<MessageEvent<'static>>> {
        match self.state {
            State::EndDue | State::UntilClose => {
                self.state = State::Head;
                Ok(Some(MessageEvent::End))
            }
            State::Head if self.head.is_empty() => Ok(None),
            State::Head => Err(Error::Truncated {
                what: "HTTP head",
                offset: to_usize(self.pos - self.head.len() as u64),
                needed: 1,
            }),
            State::Length(rest) => Err(Error::Truncated {
                what: "HTTP body (Content-Length)",
                offset: to_usize(self.pos),
                needed: to_usize(rest),
            }),
            State::Chunked => Err(Error::Truncated {
                what: "HTTP body (chunked)",
                offset: to_usize(self.pos),
                needed: 1,
            }),
        }
    }

    fn count_body(&mut self, n: u64) -> Result<()> {
        self.body_len = self.body_len.saturating_add(n);
        if self.body_len > self.limits.max_body as u64 {
            return Err(Error::LimitExceeded {
                what: "HTTP body",
                offset: to_usize(self.pos),
                value: self.body_len,
                limit: self.limits.max_body as u64,
            });
        }
        Ok(())
    }

    fn parse_head<'a>(&mut self, input: &'a [u8]) -> Result<(usize, Option<MessageEvent<'a>>)> {
        let max = self.limits.max_header_block;
        let old = self.head.len();
        let take = input.len().min(max.saturating_sub(old));
        // Look for the empty line only in what is new (and the 3 octets before it).
        let search_from = old.saturating_sub(3);
        self.head.extend_from_slice(&input[..take]);
        let end = find_head_end(&self.head[search_from..]).map(|e| e + search_from);
        let Some(end) = end else {
            // The octets just buffered count as consumed, so that `pos - head.len()` stays the
            // head's start on a later call or in `finish`.
            self.pos += take as u64;
            if self.head.len() >= max {
                return Err(Error::LimitExceeded {
                    what: "HTTP header block",
                    offset: to_usize(self.pos - self.head.len() as u64),
                    value: self.head.len() as u64 + u64::from(take < input.len()),
                    limit: max as u64,
                });
            }
            return Ok((take, None));
        };
        let used = end - old;
        let head_start = self.pos - old as u64;
        self.pos += used as u64;
        self.head.truncate(end);
        let raw = std::mem::take(&mut self.head);
        let head = self.read_head(raw, head_start)?;
        self.body_len = 0;
        self.state = match head.framing {
            BodyFraming::Empty | BodyFraming::Length(0) => State::EndDue,
            BodyFraming::Length(n) => State::Length(n),
            BodyFraming::Chunked => State::Chunked,
            BodyFraming::UntilClose => State::UntilClose,
        };
        Ok((used, Some(MessageEvent::Head(head))))
    }

    fn read_head(&self, raw: Vec<u8>, at: u64) -> Result<Head> {
        let mut fields = [httparse::EMPTY_HEADER; MAX_HEADER_FIELDS];
        let framing_err = |what, reason| Error::Framing {
            what,
            offset: at,
            reason,
        };
        let map = |e: httparse::Error| {
            framing_err(
                "HTTP head",
                match e {
                    httparse::Error::HeaderName => "invalid header name",
                    httparse::Error::HeaderValue => "invalid header value",
                    httparse::Error::NewLine => "invalid line ending",
                    httparse::Error::Status => "invalid status code",
                    httparse::Error::Token => "invalid token",
                    httparse::Error::TooManyHeaders => "too many header fields",
                    httparse::Error::Version => "invalid HTTP version",
                },
            )
        };
        let (start, minor, list) = match self.dir {
            Direction::Requests => {
                let mut req = httparse::Request::new(&mut fields);
                match req.parse(&raw).map_err(map)? {
                    httparse::Status::Complete(_) => {}
                    httparse::Status::Partial => {
                        return Err(framing_err("HTTP head", "incomplete"))
                    }
                }
                let start = StartLine::Request {
                    method: req.method.unwrap_or_default().to_owned(),
                    target: req.path.unwrap_or_default().to_owned(),
                };
                (start, req.version.unwrap_or(1), collect(req.headers))
            }
            Direction::Responses => {
                let mut resp = httparse::Response::new(&mut fields);
                match resp.parse(&raw).map_err(map)? {
                    httparse::Status::Complete(_) => {}
                    httparse::Status::Partial => {
                        return Err(framing_err("HTTP head", "incomplete"))
                    }
                }
                let start = StartLine::Response {
                    status: resp.code.unwrap_or(0),
                    reason: resp.reason.unwrap_or_default().to_owned(),
                };
                (start, resp.version.unwrap_or(1), collect(resp.headers))
            }
        };
        let headers = Headers::from_raw(list);
        let framing = self.framing(&start, &headers, at)?;
        if let BodyFraming::Length(n) = framing {
            if n > self.limits.max_body as u64 {
                return Err(Error::LimitExceeded {
                    what: "Content-Length",
                    offset: to_usize(at),
                    value: n,
                    limit: self.limits.max_body as u64,
                });
            }
        }
        Ok(Head {
            start,
            minor_version: minor,
            headers,
            framing,
            raw,
        })
    }

    /// RFC 9112 6.3.
    fn framing(&self, start: &StartLine, h: &Headers, at: u64) -> Result<BodyFraming> {
        let err = |what, reason| Error::Framing {
            what,
            offset: at,
            reason,
        };
        if let StartLine::Response { status, .. } = start {
            if (100..200).contains(status) && *status != 101 || *status == 204 || *status == 304 {
                return Ok(BodyFraming::Empty);
            }
            if *status == 101 {
                return Ok(BodyFraming::UntilClose);
            }
        }
        let mut codings = h
            .get_all("Transfer-Encoding")
            .flat_map(|v| v.split(|&b| b == b','))
            .map(super::meta_tags::trim_blanks)
            .filter(|c| !c.is_empty())
            .peekable();
        if codings.peek().is_some() {
            let chunked_last = codings
                .last()
                .is_some_and(|c| c.eq_ignore_ascii_case(b"chunked"));
            return match (self.dir, chunked_last) {
                (Direction::Requests, _) if h.get("Content-Length").is_some() => Err(err(
                    "Transfer-Encoding",
                    "request has both Transfer-Encoding and Content-Length",
                )),
                (_, true) => Ok(BodyFraming::Chunked),
                (Direction::Requests, false) => Err(err(
                    "Transfer-Encoding",
                    "request coding does not end in chunked",
                )),
                (Direction::Responses, false) => Ok(BodyFraming::UntilClose),
            };
        }
        let mut length = None;
        for v in h.get_all("Content-Length") {
            let n = parse_content_length(v).ok_or(err("Content-Length", "not a decimal number"))?;
            if length.is_some_and(|l| l != n) {
                return Err(err("Content-Length", "fields disagree"));
            }
            length = Some(n);
        }
        Ok(match (length, self.dir) {
            (Some(n), _) => BodyFraming::Length(n),
            (None, Direction::Requests) => BodyFraming::Empty,
            (None, Direction::Responses) => BodyFraming::UntilClose,
        })
    }
}

fn collect(fields: &[httparse::Header<'_>]) -> Vec<(String, Vec<u8>)> {
    fields
        .iter()
        .map(|f| (f.name.to_owned(), f.value.to_vec()))
        .collect()
}

fn to_usize(v: u64) -> usize {
    usize::try_from(v).unwrap_or(usize::MAX)
}

/// Index just past the empty line ending a head (`\n\n` or `\n\r\n`).
fn find_head_end(buf: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < buf.len() {
        if buf[i] == b'\n' {
            match buf.get(i + 1..) {
                Some([b'\n', ..]) => return Some(i + 2),
                Some([b'\r', b'\n', ..]) => return Some(i + 3),
                _ => {}
            }
        }
        i += 1;
    }
    None
}

/// A `Content-Length` value: decimal digits, or a comma list of equal ones (RFC 9110 8.6).
pub(crate) fn parse_content_length(v: &[u8]) -> Option<u64> {
    let mut found = None;
    for part in v.split(|&b| b == b',') {
        let p = super::meta_tags::trim_blanks(part);
        if p.is_empty() || p.len() > 19 || !p.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let n = p.iter().fold(0u64, |a, &d| a * 10 + u64::from(d - b'0'));
        if found.is_some_and(|f| f != n) {
            return None;
        }
        found = Some(n);
    }
    found
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Chunk {
    /// Reading the hex size.
    #[default]
    Size,
    /// After the size: blanks and `;extensions` up to the LF.
    Ext,
    /// Inside chunk data.
    Data,
    /// After data: CR or LF expected.
    DataCr,
    /// After data and CR: LF expected.
    DataLf,
    /// Trailer lines (after the last chunk) until an empty one.
    Trailer,
}

#[derive(Debug, Clone, Default)]
struct ChunkDecoder {
    state: Chunk,
    size: u64,
    digits: u8,
    /// Octets of the current size or trailer line.
    line: usize,
    /// Octets of every trailer line.
    trailer: usize,
}

enum ChunkOut<'a> {
    Data(&'a [u8]),
    NeedMore,
    Done,
}

impl ChunkDecoder {
    /// Reads chunk framing from `input`; returns octets used and either data (a slice of
    /// `input`), a request for more, or the end of the body (after the trailers).
    fn decode<'a>(
        &mut self,
        input: &'a [u8],
        base: u64,
        limits: &Limits,
    ) -> Result<(usize, ChunkOut<'a>)> {
        let bad = |i: usize, what, reason| Error::Framing {
            what,
            offset: base + i as u64,
            reason,
        };
        let mut i = 0;
        loop {
            if self.state == Chunk::Data {
                let rest = &input[i..];
                if rest.is_empty() {
                    return Ok((i, ChunkOut::NeedMore));
                }
                let n = usize::try_from(self.size)
                    .unwrap_or(usize::MAX)
                    .min(rest.len());
                self.size -= n as u64;
                if self.size == 0 {
                    self.state = Chunk::DataCr;
                }
                return Ok((i + n, ChunkOut::Data(&rest[..n])));
            }
            let Some(&b) = input.get(i) else {
                return Ok((i, ChunkOut::NeedMore));
            };
            match self.state {
                Chunk::Size => {
                    self.line += 1;
                    if let Some(d) = (b as char).to_digit(16) {
                        if self.digits >= 16 {
                            return Err(bad(i, "chunk size", "more than 16 hex digits"));
                        }
                        self.size = self.size << 4 | u64::from(d);
                        self.digits += 1;
                    } else if self.digits == 0 {
                        return Err(bad(i, "chunk size", "no hex digit"));
                    } else if b == b'\n' {
                        self.size_done(base + i as u64, limits)?;
                    } else if matches!(b, b';' | b' ' | b'\t' | b'\r') {
                        self.state = Chunk::Ext;
                    } else {
                        return Err(bad(i, "chunk size", "not a hex digit"));
                    }
                }
                Chunk::Ext => {
                    self.line += 1;
                    if self.line > limits.max_line {
                        return Err(Error::LimitExceeded {
                            what: "chunk size line",
                            offset: to_usize(base + i as u64),
                            value: self.line as u64,
                            limit: limits.max_line as u64,
                        });
                    }
                    match b {
                        b'\n' => self.size_done(base + i as u64, limits)?,
                        0 => return Err(bad(i, "chunk extension", "NUL octet")),
                        _ => {}
                    }
                }
                Chunk::Data => {}
                Chunk::DataCr => match b {
                    b'\r' => self.state = Chunk::DataLf,
                    b'\n' => self.start_line(),
                    _ => return Err(bad(i, "chunk data", "no CRLF after the chunk")),
                },
                Chunk::DataLf => match b {
                    b'\n' => self.start_line(),
                    _ => return Err(bad(i, "chunk data", "no CRLF after the chunk")),
                },
                Chunk::Trailer => {
                    if b == b'\n' {
                        if self.line == 0 {
                            return Ok((i + 1, ChunkOut::Done));
                        }
                        self.line = 0;
                    } else if b == b'\r' && self.line == 0 {
                        // The CR of the final empty line.
                    } else {
                        self.line += 1;
                        self.trailer += 1;
                        if self.line > limits.max_line || self.trailer > limits.max_header_block {
                            return Err(Error::LimitExceeded {
                                what: "chunked trailer",
                                offset: to_usize(base + i as u64),
                                value: self.trailer as u64,
                                limit: limits.max_header_block as u64,
                            });
                        }
                        if b == 0 {
                            return Err(bad(i, "chunked trailer", "NUL octet"));
                        }
                    }
                }
            }
            i += 1;
        }
    }

    fn start_line(&mut self) {
        self.state = Chunk::Size;
        self.size = 0;
        self.digits = 0;
        self.line = 0;
    }

    /// The size line ended at `at`: data follows, or the trailers after the last chunk.
    fn size_done(&mut self, at: u64, limits: &Limits) -> Result<()> {
        if self.size > limits.max_body as u64 {
            return Err(Error::LimitExceeded {
                what: "chunk size",
                offset: to_usize(at),
                value: self.size,
                limit: limits.max_body as u64,
            });
        }
        self.line = 0;
        self.state = if self.size == 0 {
            Chunk::Trailer
        } else {
            Chunk::Data
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_head_then_more_input_or_finish_does_not_underflow() {
        let limits = Limits {
            max_header_block: 16,
            ..Limits::default()
        };
        let junk = [b'A'; 40];
        let mut f = MessageFramer::new(Direction::Requests, limits.clone());
        let e = f.parse(&junk).unwrap_err();
        assert!(matches!(
            e,
            Error::LimitExceeded {
                offset: 0,
                value: 17,
                limit: 16,
                ..
            }
        ));
        assert!(matches!(
            f.parse(&junk[16..]),
            Err(Error::LimitExceeded { offset: 0, .. })
        ));
        assert!(matches!(
            f.finish(),
            Err(Error::Truncated { offset: 0, .. })
        ));

        let mut f = MessageFramer::new(Direction::Requests, limits);
        assert!(f.parse(&junk).is_err());
        assert!(matches!(
            f.finish(),
            Err(Error::Truncated { offset: 0, .. })
        ));
    }
}
