//! The HTTP side of RPC over HTTP v2 (MS-RPCH 2.1.2): the `RPC_IN_DATA` and `RPC_OUT_DATA`
//! requests that open channels, the proxy responses, echo requests, and the body of each
//! channel read as a stream of DCE/RPC PDUs.
//!
//! A channel's body is not one message: the client declares a large `Content-Length` (the
//! channel lifetime, up to 1 GiB for the IN channel) and then sends PDUs into it for as long
//! as the channel lives. [`ChannelReader`] therefore yields PDUs as they complete rather than a
//! body, and counts down the declared length. Headers it does not interpret, authentication
//! among them, are kept byte for byte in [`Head::raw`] so a proxy can forward them untouched.
//!
//! The proxy-to-server leg on port 593 is not HTTP: the server greets with the legacy
//! `ncacn_http/1.0` string and both sides then exchange raw PDUs; [`ChannelReader::legacy`]
//! reads that form.

use oxwire_msrpc::header::{peek_frag_length, Status, HEADER_LEN};
use oxwire_msrpc::Framer;

use crate::error::{Error, Result};
use crate::limits::Limits;

/// The greeting an ncacn_http server sends on accepting a connection (MS-RPCH 2.1.2.2).
pub const NCACN_HTTP_GREETING: &[u8] = b"ncacn_http/1.0";

/// `Content-Length` range of an echo request (MS-RPCH 2.1.2.1.5): 0 to 0x10 inclusive.
pub const ECHO_MAX_CONTENT_LENGTH: u64 = 0x10;

/// `Content-Length` of an echo response: one 20-byte Echo RTS PDU.
pub const ECHO_RESPONSE_LENGTH: u64 = 20;

/// The HTTP method of a channel request.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Method {
    /// `RPC_IN_DATA`: an IN channel or an echo request for one.
    RpcInData,
    /// `RPC_OUT_DATA`: an OUT channel or an echo request for one.
    RpcOutData,
    /// Anything else (kept so the caller can refuse it).
    Other(String),
}

/// A parsed request or status line with its headers.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Head {
    /// The request method (requests only).
    pub method: Option<Method>,
    /// The request target (requests only), e.g. `/rpc/rpcproxy.dll?server:593`.
    pub target: Option<String>,
    /// The status code (responses only).
    pub status: Option<u16>,
    /// The reason phrase (responses only).
    pub reason: Option<String>,
    /// HTTP minor version: 0 for HTTP/1.0, 1 for HTTP/1.1.
    pub minor_version: u8,
    /// Headers in order, names as sent, values as bytes.
    pub headers: Vec<(String, Vec<u8>)>,
    /// The declared `Content-Length`, if any.
    pub content_length: Option<u64>,
    /// Whether `Transfer-Encoding: chunked` applies.
    pub chunked: bool,
    /// The whole head as received, blank line included.
    pub raw: Vec<u8>,
}

impl Head {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }

    /// The `server:port` of an RPC proxy target (`/rpc/rpcproxy.dll?server:port`).
    pub fn server_port(&self) -> Option<(&str, u16)> {
        let q = self.target.as_deref()?.split_once('?')?.1;
        let (server, port) = q.rsplit_once(':')?;
        Some((server, port.parse().ok()?))
    }

    /// Whether this request is an echo request: an RPC method with a `Content-Length` of at
    /// most 0x10.
    pub fn is_echo(&self) -> bool {
        matches!(self.method, Some(Method::RpcInData | Method::RpcOutData))
            && self
                .content_length
                .is_some_and(|l| l <= ECHO_MAX_CONTENT_LENGTH)
    }
}

