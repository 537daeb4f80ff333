//! Down-negotiation: steering an Outlook client from MAPI over HTTP to RPC over HTTP during
//! Autodiscover.
//!
//! A client that speaks MAPI over HTTP says so with the `X-MapiHttpCapability` request header
//! (MS-OXDSCLI 2.2.2.1), and only then does the server add a `Protocol` element with the
//! attributes `Type="mapiHttp"` and `Version` to its POX response (2.2.4.1.1.2.6); without that
//! element the client configures RPC over HTTP from the `EXCH`/`EXPR` elements. Either side
//! can be rewritten here:
//!
//! - [`strip_capability_header`] cuts the header lines from a request head, every other octet
//!   kept, so the server never offers MAPI over HTTP.
//! - [`downgrade_document`] cuts the offering `Protocol` elements from a response document, and
//!   [`downgrade_response`] does the same inside a whole HTTP response and fixes its framing.
//!
//! The document is read with `quick-xml` but never re-serialized: the output is the input with
//! the byte spans of the removed elements cut out (from their `<` to the `>` of their end
//! tag), so namespaces, prefixes, attribute quoting, whitespace and comments elsewhere are
//! exactly as the server sent them. The line that held a removed element keeps its
//! indentation. No entity is ever expanded (a `DOCTYPE` is passed through untouched), the
//! document size is bounded by [`Limits::max_autodiscover_document`] and element nesting by
//! [`Limits::max_xml_depth`].
//!
//! The specification expresses the offer only as attributes of `Protocol`. A `Protocol` whose
//! `Type` child element reads `mapiHttp` is not a form Exchange sends, but a client reading
//! the element by its type would take it as the same offer, so it is removed too and reported
//! as [`OfferForm::TypeElement`].
//!
//! A chunked response is re-framed with `Content-Length` when something was removed: the whole
//! document is in hand by then, a single length is the simplest framing every client takes,
//! and it avoids inventing chunk boundaries. A response with nothing to remove is returned as
//! it came, chunked or not.

use std::ops::Range;

use quick_xml::events::{BytesStart, Event as XmlEvent};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::span::header_line;
use crate::error::{Error, Result};
use crate::limits::Limits;

/// Longest `Type` text gathered; `mapiHttp` with some blanks fits easily.
const TYPE_TEXT_MAX: usize = 64;

/// How many header fields a head may carry before it is refused.
const MAX_HEADERS: usize = 128;

/// The namespace of the `Protocol` element (MS-OXDSCLI 2.2.4.1), compared without its scheme
/// because Exchange's own documentation shows both `http://` and `https://`.
const OUTLOOK_2006A: &[u8] =
    b"://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

/// One header line cut from a request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemovedHeader {
    /// Where the line was in the input (name through line feed).
    pub span: Range<usize>,
    /// The header value as sent.
    pub value: Vec<u8>,
}

/// A request with its `X-MapiHttpCapability` header removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadRewrite {
    /// The request: the head without the removed lines, then whatever followed the head in
    /// the input, unchanged.
    pub request: Vec<u8>,
    /// Length of the rewritten head (blank line included).
    pub head_len: usize,
    /// The lines removed, in order; empty when the request did not carry the header.
    pub removed: Vec<RemovedHeader>,
}

/// Removes every `X-MapiHttpCapability` header line from the request head at the start of
/// `request`. Every other octet, including those after the head, is kept.
///
/// ```
/// let req = b"POST /autodiscover/autodiscover.xml HTTP/1.1\r\nHost: a\r\nX-MapiHttpCapability: 1\r\n\r\n";
/// let out = oxwire_moh::autodetect::strip_capability_header(req, &Default::default()).unwrap();
/// assert_eq!(out.request, b"POST /autodiscover/autodiscover.xml HTTP/1.1\r\nHost: a\r\n\r\n");
/// assert_eq!(out.removed[0].value, b"1");
/// ```
pub fn strip_capability_header(request: &[u8], limits: &Limits) -> Result<HeadRewrite> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    let head_len = parse_head(req.parse(request), request.len(), limits, "request head")?;
    let mut removed = Vec::new();
    for h in req.headers.iter() {
        if h.name.eq_ignore_ascii_case("X-MapiHttpCapability") {
            removed.push(RemovedHeader {
                span: header_line(request, h.name),
                value: h.value.to_vec(),
            });
        }
    }
    let spans: Vec<Range<usize>> = removed.iter().map(|r| r.span.clone()).collect();
    let cut: usize = spans.iter().map(|s| s.len()).sum();
    Ok(HeadRewrite {
        request: cut_spans(request, &spans),
        head_len: head_len - cut,
        removed,
    })
}

