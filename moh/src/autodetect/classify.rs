//! Request-stream classification: which Exchange protocol each request of a client's HTTP
//! connection belongs to.
//!
//! The [`Classifier`] takes the client-to-server bytes of one TCP connection in whatever
//! pieces they arrive. For each request it parses the head with `httparse`, decides on the
//! method, the path (without query), the headers and the content type, reports a [`Request`],
//! then skips the body by its `Content-Length` so that the next request of a keep-alive
//! connection is classified too. Only an incomplete head is buffered, never more than
//! [`Limits::max_header_block`] octets; body octets are counted, not kept.
//!
//! The rules, first match wins:
//!
//! | Kind | Decided by |
//! |---|---|
//! | [`Kind::RpcOverHttp`] | method `RPC_IN_DATA` or `RPC_OUT_DATA` (MS-RPCH 2.1.2.1.1, 2.1.2.1.2), normally on `/rpc/rpcproxy.dll` |
//! | [`Kind::Autodiscover`] | path `/autodiscover/autodiscover.xml` (MS-OXDSCLI 2.2.3); `X-MapiHttpCapability` (2.2.2.1) read when present |
//! | [`Kind::MapiHttp`] | path under `/mapi/emsmdb` or `/mapi/nspi`, or `Content-Type: application/mapi-http`, or a known `X-RequestType` (MS-OXCMAPIHTTP 2.2.2.1, 2.2.3.3.1) |
//! | [`Kind::Ews`] | path `/EWS` or under it |
//! | [`Kind::ActiveSync`] | path `/Microsoft-Server-ActiveSync` or under it (MS-ASHTTP 2.2.1.1.1) |
//! | [`Kind::Other`] | any other well-formed request |
//!
//! Paths and header names compare ignoring ASCII case, as IIS does; a request target in
//! absolute form (`https://host/path`, sent to proxies) is reduced to its path.
//!
//! Where classification has to stop it says so with [`Event::Stopped`]: octets that are not an
//! HTTP request ([`Stop::NotHttp`]) or a chunked request body, which this classifier does not
//! walk ([`Stop::ChunkedBody`]). An RPC over HTTP channel announces a body of up to 2 GiB
//! that lasts as long as the channel; it is skipped like any other, so nothing after it is
//! mistaken for a request.

use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::request_type::{Endpoint, RequestType};

/// How many header fields one request head may carry. Outlook sends about fifteen.
const MAX_HEADERS: usize = 128;

/// The RPC over HTTP channel a request opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RpcChannel {
    /// `RPC_IN_DATA`: the IN channel (client to server PDUs).
    In,
    /// `RPC_OUT_DATA`: the OUT channel (server to client PDUs).
    Out,
}

/// What protocol a request belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// POX Autodiscover (MS-OXDSCLI): a request for `/autodiscover/autodiscover.xml`, normally a
    /// POST (a GET is the HTTP redirect probe of MS-OXDSCLI 3.1.5).
    Autodiscover {
        /// The `X-MapiHttpCapability` header: `None` when absent (the client wants RPC over
        /// HTTP settings only), the highest MAPI over HTTP version the client takes
        /// otherwise; a value that is not a decimal integer is reported as `Some(0)`.
        mapi_http_capability: Option<u32>,
    },
    /// RPC over HTTP (MS-RPCH) channel.
    RpcOverHttp(RpcChannel),
    /// MAPI over HTTP (MS-OXCMAPIHTTP).
    MapiHttp {
        /// The endpoint, from the path or else from the request type; `None` for a PING or an
        /// unknown request type sent outside both paths.
        endpoint: Option<Endpoint>,
        /// The `X-RequestType` header, when present and known.
        request_type: Option<RequestType>,
    },
    /// Exchange Web Services (`/EWS/...`).
    Ews,
    /// Exchange ActiveSync (`/Microsoft-Server-ActiveSync`).
    ActiveSync,
    /// Any other HTTP request.
    Other,
}

/// How the body of a classified request is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFraming {
    /// `Content-Length` octets (0 when the request has neither `Content-Length` nor
    /// `Transfer-Encoding`).
    Length(u64),
    /// `Transfer-Encoding: chunked`; classification stops after this request.
    Chunked,
}