/// Builds a channel request head. `extra` headers (authentication, cookies, ...) are written
/// as given, after the ones MS-RPCH 2.1.2.1.1 lists.
pub fn request_head(
    method: &Method,
    target: &str,
    host: &str,
    content_length: u64,
    extra: &[(&str, &[u8])],
) -> Vec<u8> {
    let m = match method {
        Method::RpcInData => "RPC_IN_DATA",
        Method::RpcOutData => "RPC_OUT_DATA",
        Method::Other(s) => s.as_str(),
    };
    let mut h = format!(
        "{m} {target} HTTP/1.1\r\nAccept: application/rpc\r\nCache-Control: no-cache\r\n\
         Connection: Keep-Alive\r\nContent-Length: {content_length}\r\nHost: {host}\r\n\
         Pragma: No-cache\r\nUser-Agent: MSRPC\r\n"
    )
    .into_bytes();
    for (n, v) in extra {
        h.extend_from_slice(n.as_bytes());
        h.extend_from_slice(b": ");
        h.extend_from_slice(v);
        h.extend_from_slice(b"\r\n");
    }
    h.extend_from_slice(b"\r\n");
    h
}

/// The response head a proxy sends on an OUT channel (MS-RPCH 2.1.2.1.4): 200 Success with the
/// channel's lifetime as `Content-Length`.
pub fn out_channel_response_head(content_length: u64) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 Success\r\nContent-Type: application/rpc\r\nContent-Length: {content_length}\r\n\r\n"
    )
    .into_bytes()
}

/// The echo response head (MS-RPCH 2.1.2.1.6); the Echo RTS PDU follows.
pub fn echo_response_head() -> Vec<u8> {
    out_channel_response_head(ECHO_RESPONSE_LENGTH)
}

/// An error response (`503 RPC Error` style) with an empty body.
pub fn error_response(status: u16, reason: &str) -> Vec<u8> {
    format!("HTTP/1.1 {status} {reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        .into_bytes()
}

/// Which kind of message a [`ChannelReader`] expects.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Side {
    /// Requests (proxy reading from the client).
    Request,
    /// Responses (client reading from the proxy).
    Response,
    /// The legacy port-593 form: an optional `ncacn_http/1.0` greeting, then raw PDUs.
    Legacy,
}

#[derive(Debug)]
enum Body {
    /// Still reading the head.
    Head,
    /// Reading the greeting of a legacy connection (bytes of it matched so far).
    Greeting(usize),
    /// Counting down a `Content-Length`.
    Length(u64),
    /// Reading a chunk-size line.
    ChunkSize,
    /// Inside a chunk: bytes left, then its CRLF.
    Chunk(u64),
    /// The CRLF after a chunk's data (bytes of it seen).
    ChunkEnd(u8),
    /// The trailer section after the last chunk.
    Trailer,
    /// No declared length: the body runs until the connection closes.
    UntilClose,
    /// The body ended; nothing more may arrive.
    Done,
}

/// Reads one channel: the HTTP head, then the body as DCE/RPC PDUs.
#[derive(Debug)]
pub struct ChannelReader {
    side: Side,
    limits: Limits,
    state: Body,
    buf: Vec<u8>,
    head: Option<Head>,
    head_taken: bool,
    framer: Framer,
    offset: u64,
    greeted: bool,
    /// The first bytes (up to a header) and the length so far of the partial PDU at the end
    /// of what the framer holds; lets [`push_direct`](Self::push_direct) complete it and go back to
    /// reading PDUs in place.
    partial: Option<(Vec<u8>, usize)>,
    max_frag: usize,
}

impl ChannelReader {
    /// A reader for the given side.
    pub fn new(side: Side, limits: Limits) -> Self {
        ChannelReader {
            side,
            limits,
            state: match side {
                Side::Legacy => Body::Greeting(0),
                _ => Body::Head,
            },
            buf: Vec::new(),
            head: None,
            head_taken: false,
            framer: Framer::default(),
            offset: 0,
            greeted: false,
            partial: None,
            max_frag: oxwire_msrpc::Limits::default().max_frag_length as usize,
        }
    }

    /// A reader for the proxy-to-server leg on port 593 (greeting optional).
    pub fn legacy(limits: Limits) -> Self {
        Self::new(Side::Legacy, limits)
    }

    /// Whether the legacy greeting was seen.
    pub fn greeted(&self) -> bool {
        self.greeted
    }