/// How a removed `Protocol` element offered MAPI over HTTP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfferForm {
    /// `<Protocol Type="mapiHttp" Version="...">`, the form of MS-OXDSCLI 2.2.4.1.1.2.6.
    TypeAttribute {
        /// The `Version` attribute, as sent.
        version: Option<String>,
    },
    /// `<Protocol><Type>mapiHttp</Type>...`.
    TypeElement,
}

/// One `Protocol` element cut from an Autodiscover document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemovedProtocol {
    /// Where the element was in the input document, start tag through end tag.
    pub span: Range<usize>,
    /// How it offered MAPI over HTTP.
    pub form: OfferForm,
    /// Element depth of the `Protocol` element (the `Autodiscover` root is 0).
    pub depth: usize,
}

/// The outcome of down-negotiating one Autodiscover document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownNegotiation {
    /// The document with the offering elements cut out (the input itself when nothing was
    /// removed).
    pub document: Vec<u8>,
    /// The elements removed, in document order; nested offers inside a removed element are not
    /// listed separately.
    pub removed: Vec<RemovedProtocol>,
    /// Whether the root element was `Autodiscover`; other documents are left alone.
    pub autodiscover_root: bool,
}

impl DownNegotiation {
    /// Whether anything was removed.
    pub fn changed(&self) -> bool {
        !self.removed.is_empty()
    }
}

struct Frame {
    start: usize,
    protocol: bool,
    type_child: bool,
    /// Text of a `Type` child of `Protocol`, gathered across text and CDATA pieces (a
    /// comment may split it), up to [`TYPE_TEXT_MAX`] octets.
    text: Vec<u8>,
    offer: Option<OfferForm>,
}

fn xml_error(offset: u64, e: impl std::fmt::Display) -> Error {
    let mut reason = e.to_string();
    if reason.len() > 200 {
        let mut cut = 200;
        while !reason.is_char_boundary(cut) {
            cut -= 1;
        }
        reason.truncate(cut);
    }
    Error::Xml {
        offset: usize::try_from(offset).unwrap_or(usize::MAX),
        reason,
    }
}

fn is_protocol(ns: &ResolveResult<'_>, local: &[u8]) -> bool {
    local == b"Protocol"
        && match ns {
            ResolveResult::Bound(n) => n.as_ref().ends_with(OUTLOOK_2006A),
            ResolveResult::Unbound => true,
            ResolveResult::Unknown(_) => false,
        }
}

/// The `Type="mapiHttp"` offer of a `Protocol` start tag, if it makes one.
fn attribute_offer(e: &BytesStart<'_>, offset: u64) -> Result<Option<OfferForm>> {
    let mut is_mapi = false;
    let mut version = None;
    for a in e.attributes() {
        let a = a.map_err(|err| xml_error(offset, err))?;
        if a.key.prefix().is_some() {
            continue;
        }
        match a.key.local_name().as_ref() {
            b"Type" => is_mapi = a.value.trim_ascii().eq_ignore_ascii_case(b"mapiHttp"),
            b"Version" => version = Some(String::from_utf8_lossy(&a.value).into_owned()),
            _ => {}
        }
    }
    Ok(is_mapi.then_some(OfferForm::TypeAttribute { version }))
}