/// One classified request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Which protocol it belongs to.
    pub kind: Kind,
    /// Position of the request in its connection, from 0.
    pub index: usize,
    /// Offset of the head's first octet in the connection's byte stream.
    pub offset: u64,
    /// Length of the head, blank line included.
    pub head_len: usize,
    /// The method as sent.
    pub method: String,
    /// The request target as sent (path and query, or absolute form).
    pub target: String,
    /// The body framing, which the classifier skips.
    pub body: BodyFraming,
}

/// Why a classifier stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The octets at `offset` do not start an HTTP/1.x request.
    NotHttp {
        /// Offset in the connection's byte stream.
        offset: u64,
    },
    /// The previous request's body is chunked; its end, and so the next request, is not
    /// looked for.
    ChunkedBody,
}

/// What one [`Classifier::push`] call found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Everything given was taken (buffered or skipped as body); more octets are needed.
    NeedMore,
    /// A request head was complete.
    Request(Request),
    /// Classification has stopped; later octets are taken and ignored.
    Stopped(Stop),
}

/// The result of one [`Classifier::push`]: how many octets were taken, and what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Octets of the input taken. Give the rest to the next call.
    pub consumed: usize,
    /// What was found.
    pub event: Event,
}

#[derive(Debug, Clone)]
enum State {
    Head,
    Body(u64),
    Stopped(Stop),
}

/// Classifies each request of one client-to-server HTTP byte stream. See the [module
/// docs](self).
#[derive(Debug, Clone)]
pub struct Classifier {
    limits: Limits,
    state: State,
    /// An incomplete head, at most `limits.max_header_block` octets.
    head: Vec<u8>,
    /// Stream offset of `head[0]` (or of the next octet when `head` is empty).
    offset: u64,
    index: usize,
}

impl Classifier {
    /// A classifier at the start of a connection.
    pub fn new(limits: Limits) -> Self {
        Classifier {
            limits,
            state: State::Head,
            head: Vec::new(),
            offset: 0,
            index: 0,
        }
    }

    /// Requests reported so far.
    pub fn requests(&self) -> usize {
        self.index
    }

    /// Why the classifier stopped, if it has.
    pub fn stopped(&self) -> Option<Stop> {
        match self.state {
            State::Stopped(s) => Some(s),
            _ => None,
        }
    }

    /// Takes octets from the front of `data` until a request head completes, classification
    /// stops or `data` is used up. Call again with `data[step.consumed..]` until it returns
    /// [`Event::NeedMore`] (everything taken) or [`Event::Stopped`].
    ///
    /// Errors (a head beyond [`Limits::max_header_block`], too many header fields, an
    /// unreadable `Content-Length`) leave the classifier stopped as [`Stop::NotHttp`].
    pub fn push(&mut self, data: &[u8]) -> Result<Step> {
        let mut consumed = 0;
        loop {
            match self.state {
                State::Stopped(stop) => {
                    return Ok(Step {
                        consumed: data.len(),
                        event: Event::Stopped(stop),
                    })
                }
                State::Body(left) => {
                    let avail = (data.len() - consumed) as u64;
                    let n = left.min(avail);
                    consumed += n as usize;
                    self.offset += n;
                    if n == left {
                        self.state = State::Head;
                    } else {
                        self.state = State::Body(left - n);
                    }
                    if consumed == data.len() {
                        return Ok(Step {
                            consumed,
                            event: Event::NeedMore,
                        });
                    }
                }
                State::Head => {
                    return match self.head_step(&data[consumed..]) {
                        Ok((n, event)) => Ok(Step {
                            consumed: consumed + n,
                            event,
                        }),
                        Err(e) => {
                            self.state = State::Stopped(Stop::NotHttp {
                                offset: self.offset,
                            });
                            self.head = Vec::new();
                            Err(e)
                        }
                    };
                }
            }
        }
    }

    /// Feeds all of `data`, returning every [`Event::Request`] and a final
    /// [`Event::Stopped`] if classification stopped (never [`Event::NeedMore`]).
    pub fn push_all(&mut self, mut data: &[u8]) -> Result<Vec<Event>> {
        let mut out = Vec::new();
        loop {
            let step = self.push(data)?;
            data = &data[step.consumed..];
            match step.event {
                Event::NeedMore => return Ok(out),
                e @ Event::Stopped(_) => {
                    out.push(e);
                    return Ok(out);
                }
                e @ Event::Request(_) => out.push(e),
            }
        }
    }