    /// The head, once complete; returned once.
    pub fn take_head(&mut self) -> Option<Head> {
        if self.head_taken {
            return None;
        }
        let h = self.head.clone()?;
        self.head_taken = true;
        Some(h)
    }

    /// The head, once complete, without consuming it.
    pub fn head(&self) -> Option<&Head> {
        self.head.as_ref()
    }

    /// Body bytes still allowed by `Content-Length`, when one applies.
    pub fn body_remaining(&self) -> Option<u64> {
        match self.state {
            Body::Length(n) => Some(n),
            Body::Done => Some(0),
            _ => None,
        }
    }

    /// Whether the declared body has been read completely.
    pub fn body_done(&self) -> bool {
        matches!(self.state, Body::Done)
    }

    /// Bytes received but not yet part of a complete PDU.
    pub fn buffered(&self) -> usize {
        self.framer.buffered() + self.buf.len()
    }

    /// The next complete PDU of the body.
    pub fn next_pdu(&mut self) -> Result<Option<&[u8]>> {
        Ok(self.framer.next_pdu()?)
    }

    fn http_err(&self, what: &'static str, reason: &'static str) -> Error {
        Error::Http {
            what,
            offset: self.offset,
            reason,
        }
    }

    fn body(&mut self, data: &[u8]) -> Result<()> {
        if self.framer.buffered() + data.len() > self.limits.max_buffered {
            return Err(Error::LimitExceeded {
                what: "channel bytes buffered",
                limit: self.limits.max_buffered,
                actual: self.framer.buffered() + data.len(),
            });
        }
        self.framer.push(data);
        Ok(())
    }

    /// Accepts bytes from the transport.
    pub fn push(&mut self, data: &[u8]) -> Result<()> {
        self.partial = None;
        self.push_inner(data, false).map(|_| ())
    }