/// Removes the `Protocol` elements that offer MAPI over HTTP from an Autodiscover POX response
/// document (MS-OXDSCLI 2.2.4). See the [module docs](self) for what is kept.
pub fn downgrade_document(doc: &[u8], limits: &Limits) -> Result<DownNegotiation> {
    if doc.len() > limits.max_autodiscover_document {
        return Err(Error::LimitExceeded {
            what: "Autodiscover document",
            offset: 0,
            value: doc.len() as u64,
            limit: limits.max_autodiscover_document as u64,
        });
    }
    let mut reader = NsReader::from_reader(doc);
    let mut stack: Vec<Frame> = Vec::new();
    let mut removed: Vec<RemovedProtocol> = Vec::new();
    let mut root: Option<bool> = None;
    loop {
        let before = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => return Err(xml_error(reader.error_position(), e)),
        };
        let after = reader.buffer_position();
        match event {
            XmlEvent::Start(ref e) | XmlEvent::Empty(ref e) => {
                let empty = matches!(event, XmlEvent::Empty(_));
                let depth = stack.len();
                if depth + 1 > limits.max_xml_depth {
                    return Err(Error::LimitExceeded {
                        what: "Autodiscover element nesting",
                        offset: usize::try_from(before).unwrap_or(usize::MAX),
                        value: depth as u64 + 1,
                        limit: limits.max_xml_depth as u64,
                    });
                }
                let (ns, local) = reader.resolve_element(e.name());
                let is_root_autodiscover = *root.get_or_insert(local.as_ref() == b"Autodiscover");
                let protocol = is_protocol(&ns, local.as_ref());
                let offer = if protocol {
                    attribute_offer(e, before)?
                } else {
                    // Attributes are checked on every element so that a malformed or
                    // duplicated one anywhere is refused, not passed on.
                    for a in e.attributes() {
                        a.map_err(|err| xml_error(before, err))?;
                    }
                    None
                };
                let type_child =
                    local.as_ref() == b"Type" && stack.last().is_some_and(|f| f.protocol);
                let frame = Frame {
                    start: usize::try_from(before).unwrap_or(usize::MAX),
                    protocol,
                    type_child,
                    text: Vec::new(),
                    offer,
                };
                if empty {
                    close(frame, after, depth, is_root_autodiscover, &mut removed);
                } else {
                    stack.push(frame);
                }
            }
            XmlEvent::End(_) => {
                let Some(frame) = stack.pop() else {
                    return Err(xml_error(before, "end tag without a start tag"));
                };
                let depth = stack.len();
                if frame.type_child && frame.text.trim_ascii().eq_ignore_ascii_case(b"mapiHttp") {
                    if let Some(p) = stack.last_mut() {
                        p.offer.get_or_insert(OfferForm::TypeElement);
                    }
                }
                close(frame, after, depth, root == Some(true), &mut removed);
            }
            XmlEvent::Text(ref t) => {
                if let Some(f) = stack.last_mut().filter(|f| f.type_child) {
                    // Only the five predefined entities and character references are
                    // replaced; anything else is kept raw and so is not an offer.
                    match t.unescape() {
                        Ok(s) => gather(&mut f.text, s.as_bytes()),
                        Err(_) => gather(&mut f.text, t),
                    }
                }
            }
            XmlEvent::CData(ref t) => {
                if let Some(f) = stack.last_mut().filter(|f| f.type_child) {
                    gather(&mut f.text, t);
                }
            }
            XmlEvent::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(xml_error(
            doc.len() as u64,
            "document ends inside an element",
        ));
    }
    if root.is_none() {
        return Err(xml_error(doc.len() as u64, "no root element"));
    }
    let spans: Vec<Range<usize>> = removed.iter().map(|r| r.span.clone()).collect();
    Ok(DownNegotiation {
        document: cut_spans(doc, &spans),
        removed,
        autodiscover_root: root == Some(true),
    })
}

/// Appends to a `Type` text, keeping at most one octet past [`TYPE_TEXT_MAX`] (enough to
/// tell that it is not `mapiHttp`).
fn gather(text: &mut Vec<u8>, piece: &[u8]) {
    let room = (TYPE_TEXT_MAX + 1).saturating_sub(text.len());
    text.extend_from_slice(&piece[..piece.len().min(room)]);
}