    /// One attempt at a head from `data` (after whatever is buffered).
    fn head_step(&mut self, data: &[u8]) -> Result<(usize, Event)> {
        let max = self.limits.max_header_block;
        if data.is_empty() {
            return Ok((0, Event::NeedMore));
        }
        let old = self.head.len();
        // Parse in place when nothing is buffered; otherwise append no more than the limit
        // allows.
        let (buf, take): (&[u8], usize) = if old == 0 {
            (data, data.len())
        } else {
            let take = data.len().min(max.saturating_sub(old).max(1));
            self.head.extend_from_slice(&data[..take]);
            (&self.head[..], take)
        };
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(buf) {
            Ok(httparse::Status::Complete(n)) => {
                if n > max {
                    return Err(head_too_large(self.offset, n, max));
                }
                let (request, framing) = classify_head(&req, self.index, self.offset, n)?;
                self.index += 1;
                self.offset += n as u64;
                self.state = match framing {
                    BodyFraming::Length(0) => State::Head,
                    BodyFraming::Length(len) => State::Body(len),
                    BodyFraming::Chunked => State::Stopped(Stop::ChunkedBody),
                };
                self.head.clear();
                Ok((n - old, Event::Request(request)))
            }
            Ok(httparse::Status::Partial) => {
                if buf.len() >= max {
                    return Err(head_too_large(self.offset, buf.len(), max));
                }
                if old == 0 {
                    self.head.extend_from_slice(data);
                }
                Ok((take, Event::NeedMore))
            }
            Err(httparse::Error::TooManyHeaders) => Err(Error::LimitExceeded {
                what: "HTTP request header count",
                offset: usize::try_from(self.offset).unwrap_or(usize::MAX),
                value: MAX_HEADERS as u64 + 1,
                limit: MAX_HEADERS as u64,
            }),
            Err(_) => {
                let stop = Stop::NotHttp {
                    offset: self.offset,
                };
                self.state = State::Stopped(stop);
                self.head = Vec::new();
                Ok((data.len(), Event::Stopped(stop)))
            }
        }
    }
}

fn head_too_large(offset: u64, len: usize, max: usize) -> Error {
    Error::LimitExceeded {
        what: "HTTP request head",
        offset: usize::try_from(offset).unwrap_or(usize::MAX),
        value: len as u64,
        limit: max as u64,
    }
}

/// Classifies a complete head and works out its body framing.
fn classify_head(
    req: &httparse::Request<'_, '_>,
    index: usize,
    offset: u64,
    head_len: usize,
) -> Result<(Request, BodyFraming)> {
    let method = req.method.unwrap_or("");
    let target = req.path.unwrap_or("");
    let path = path_of(target);

    let mut content_length: Option<u64> = None;
    let mut chunked = false;
    let mut capability: Option<u32> = None;
    let mut mapi_content = false;
    let mut request_type: Option<RequestType> = None;
    for h in req.headers.iter() {
        let name = h.name;
        if name.eq_ignore_ascii_case("Content-Length") {
            let v = parse_length(h.value)?;
            if content_length.is_some_and(|old| old != v) {
                return Err(Error::Header {
                    name: "Content-Length",
                    reason: "two different values",
                });
            }
            content_length = Some(v);
        } else if name.eq_ignore_ascii_case("Transfer-Encoding") {
            // Chunked is always the last coding when present (RFC 9112 6.1); any coding means
            // the length is not Content-Length.
            chunked = true;
        } else if name.eq_ignore_ascii_case("X-MapiHttpCapability") {
            capability = Some(
                std::str::from_utf8(h.value)
                    .ok()
                    .and_then(|v| v.trim().parse::<u32>().ok())
                    .unwrap_or(0),
            );
        } else if name.eq_ignore_ascii_case("Content-Type") {
            mapi_content = media_type(h.value).eq_ignore_ascii_case(b"application/mapi-http");
        } else if name.eq_ignore_ascii_case("X-RequestType") {
            request_type = std::str::from_utf8(h.value)
                .ok()
                .and_then(|v| RequestType::parse(v).ok());
        }
    }

    let kind = if method == "RPC_IN_DATA" {
        Kind::RpcOverHttp(RpcChannel::In)
    } else if method == "RPC_OUT_DATA" {
        Kind::RpcOverHttp(RpcChannel::Out)
    } else if path.eq_ignore_ascii_case(b"/autodiscover/autodiscover.xml") {
        Kind::Autodiscover {
            mapi_http_capability: capability,
        }
    } else if let Some(ep) = mapi_endpoint(path) {
        Kind::MapiHttp {
            endpoint: Some(ep),
            request_type,
        }
    } else if mapi_content || request_type.is_some() {
        Kind::MapiHttp {
            endpoint: request_type.and_then(RequestType::endpoint),
            request_type,
        }
    } else if under(path, b"/ews") {
        Kind::Ews
    } else if under(path, b"/microsoft-server-activesync") {
        Kind::ActiveSync
    } else {
        Kind::Other
    };

    let framing = if chunked {
        BodyFraming::Chunked
    } else {
        BodyFraming::Length(content_length.unwrap_or(0))
    };
    Ok((
        Request {
            kind,
            index,
            offset,
            head_len,
            method: method.to_owned(),
            target: target.to_owned(),
            body: framing,
        },
        framing,
    ))
}