    /// Accepts bytes from the transport like [`push`](Self::push), but returns the whole PDUs
    /// that lie in `data` itself instead of copying them: the caller first drains
    /// [`next_pdu`](Self::next_pdu) (PDUs completed from earlier bytes), then reads the
    /// returned slice (whole PDUs back to back, see `oxwire_msrpc::framer::split_pdus`); a
    /// partial PDU at the end waits in the reader. Only `Content-Length` and legacy bodies are
    /// read in place; anything else takes the copying path.
    pub fn push_direct<'d>(&mut self, data: &'d [u8]) -> Result<&'d [u8]> {
        let used = self.push_inner(data, true)?;
        let data = &data[used..];
        let room = match self.state {
            Body::Length(rem) => (data.len() as u64).min(rem) as usize,
            Body::UntilClose => data.len(),
            _ => {
                self.push(data)?;
                return Ok(&[]);
            }
        };
        let (mut body, after) = data.split_at(room);
        if self.framer.buffered() > 0 {
            // Complete the partial PDU through the framer, which keeps the order.
            let hdr = match self.partial.take() {
                // Valid only when everything before the partial PDU was drained.
                Some((hdr, n)) if n == self.framer.buffered() => Some(hdr),
                _ => None,
            };
            let Some(mut hdr) = hdr else {
                self.push(data)?;
                return Ok(&[]);
            };
            while !body.is_empty() {
                let total = match peek_frag_length(&hdr) {
                    Ok(Status::Partial(n)) => n,
                    Ok(Status::Complete(n)) => n,
                    Err(_) => 0,
                };
                let have = self.framer.buffered();
                if total <= have {
                    break;
                }
                let n = (total - have).min(body.len());
                let h = HEADER_LEN.saturating_sub(hdr.len()).min(n);
                hdr.extend_from_slice(&body[..h]);
                self.push_inner(&body[..n], false)?;
                body = &body[n..];
            }
            if self.framer.buffered() < hdr_total(&hdr) {
                // Still partial: the whole body went into it.
                let n = self.framer.buffered();
                self.partial = Some((hdr, n));
                if !after.is_empty() {
                    self.push_inner(after, false)?;
                }
                return Ok(&[]);
            }
        }
        let mut whole = 0;
        while let Ok(Status::Complete(len)) = peek_frag_length(&body[whole..]) {
            if len > self.max_frag {
                break;
            }
            whole += len;
        }
        let (pdus, tail) = body.split_at(whole);
        self.offset += whole as u64;
        if let Body::Length(rem) = self.state {
            let rem = rem - whole as u64;
            self.state = if rem == 0 {
                Body::Done
            } else {
                Body::Length(rem)
            };
        }
        // Whatever the framer holds before the tail is whole PDUs the caller drains first.
        self.push_inner(tail, false)?;
        if !tail.is_empty() {
            self.partial = Some((tail[..tail.len().min(HEADER_LEN)].to_vec(), tail.len()));
        }
        if !after.is_empty() {
            self.push_inner(after, false)?;
        }
        Ok(pdus)
    }

    /// Accepts bytes from the transport like [`push`](Self::push), but hands back the body
    /// bytes of a `Content-Length` or legacy body as they lie in `data`, unframed, for a
    /// relay that frames them itself (see the inbound proxy). Returns `None` when the body is
    /// of another kind (chunked): then the bytes went to the framer and are read with
    /// [`next_pdu`](Self::next_pdu), as after `push`. Which of the two applies is fixed once
    /// the head is read; before that, `Some(&[])` is returned while the head is incomplete.
    /// Must not be mixed with `push` and `push_direct` on one body that has started.
    pub fn push_body<'d>(&mut self, data: &'d [u8]) -> Result<Option<&'d [u8]>> {
        self.partial = None;
        let used = self.push_inner(data, true)?;
        let data = &data[used..];
        match self.state {
            Body::Length(rem) => {
                let n = (data.len() as u64).min(rem) as usize;
                let rem = rem - n as u64;
                self.offset += n as u64;
                self.state = if rem == 0 {
                    Body::Done
                } else {
                    Body::Length(rem)
                };
                if n < data.len() {
                    return Err(self.http_err("body", "bytes past the declared Content-Length"));
                }
                Ok(Some(data))
            }
            Body::UntilClose => {
                self.offset += data.len() as u64;
                Ok(Some(data))
            }
            Body::Done if data.is_empty() && self.framer.buffered() == 0 => Ok(Some(data)),
            Body::Head | Body::Greeting(_) => Ok(Some(&[])),
            _ => {
                self.push_inner(data, false)?;
                Ok(None)
            }
        }
    }

    /// Whether the next `len` bytes are all body of a `Content-Length` or legacy body read
    /// through [`push_body`](Self::push_body), with nothing buffered before them.
    pub fn takes_body(&self, len: usize) -> bool {
        self.framer.buffered() == 0
            && self.buf.is_empty()
            && match self.state {
                Body::Length(rem) => len as u64 <= rem,
                Body::UntilClose => true,
                _ => false,
            }
    }

    fn push_inner(&mut self, mut data: &[u8], stop_at_body: bool) -> Result<usize> {
        let len = data.len();
        while !data.is_empty() {
            if stop_at_body && matches!(self.state, Body::Length(_) | Body::UntilClose) {
                break;
            }
            match self.state {
                Body::Greeting(seen) => {
                    let want = &NCACN_HTTP_GREETING[seen..];
                    let n = want.len().min(data.len());
                    if data[..n] == want[..n] {
                        data = &data[n..];
                        self.offset += n as u64;
                        if seen + n == NCACN_HTTP_GREETING.len() {
                            self.greeted = true;
                            self.state = Body::UntilClose;
                        } else {
                            self.state = Body::Greeting(seen + n);
                        }
                    } else if seen == 0 {
                        // No greeting (the proxy's direction): raw PDUs from the first byte.
                        self.state = Body::UntilClose;
                    } else {
                        return Err(self.http_err("ncacn_http greeting", "not ncacn_http/1.0"));
                    }
                }
                Body::Head => {
                    let room = self.limits.max_http_head.saturating_sub(self.buf.len());
                    let take = data.len().min(room.max(1));
                    self.buf.extend_from_slice(&data[..take]);
                    let used = self.parse_head()?;
                    match used {
                        None => {
                            if self.buf.len() >= self.limits.max_http_head {
                                return Err(Error::LimitExceeded {
                                    what: "HTTP head",
                                    limit: self.limits.max_http_head,
                                    actual: self.buf.len(),
                                });
                            }
                            self.offset += take as u64;
                            data = &data[take..];
                        }
                        Some(n) => {
                            // Bytes after the head in this push belong to the body.
                            let before = self.buf.len() - take;
                            let consumed = n - before;
                            self.offset += consumed as u64;
                            self.buf.clear();
                            data = &data[consumed..];
                        }
                    }
                }
                Body::Length(rem) => {
                    if rem == 0 {
                        self.state = Body::Done;
                        continue;
                    }
                    let n = (data.len() as u64).min(rem) as usize;
                    self.body(&data[..n])?;
                    self.offset += n as u64;
                    data = &data[n..];
                    self.state = if rem - n as u64 == 0 {
                        Body::Done
                    } else {
                        Body::Length(rem - n as u64)
                    };
                }
                Body::UntilClose => {
                    self.body(data)?;
                    self.offset += data.len() as u64;
                    data = &[];
                }
                Body::ChunkSize | Body::Trailer => {
                    let Some(nl) = data.iter().position(|&b| b == b'\n') else {
                        if self.buf.len() + data.len() > 1024 {
                            return Err(self.http_err("chunk size line", "longer than 1024 bytes"));
                        }
                        self.buf.extend_from_slice(data);
                        self.offset += data.len() as u64;
                        data = &[];
                        continue;
                    };
                    if self.buf.len() + nl > 1024 {
                        return Err(self.http_err("chunk size line", "longer than 1024 bytes"));
                    }
                    self.buf.extend_from_slice(&data[..nl]);
                    data = &data[nl + 1..];
                    let line = std::mem::take(&mut self.buf);
                    let line = line.strip_suffix(b"\r").unwrap_or(&line);
                    if matches!(self.state, Body::Trailer) {
                        if line.is_empty() {
                            self.state = Body::Done;
                        }
                    } else {
                        let size = line.split(|&b| b == b';').next().unwrap_or(&[]);
                        let size = std::str::from_utf8(size)
                            .ok()
                            .map(str::trim)
                            .filter(|s| !s.is_empty() && s.len() <= 16)
                            .and_then(|s| u64::from_str_radix(s, 16).ok())
                            .ok_or_else(|| self.http_err("chunk size", "not a hex number"))?;
                        self.state = if size == 0 {
                            Body::Trailer
                        } else {
                            Body::Chunk(size)
                        };
                    }
                    self.offset += nl as u64 + 1;
                }
                Body::Chunk(rem) => {
                    let n = (data.len() as u64).min(rem) as usize;
                    self.body(&data[..n])?;
                    self.offset += n as u64;
                    data = &data[n..];
                    self.state = if rem - n as u64 == 0 {
                        Body::ChunkEnd(0)
                    } else {
                        Body::Chunk(rem - n as u64)
                    };
                }
                Body::ChunkEnd(seen) => {
                    let want = b"\r\n"[seen as usize];
                    if data[0] != want {
                        return Err(self.http_err("chunk data", "not followed by CRLF"));
                    }
                    data = &data[1..];
                    self.offset += 1;
                    self.state = if seen == 1 {
                        Body::ChunkSize
                    } else {
                        Body::ChunkEnd(1)
                    };
                }
                Body::Done => {
                    return Err(self.http_err("body", "bytes past the declared Content-Length"));
                }
            }
        }
        Ok(len - data.len())
    }

    /// Tries to parse the buffered head; returns its length when complete.
    fn parse_head(&mut self) -> Result<Option<usize>> {
        let mut storage = vec![httparse::EMPTY_HEADER; self.limits.max_http_headers];
        let (status, mut head) = match self.side {
            Side::Request => {
                let mut req = httparse::Request::new(&mut storage);
                let st = req.parse(&self.buf).map_err(|e| self.parse_err(e))?;
                let httparse::Status::Complete(n) = st else {
                    return Ok(None);
                };
                let method = match req.method.unwrap_or("") {
                    "RPC_IN_DATA" => Method::RpcInData,
                    "RPC_OUT_DATA" => Method::RpcOutData,
                    other => Method::Other(other.to_owned()),
                };
                let head = Head {
                    method: Some(method),
                    target: req.path.map(str::to_owned),
                    status: None,
                    reason: None,
                    minor_version: req.version.unwrap_or(1),
                    headers: collect(req.headers),
                    content_length: None,
                    chunked: false,
                    raw: self.buf[..n].to_vec(),
                };
                (n, head)
            }
            Side::Response => {
                let mut resp = httparse::Response::new(&mut storage);
                let st = resp.parse(&self.buf).map_err(|e| self.parse_err(e))?;
                let httparse::Status::Complete(n) = st else {
                    return Ok(None);
                };
                let head = Head {
                    method: None,
                    target: None,
                    status: resp.code,
                    reason: resp.reason.map(str::to_owned),
                    minor_version: resp.version.unwrap_or(1),
                    headers: collect(resp.headers),
                    content_length: None,
                    chunked: false,
                    raw: self.buf[..n].to_vec(),
                };
                (n, head)
            }
            Side::Legacy => return Ok(Some(0)),
        };
        let mut length = None;
        for (name, value) in &head.headers {
            if name.eq_ignore_ascii_case("content-length") {
                let v = std::str::from_utf8(value)
                    .ok()
                    .map(str::trim)
                    .filter(|s| {
                        !s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit())
                    })
                    .and_then(|s| s.parse::<u64>().ok())
                    .ok_or_else(|| self.http_err("Content-Length", "not a decimal number"))?;
                if length.is_some_and(|l| l != v) {
                    return Err(
                        self.http_err("Content-Length", "given twice with different values")
                    );
                }
                length = Some(v);
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                let v = String::from_utf8_lossy(value).to_ascii_lowercase();
                if v.split(',').map(str::trim).next_back() == Some("chunked") {
                    head.chunked = true;
                } else {
                    return Err(self.http_err("Transfer-Encoding", "only chunked is understood"));
                }
            }
        }
        if head.chunked && length.is_some() {
            return Err(self.http_err(
                "Content-Length",
                "present together with chunked transfer coding",
            ));
        }
        head.content_length = length;
        self.state = if head.chunked {
            Body::ChunkSize
        } else {
            match length {
                Some(l) => Body::Length(l),
                // A request without a length has no body; a response reads to close.
                None if self.side == Side::Request => Body::Done,
                None => Body::UntilClose,
            }
        };
        if matches!(self.state, Body::Length(0)) {
            self.state = Body::Done;
        }
        self.head = Some(head);
        Ok(Some(status))
    }

    fn parse_err(&self, e: httparse::Error) -> Error {
        let reason = match e {
            httparse::Error::HeaderName => "invalid header name",
            httparse::Error::HeaderValue => "invalid header value",
            httparse::Error::NewLine => "invalid line ending",
            httparse::Error::Status => "invalid status code",
            httparse::Error::Token => "invalid token",
            httparse::Error::TooManyHeaders => "too many headers",
            httparse::Error::Version => "invalid HTTP version",
        };
        self.http_err("head", reason)
    }
}

/// Length of the PDU whose first bytes are `hdr`, or 0 when they are not a valid header.
fn hdr_total(hdr: &[u8]) -> usize {
    match peek_frag_length(hdr) {
        Ok(Status::Partial(n)) | Ok(Status::Complete(n)) => n,
        Err(_) => 0,
    }
}

fn collect(headers: &[httparse::Header<'_>]) -> Vec<(String, Vec<u8>)> {
    headers
        .iter()
        .map(|h| (h.name.to_owned(), h.value.to_vec()))
        .collect()
}