/// Records `frame` as removed if it is an offering `Protocol`, replacing any removed element
/// nested in it.
fn close(
    frame: Frame,
    end: u64,
    depth: usize,
    autodiscover_root: bool,
    removed: &mut Vec<RemovedProtocol>,
) {
    if !(frame.protocol && autodiscover_root) {
        return;
    }
    if let Some(form) = frame.offer {
        let end = usize::try_from(end).unwrap_or(usize::MAX);
        removed.retain(|r| r.span.start < frame.start);
        removed.push(RemovedProtocol {
            span: frame.start..end,
            form,
            depth,
        });
    }
}

/// `data` without the given spans, which are sorted and disjoint.
fn cut_spans(data: &[u8], spans: &[Range<usize>]) -> Vec<u8> {
    let cut: usize = spans.iter().map(|s| s.len()).sum();
    let mut out = Vec::with_capacity(data.len() - cut);
    let mut at = 0;
    for s in spans {
        out.extend_from_slice(&data[at..s.start]);
        at = s.end;
    }
    out.extend_from_slice(&data[at..]);
    out
}

/// Length of a complete head, or a typed error.
fn parse_head(
    status: std::result::Result<httparse::Status<usize>, httparse::Error>,
    available: usize,
    limits: &Limits,
    what: &'static str,
) -> Result<usize> {
    match status {
        Ok(httparse::Status::Complete(n)) if n <= limits.max_header_block => Ok(n),
        Ok(httparse::Status::Complete(n)) => Err(Error::LimitExceeded {
            what,
            offset: 0,
            value: n as u64,
            limit: limits.max_header_block as u64,
        }),
        Ok(httparse::Status::Partial) if available >= limits.max_header_block => {
            Err(Error::LimitExceeded {
                what,
                offset: 0,
                value: available as u64,
                limit: limits.max_header_block as u64,
            })
        }
        Ok(httparse::Status::Partial) => Err(Error::Truncated {
            what,
            offset: available,
            needed: 1,
        }),
        Err(httparse::Error::TooManyHeaders) => Err(Error::LimitExceeded {
            what: "HTTP header count",
            offset: 0,
            value: MAX_HEADERS as u64 + 1,
            limit: MAX_HEADERS as u64,
        }),
        Err(_) => Err(Error::Header {
            name: what,
            reason: "not an HTTP/1.x head",
        }),
    }
}

/// How the body of a rewritten response is framed now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reframe {
    /// Nothing was removed; the response is returned as it came.
    Unchanged,
    /// The `Content-Length` value was replaced.
    ContentLength {
        /// The length sent.
        old: u64,
        /// The length now.
        new: u64,
    },
    /// The chunked body was replaced by a `Content-Length` body.
    ChunkedToLength {
        /// The length now.
        new: u64,
    },
    /// The body runs to the end of the connection and still does.
    UntilClose,
}

/// An Autodiscover HTTP response after down-negotiation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseRewrite {
    /// The response, head and body.
    pub response: Vec<u8>,
    /// Octets of the input that made up the response (what follows belongs to the next one).
    pub consumed: usize,
    /// What happened to the document; `None` when the status was not 2xx or there was no
    /// body, and the response was left alone.
    pub negotiation: Option<DownNegotiation>,
    /// How the body is framed now.
    pub reframe: Reframe,
}