/// The path of a request target: the query cut off, an absolute form reduced to its path.
fn path_of(target: &str) -> &[u8] {
    let mut t = target.as_bytes();
    for scheme in [&b"http://"[..], b"https://"] {
        if t.len() >= scheme.len() && t[..scheme.len()].eq_ignore_ascii_case(scheme) {
            let rest = &t[scheme.len()..];
            t = match rest.iter().position(|&b| b == b'/') {
                Some(p) => &rest[p..],
                None => b"/",
            };
            break;
        }
    }
    match t.iter().position(|&b| b == b'?' || b == b'#') {
        Some(p) => &t[..p],
        None => t,
    }
}

/// Whether `path` is `prefix` or lies under it (next octet `/`), ignoring ASCII case.
fn under(path: &[u8], prefix: &[u8]) -> bool {
    path.len() >= prefix.len()
        && path[..prefix.len()].eq_ignore_ascii_case(prefix)
        && (path.len() == prefix.len() || path[prefix.len()] == b'/')
}

fn mapi_endpoint(path: &[u8]) -> Option<Endpoint> {
    if under(path, b"/mapi/emsmdb") {
        Some(Endpoint::Mailbox)
    } else if under(path, b"/mapi/nspi") {
        Some(Endpoint::AddressBook)
    } else {
        None
    }
}

/// The media type of a `Content-Type` value, parameters and surrounding blanks cut off.
fn media_type(value: &[u8]) -> &[u8] {
    let end = value.iter().position(|&b| b == b';').unwrap_or(value.len());
    value[..end].trim_ascii()
}

/// A `Content-Length` value: decimal digits only (RFC 9110 8.6), no sign, no overflow.
fn parse_length(value: &[u8]) -> Result<u64> {
    let v = value.trim_ascii();
    if v.is_empty() || !v.iter().all(u8::is_ascii_digit) {
        return Err(Error::Header {
            name: "Content-Length",
            reason: "not a decimal number",
        });
    }
    v.iter()
        .try_fold(0u64, |acc, &d| {
            acc.checked_mul(10)?.checked_add(u64::from(d - b'0'))
        })
        .ok_or(Error::Header {
            name: "Content-Length",
            reason: "too large",
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_reduce_to_their_path() {
        assert_eq!(path_of("/EWS/Exchange.asmx?x=1"), b"/EWS/Exchange.asmx");
        assert_eq!(
            path_of("HTTPS://mail.contoso.com/mapi/nspi/?MailboxId=a"),
            b"/mapi/nspi/"
        );
        assert_eq!(path_of("http://host"), b"/");
        assert!(under(b"/ews", b"/ews"));
        assert!(under(b"/EWS/Exchange.asmx", b"/ews"));
        assert!(!under(b"/ewsx", b"/ews"));
    }

    #[test]
    fn content_length_is_strict() {
        assert_eq!(parse_length(b" 42 ").unwrap(), 42);
        assert!(parse_length(b"+1").is_err());
        assert!(parse_length(b"").is_err());
        assert!(parse_length(b"99999999999999999999999").is_err());
    }
}