/// Down-negotiates the Autodiscover response at the start of `response`: the head, then a body
/// framed by `Content-Length`, `Transfer-Encoding: chunked` or the end of the input. The body
/// must be complete. Compressed bodies (`Content-Encoding` other than `identity`) are refused
/// rather than passed on with an offer left in them.
pub fn downgrade_response(response: &[u8], limits: &Limits) -> Result<ResponseRewrite> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut resp = httparse::Response::new(&mut headers);
    let head_len = parse_head(
        resp.parse(response),
        response.len(),
        limits,
        "response head",
    )?;
    let code = resp.code.unwrap_or(0);

    let mut content_length: Option<(u64, Range<usize>)> = None;
    let mut cl_extra: Vec<Range<usize>> = Vec::new();
    let mut te_lines: Vec<Range<usize>> = Vec::new();
    let mut chunked = false;
    for h in resp.headers.iter() {
        if h.name.eq_ignore_ascii_case("Content-Length") {
            let v = parse_decimal(h.value)?;
            if content_length.as_ref().is_some_and(|(old, _)| *old != v) {
                return Err(Error::Header {
                    name: "Content-Length",
                    reason: "two different values",
                });
            }
            // Equal duplicates are allowed (RFC 9112 6.3); every line but the first is cut
            // when the length changes, so the rewritten head states one length.
            let line = header_line(response, h.name);
            if content_length.is_some() {
                cl_extra.push(line);
            } else {
                content_length = Some((v, line));
            }
        } else if h.name.eq_ignore_ascii_case("Transfer-Encoding") {
            let codings: Vec<&[u8]> = h
                .value
                .split(|&b| b == b',')
                .map(<[u8]>::trim_ascii)
                .filter(|c| !c.is_empty())
                .collect();
            if codings.iter().any(|c| !c.eq_ignore_ascii_case(b"chunked")) {
                return Err(Error::Header {
                    name: "Transfer-Encoding",
                    reason: "coded Autodiscover body not rewritten",
                });
            }
            chunked = true;
            te_lines.push(header_line(response, h.name));
        } else if h.name.eq_ignore_ascii_case("Content-Encoding")
            && !h.value.trim_ascii().eq_ignore_ascii_case(b"identity")
        {
            return Err(Error::Header {
                name: "Content-Encoding",
                reason: "compressed Autodiscover body not rewritten",
            });
        }
    }

    let rest = &response[head_len..];
    let (body, body_len_in, framing): (std::borrow::Cow<'_, [u8]>, usize, u8) = if chunked {
        let (body, used) = dechunk(rest, limits, head_len)?;
        (std::borrow::Cow::Owned(body), used, b'c')
    } else if let Some((len, _)) = &content_length {
        let len = usize::try_from(*len).unwrap_or(usize::MAX);
        if len > rest.len() {
            return Err(Error::Truncated {
                what: "Autodiscover response body",
                offset: response.len(),
                needed: len - rest.len(),
            });
        }
        (std::borrow::Cow::Borrowed(&rest[..len]), len, b'l')
    } else {
        (std::borrow::Cow::Borrowed(rest), rest.len(), b'e')
    };
    let consumed = head_len + body_len_in;
    let unchanged = |negotiation| ResponseRewrite {
        response: response[..consumed].to_vec(),
        consumed,
        negotiation,
        reframe: Reframe::Unchanged,
    };
    if !(200..300).contains(&code) || body.is_empty() {
        return Ok(unchanged(None));
    }
    let neg = downgrade_document(&body, limits)?;
    if !neg.changed() {
        return Ok(unchanged(Some(neg)));
    }
    let new_len = neg.document.len() as u64;
    let head = &response[..head_len];
    let (new_head, reframe) = match framing {
        b'c' => {
            // The Transfer-Encoding lines go; a Content-Length line takes the first one's
            // place. A Content-Length sent beside chunked is meaningless (RFC 9112 6.3) and
            // goes too.
            let mut cut = te_lines.clone();
            if let Some((_, line)) = &content_length {
                cut.push(line.clone());
            }
            cut.extend(cl_extra.iter().cloned());
            cut.sort_by_key(|r| r.start);
            let eol = line_ending(head, &cut[0]);
            let mut out = Vec::with_capacity(head.len() + 24);
            let mut at = 0;
            for (i, s) in cut.iter().enumerate() {
                out.extend_from_slice(&head[at..s.start]);
                if i == 0 {
                    out.extend_from_slice(b"Content-Length: ");
                    out.extend_from_slice(new_len.to_string().as_bytes());
                    out.extend_from_slice(eol);
                }
                at = s.end;
            }
            out.extend_from_slice(&head[at..]);
            (out, Reframe::ChunkedToLength { new: new_len })
        }
        b'l' => {
            let (old, line) = content_length.clone().unwrap_or((0, 0..0));
            let name_end = line.start + "Content-Length".len();
            let eol = line_ending(head, &line);
            let mut cut = cl_extra.clone();
            cut.push(line.clone());
            cut.sort_by_key(|r| r.start);
            let mut out = Vec::with_capacity(head.len() + 8);
            let mut at = 0;
            for s in &cut {
                out.extend_from_slice(&head[at..s.start]);
                if s.start == line.start {
                    out.extend_from_slice(&head[s.start..name_end]);
                    out.extend_from_slice(b": ");
                    out.extend_from_slice(new_len.to_string().as_bytes());
                    out.extend_from_slice(eol);
                }
                at = s.end;
            }
            out.extend_from_slice(&head[at..]);
            (out, Reframe::ContentLength { old, new: new_len })
        }
        _ => (head.to_vec(), Reframe::UntilClose),
    };
    let mut out = new_head;
    out.extend_from_slice(&neg.document);
    Ok(ResponseRewrite {
        response: out,
        consumed,
        negotiation: Some(neg),
        reframe,
    })
}

/// The line ending (`\r\n` or `\n`) of a header line.
fn line_ending<'a>(head: &'a [u8], line: &Range<usize>) -> &'a [u8] {
    let l = &head[line.clone()];
    if l.ends_with(b"\r\n") {
        b"\r\n"
    } else {
        b"\n"
    }
}

fn parse_decimal(value: &[u8]) -> Result<u64> {
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

/// Joins a chunked body (RFC 9112 7.1) that must be complete in `data`; returns it and the
/// octets of `data` it took. Trailer fields are refused: they would be lost by re-framing.
fn dechunk(data: &[u8], limits: &Limits, base: usize) -> Result<(Vec<u8>, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    loop {
        let (n, size) = match httparse::parse_chunk_size(&data[pos..]) {
            Ok(httparse::Status::Complete(v)) => v,
            Ok(httparse::Status::Partial) => {
                return Err(Error::Truncated {
                    what: "chunk size line",
                    offset: base + data.len(),
                    needed: 1,
                })
            }
            Err(_) => {
                return Err(Error::Header {
                    name: "Transfer-Encoding",
                    reason: "malformed chunk size line",
                })
            }
        };
        pos += n;
        if size == 0 {
            if data[pos..].starts_with(b"\r\n") {
                return Ok((out, pos + 2));
            }
            if data.len() - pos < 2 {
                return Err(Error::Truncated {
                    what: "last chunk",
                    offset: base + data.len(),
                    needed: 2 - (data.len() - pos),
                });
            }
            return Err(Error::Header {
                name: "Transfer-Encoding",
                reason: "trailer fields after a chunked Autodiscover body are not carried over",
            });
        }
        let room = (limits.max_autodiscover_document
            - out.len().min(limits.max_autodiscover_document)) as u64;
        if size > room {
            return Err(Error::LimitExceeded {
                what: "Autodiscover document",
                offset: base + pos,
                value: out.len() as u64 + size,
                limit: limits.max_autodiscover_document as u64,
            });
        }
        let size = size as usize;
        let left = data.len() - pos;
        if left < size + 2 {
            return Err(Error::Truncated {
                what: "chunk data",
                offset: base + data.len(),
                needed: size + 2 - left,
            });
        }
        if &data[pos + size..pos + size + 2] != b"\r\n" {
            return Err(Error::Header {
                name: "Transfer-Encoding",
                reason: "chunk data not followed by CRLF",
            });
        }
        out.extend_from_slice(&data[pos..pos + size]);
        pos += size + 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cut_in_order() {
        assert_eq!(cut_spans(b"abcdef", &[1..2, 4..5]), b"acdf");
        assert_eq!(cut_spans(b"abc", &[]), b"abc");
    }

    #[test]
    fn offsets_of_subslices() {
        let b = b"hello world";
        assert_eq!(super::super::span::offset_in(b, &b[6..]), 6);
    }
}
