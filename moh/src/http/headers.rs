//! The HTTP headers of MS-OXCMAPIHTTP 2.2.3: a header list with names compared ignoring
//! case, typed accessors for the protocol's own headers, builders, and the checks the
//! specification makes mandatory.
//!
//! ```
//! use oxwire_moh::http::headers::{names, Headers, RequestId};
//! use oxwire_moh::RequestType;
//!
//! let id: RequestId = "{E2EA6C1C-E61B-49E9-9CFB-38184F907552}:123456".parse()?;
//! let mut h = Headers::new();
//! h.push("Host", "mail.example.com")?;
//! h.push("Content-Type", "application/mapi-http")?;
//! h.push("Content-Length", "24")?;
//! h.set_request_type(RequestType::Execute);
//! h.set_request_id(&id);
//! h.validate_request()?;
//! assert_eq!(h.request_id()?, Some(id));
//! assert_eq!(h.get("x-requesttype"), Some(&b"Execute"[..]));
//! assert!(h.get(names::X_CLIENT_INFO).is_none());
//! # Ok::<(), oxwire_moh::Error>(())
//! ```

use std::time::Duration;

use super::content_type::{ContentType, Kind};
use super::response_code::{parse_u32, ResponseCode};
use crate::error::{Error, Result};
use crate::request_type::RequestType;

/// Header names this protocol uses, spelled as the specification spells them.
pub mod names {
    /// 2.2.3.3.1: the request type.
    pub const X_REQUEST_TYPE: &str = "X-RequestType";
    /// 2.2.3.3.2: `{GUID}:counter`, echoed by the server.
    pub const X_REQUEST_ID: &str = "X-RequestId";
    /// 2.2.3.3.3: the transport-level result.
    pub const X_RESPONSE_CODE: &str = "X-ResponseCode";
    /// 2.2.3.3.4: opaque client text, echoed by the server.
    pub const X_CLIENT_INFO: &str = "X-ClientInfo";
    /// 2.2.3.3.5: milliseconds between PENDING keep-alives.
    pub const X_PENDING_PERIOD: &str = "X-PendingPeriod";
    /// Milliseconds the session context lives without requests.
    pub const X_EXPIRATION_INFO: &str = "X-ExpirationInfo";
    /// The server's version string.
    pub const X_SERVER_APPLICATION: &str = "X-ServerApplication";
    /// The client's version string.
    pub const X_CLIENT_APPLICATION: &str = "X-ClientApplication";
    /// Additional header after DONE: processing time in milliseconds.
    pub const X_ELAPSED_TIME: &str = "X-ElapsedTime";
    /// Additional header after DONE: when processing started (HTTP date).
    pub const X_START_TIME: &str = "X-StartTime";
    /// Device description some clients send.
    pub const X_DEVICE_INFO: &str = "X-DeviceInfo";
    /// The user the request acts for; used for routing by front ends.
    pub const X_USER_IDENTITY: &str = "X-User-Identity";
    /// The mailbox a front end routes the request to.
    pub const X_ANCHOR_MAILBOX: &str = "X-AnchorMailbox";
    /// Standard HTTP.
    pub const HOST: &str = "Host";
    /// Standard HTTP.
    pub const CONTENT_TYPE: &str = "Content-Type";
    /// Standard HTTP.
    pub const CONTENT_LENGTH: &str = "Content-Length";
    /// Standard HTTP.
    pub const TRANSFER_ENCODING: &str = "Transfer-Encoding";
    /// Standard HTTP (RFC 6265): cookies from client to server.
    pub const COOKIE: &str = "Cookie";
    /// Standard HTTP (RFC 6265): cookies from server to client.
    pub const SET_COOKIE: &str = "Set-Cookie";
}

/// The `reason` of an [`Error::Header`] for an absent header.
pub const MISSING: &str = "missing";

/// An `X-RequestId` value: a GUID fixed for the session context and a counter that grows
/// with every request (2.2.3.3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RequestId {
    /// The GUID's 16 octets in the order its text shows them.
    pub guid: [u8; 16],
    /// The decimal counter after the colon.
    pub counter: u64,
}

impl std::str::FromStr for RequestId {
    type Err = Error;

    /// Reads `{8-4-4-4-12 hex}:decimal`; braces may be absent, hex in either case.
    fn from_str(s: &str) -> Result<RequestId> {
        let bad = |reason| Error::Header {
            name: names::X_REQUEST_ID,
            reason,
        };
        let s = s.trim_matches([' ', '\t']);
        let (g, c) = s.rsplit_once(':').ok_or(bad("no ':' before the counter"))?;
        let g = g.strip_prefix('{').map_or(Ok(g), |g| {
            g.strip_suffix('}').ok_or(bad("unbalanced braces"))
        })?;
        let b = g.as_bytes();
        if b.len() != 36 || [8, 13, 18, 23].iter().any(|&i| b[i] != b'-') {
            return Err(bad("GUID is not 8-4-4-4-12 hex digits"));
        }
        let mut guid = [0u8; 16];
        let mut n = 0;
        let mut hi = None;
        for &ch in b.iter().filter(|&&ch| ch != b'-') {
            let d = (ch as char)
                .to_digit(16)
                .ok_or(bad("GUID is not 8-4-4-4-12 hex digits"))? as u8;
            match hi.take() {
                None => hi = Some(d),
                Some(h) => {
                    guid[n] = h << 4 | d;
                    n += 1;
                }
            }
        }
        if n != 16 {
            return Err(bad("GUID is not 8-4-4-4-12 hex digits"));
        }
        if c.is_empty() || c.len() > 20 || !c.bytes().all(|d| d.is_ascii_digit()) {
            return Err(bad("counter is not a decimal number"));
        }
        let counter = c.parse().map_err(|_| bad("counter too large"))?;
        Ok(RequestId { guid, counter })
    }
}

impl std::fmt::Display for RequestId {
    /// `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}:counter`, the form of the specification's
    /// example.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("{")?;
        for (i, b) in self.guid.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                f.write_str("-")?;
            }
            write!(f, "{b:02X}")?;
        }
        write!(f, "}}:{}", self.counter)
    }
}

impl RequestId {
    /// The same GUID with the counter advanced by one, for the next request.
    pub fn next(&self) -> RequestId {
        RequestId {
            guid: self.guid,
            counter: self.counter.wrapping_add(1),
        }
    }
}

/// An ordered list of header fields; names are compared ignoring ASCII case and values are
/// kept as octets, exactly as received.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers {
    list: Vec<(String, Vec<u8>)>,
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn check_field(name: &str, value: &[u8]) -> Result<()> {
    if !is_token(name) {
        return Err(Error::Header {
            name: "header name",
            reason: "not a token",
        });
    }
    if value.iter().any(|&b| b == b'\r' || b == b'\n' || b == 0) {
        return Err(Error::Header {
            name: "header value",
            reason: "holds CR, LF or NUL",
        });
    }
    Ok(())
}

impl Headers {
    /// An empty list.
    pub fn new() -> Self {
        Headers::default()
    }

    /// Takes fields as received (e.g. from [`Head`](super::message::Head)), without checks.
    pub fn from_raw(list: Vec<(String, Vec<u8>)>) -> Self {
        Headers { list }
    }

    /// Appends a field; the name must be a token and the value free of CR, LF and NUL.
    pub fn push(&mut self, name: &str, value: impl AsRef<[u8]>) -> Result<()> {
        let value = value.as_ref();
        check_field(name, value)?;
        self.list.push((name.to_owned(), value.to_vec()));
        Ok(())
    }

    /// Replaces every field of that name by one field (appended if there was none).
    pub fn set(&mut self, name: &str, value: impl AsRef<[u8]>) -> Result<()> {
        let value = value.as_ref();
        check_field(name, value)?;
        match self
            .list
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some(i) => {
                self.list[i].1 = value.to_vec();
                let mut j = 0;
                self.list.retain(|(n, _)| {
                    j += 1;
                    j - 1 == i || !n.eq_ignore_ascii_case(name)
                });
            }
            None => self.list.push((name.to_owned(), value.to_vec())),
        }
        Ok(())
    }

    /// Removes every field of that name; returns how many there were.
    pub fn remove(&mut self, name: &str) -> usize {
        let before = self.list.len();
        self.list.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        before - self.list.len()
    }

    /// The first value of that name.
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.list
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }

    /// Every value of that name, in order.
    pub fn get_all<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s [u8]> + 's {
        self.list
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }

    /// The first value of that name as text, blanks around it removed; `None` if absent or
    /// not UTF-8.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.get(name)
            .and_then(|v| std::str::from_utf8(super::meta_tags::trim_blanks(v)).ok())
    }

    /// The fields in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.list.iter().map(|(n, v)| (n.as_str(), v.as_slice()))
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are no fields.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Appends every field as `Name: value\r\n` (no blank line).
    pub fn encode(&self, out: &mut Vec<u8>) {
        for (n, v) in &self.list {
            out.extend_from_slice(n.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(v);
            out.extend_from_slice(b"\r\n");
        }
    }

    fn required(&self, name: &'static str) -> Result<&[u8]> {
        self.get(name).ok_or(Error::Header {
            name,
            reason: MISSING,
        })
    }

    fn text(&self, name: &'static str) -> Result<Option<&str>> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => std::str::from_utf8(super::meta_tags::trim_blanks(v))
                .map(Some)
                .map_err(|_| Error::Header {
                    name,
                    reason: "not UTF-8 text",
                }),
        }
    }

    fn millis(&self, name: &'static str) -> Result<Option<Duration>> {
        self.get(name)
            .map(|v| parse_u32(v, name).map(|n| Duration::from_millis(n.into())))
            .transpose()
    }

    /// `X-RequestType`.
    pub fn request_type(&self) -> Result<Option<RequestType>> {
        self.text(names::X_REQUEST_TYPE)?
            .map(RequestType::parse)
            .transpose()
    }

    /// `X-RequestId`.
    pub fn request_id(&self) -> Result<Option<RequestId>> {
        self.text(names::X_REQUEST_ID)?.map(str::parse).transpose()
    }

    /// `X-ResponseCode`.
    pub fn response_code(&self) -> Result<Option<ResponseCode>> {
        self.get(names::X_RESPONSE_CODE)
            .map(ResponseCode::parse)
            .transpose()
    }

    /// `X-ClientInfo` (opaque).
    pub fn client_info(&self) -> Result<Option<&str>> {
        self.text(names::X_CLIENT_INFO)
    }

    /// `X-ClientApplication`.
    pub fn client_application(&self) -> Result<Option<&str>> {
        self.text(names::X_CLIENT_APPLICATION)
    }

    /// `X-ServerApplication`.
    pub fn server_application(&self) -> Result<Option<&str>> {
        self.text(names::X_SERVER_APPLICATION)
    }

    /// `X-PendingPeriod` (milliseconds).
    pub fn pending_period(&self) -> Result<Option<Duration>> {
        self.millis(names::X_PENDING_PERIOD)
    }

    /// `X-ExpirationInfo` (milliseconds).
    pub fn expiration_info(&self) -> Result<Option<Duration>> {
        self.millis(names::X_EXPIRATION_INFO)
    }

    /// `X-ElapsedTime` (milliseconds), normally an additional header after DONE.
    pub fn elapsed_time(&self) -> Result<Option<Duration>> {
        self.millis(names::X_ELAPSED_TIME)
    }

    /// `X-StartTime`, kept as the HTTP date text.
    pub fn start_time(&self) -> Result<Option<&str>> {
        self.text(names::X_START_TIME)
    }

    /// `X-DeviceInfo`.
    pub fn device_info(&self) -> Result<Option<&str>> {
        self.text(names::X_DEVICE_INFO)
    }

    /// `X-User-Identity`.
    pub fn user_identity(&self) -> Result<Option<&str>> {
        self.text(names::X_USER_IDENTITY)
    }

    /// `X-AnchorMailbox`.
    pub fn anchor_mailbox(&self) -> Result<Option<&str>> {
        self.text(names::X_ANCHOR_MAILBOX)
    }

    /// `Content-Type`.
    pub fn content_type(&self) -> Result<Option<ContentType<'_>>> {
        self.text(names::CONTENT_TYPE)?
            .map(ContentType::parse)
            .transpose()
    }

    /// `Content-Length`; several fields must agree.
    pub fn content_length(&self) -> Result<Option<u64>> {
        let mut found = None;
        for v in self.get_all(names::CONTENT_LENGTH) {
            let n = super::message::parse_content_length(v).ok_or(Error::Header {
                name: names::CONTENT_LENGTH,
                reason: "not a decimal number",
            })?;
            if found.is_some_and(|f| f != n) {
                return Err(Error::Header {
                    name: names::CONTENT_LENGTH,
                    reason: "fields disagree",
                });
            }
            found = Some(n);
        }
        Ok(found)
    }

    /// Sets `X-RequestType`.
    pub fn set_request_type(&mut self, t: RequestType) {
        self.set_known(names::X_REQUEST_TYPE, t.as_str());
    }

    /// Sets `X-RequestId`.
    pub fn set_request_id(&mut self, id: &RequestId) {
        self.set_known(names::X_REQUEST_ID, &id.to_string());
    }

    /// Sets `X-ResponseCode`.
    pub fn set_response_code(&mut self, code: ResponseCode) {
        self.set_known(names::X_RESPONSE_CODE, &code.value().to_string());
    }

    /// Sets `X-PendingPeriod` in whole milliseconds (saturating at `u32::MAX`).
    pub fn set_pending_period(&mut self, d: Duration) {
        self.set_known(names::X_PENDING_PERIOD, &millis_text(d));
    }

    /// Sets `X-ExpirationInfo` in whole milliseconds (saturating at `u32::MAX`).
    pub fn set_expiration_info(&mut self, d: Duration) {
        self.set_known(names::X_EXPIRATION_INFO, &millis_text(d));
    }

    fn set_known(&mut self, name: &str, value: &str) {
        // Names are tokens and values digits, GUID text or request type names.
        let _ = self.set(name, value);
    }

    /// Checks what 2.2.2.1 makes mandatory for a request: `Host`, `X-RequestType`,
    /// `X-RequestId`, `Content-Type` and `Content-Length` are present, the request type is
    /// known, the request id well formed, and the body's media type is
    /// `application/mapi-http`. [`ResponseCode::for_request_error`] turns a failure into the
    /// code to answer with.
    pub fn validate_request(&self) -> Result<()> {
        self.required(names::HOST)?;
        self.required(names::X_REQUEST_TYPE)?;
        self.required(names::X_REQUEST_ID)?;
        self.required(names::CONTENT_TYPE)?;
        self.required(names::CONTENT_LENGTH)?;
        self.request_type()?;
        self.request_id()?;
        self.content_length()?;
        let ct = self.content_type()?;
        if ct.map(|c| c.kind()) != Some(Kind::MapiHttp) {
            return Err(Error::Header {
                name: names::CONTENT_TYPE,
                reason: "not application/mapi-http",
            });
        }
        Ok(())
    }

    /// Checks a response's protocol headers: `X-ResponseCode` present and numeric,
    /// `Content-Type` present, `X-RequestId` (which the server MUST return, 2.2.3.3.2)
    /// present and well formed, and the optional timing headers numeric where present.
    pub fn validate_response(&self) -> Result<()> {
        self.required(names::X_RESPONSE_CODE)?;
        self.required(names::CONTENT_TYPE)?;
        self.required(names::X_REQUEST_ID)?;
        self.response_code()?;
        self.content_type()?;
        self.request_id()?;
        self.pending_period()?;
        self.expiration_info()?;
        Ok(())
    }

    /// [`validate_response`](Self::validate_response), plus the echo rules: the
    /// `X-RequestId` equals the request's (2.2.3.3.2) and the `X-ClientInfo`, when the
    /// request had one, comes back unchanged (2.2.3.3.4).
    pub fn validate_response_to(&self, request: &Headers) -> Result<()> {
        self.validate_response()?;
        if self.request_id()? != request.request_id()? {
            return Err(Error::Header {
                name: names::X_REQUEST_ID,
                reason: "differs from the request's",
            });
        }
        if let Some(info) = request.get(names::X_CLIENT_INFO) {
            if self.get(names::X_CLIENT_INFO) != Some(info) {
                return Err(Error::Header {
                    name: names::X_CLIENT_INFO,
                    reason: "not echoed unchanged",
                });
            }
        }
        Ok(())
    }
}

fn millis_text(d: Duration) -> String {
    u32::try_from(d.as_millis()).unwrap_or(u32::MAX).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_id_spec_example() {
        // The example of MS-OXCMAPIHTTP 2.2.3.3.2.
        let s = "{E2EA6C1C-E61B-49E9-9CFB-38184F907552}:123456";
        let id: RequestId = s.parse().unwrap();
        assert_eq!(id.counter, 123456);
        assert_eq!(id.guid[0], 0xE2);
        assert_eq!(id.guid[15], 0x52);
        assert_eq!(id.to_string(), s);
        assert_eq!(id.next().counter, 123457);
        let lower: RequestId = "e2ea6c1c-e61b-49e9-9cfb-38184f907552:7".parse().unwrap();
        assert_eq!(lower.guid, id.guid);
        for bad in [
            "",
            "{E2EA6C1C-E61B-49E9-9CFB-38184F907552}",
            "{E2EA6C1C-E61B-49E9-9CFB-38184F907552:1",
            "{E2EA6C1C-E61B-49E9-9CFB-38184F90755}:1",
            "{E2EA6C1C-E61B-49E9-9CFB-38184F90755G}:1",
            "{E2EA6C1C-E61B-49E9-9CFB-38184F907552}:",
            "{E2EA6C1C-E61B-49E9-9CFB-38184F907552}:99999999999999999999999",
            "{E2EA6C1C+E61B-49E9-9CFB-38184F907552}:1",
            "{É2EA6C1C-E61B-49E9-9CFB-38184F90755}:1",
        ] {
            assert!(bad.parse::<RequestId>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn names_ignore_case_and_set_replaces_all() {
        let mut h = Headers::new();
        h.push("x-requesttype", "PING").unwrap();
        h.push("X-REQUESTTYPE", "Bind").unwrap();
        assert_eq!(h.request_type().unwrap(), Some(RequestType::Ping));
        h.set_request_type(RequestType::Execute);
        assert_eq!(h.len(), 1);
        assert_eq!(h.request_type().unwrap(), Some(RequestType::Execute));
        assert!(h.push("Bad Name", "x").is_err());
        assert!(h.push("X-A", "a\r\nX-B: b").is_err());
    }

    #[test]
    fn request_validation_names_the_missing_header() {
        let mut h = Headers::new();
        let e = h.validate_request().unwrap_err();
        assert_eq!(
            e,
            Error::Header {
                name: "Host",
                reason: MISSING
            }
        );
        assert_eq!(
            ResponseCode::for_request_error(&e),
            ResponseCode::MissingHeader
        );
        h.push("Host", "x").unwrap();
        h.push("X-RequestType", "Frobnicate").unwrap();
        h.push("X-RequestId", "{E2EA6C1C-E61B-49E9-9CFB-38184F907552}:1")
            .unwrap();
        h.push("Content-Type", "application/mapi-http").unwrap();
        h.push("Content-Length", "0").unwrap();
        let e = h.validate_request().unwrap_err();
        assert_eq!(
            ResponseCode::for_request_error(&e),
            ResponseCode::InvalidRequestType
        );
        h.set_request_type(RequestType::Connect);
        h.validate_request().unwrap();
        h.set("Content-Type", "text/plain").unwrap();
        let e = h.validate_request().unwrap_err();
        assert_eq!(
            ResponseCode::for_request_error(&e),
            ResponseCode::InvalidHeader
        );
    }

    #[test]
    fn response_echo_rules() {
        let mut req = Headers::new();
        req.push("X-RequestId", "{E2EA6C1C-E61B-49E9-9CFB-38184F907552}:5")
            .unwrap();
        req.push("X-ClientInfo", "{2D3E6C1C-0000-0000-0000-000000000000}")
            .unwrap();
        let mut resp = Headers::new();
        resp.push("X-ResponseCode", "0").unwrap();
        resp.push("Content-Type", "application/mapi-http").unwrap();
        resp.push("X-RequestId", "{e2ea6c1c-e61b-49e9-9cfb-38184f907552}:5")
            .unwrap();
        resp.push("X-PendingPeriod", "30000").unwrap();
        assert!(
            resp.validate_response_to(&req).is_err(),
            "X-ClientInfo not echoed"
        );
        resp.push("X-ClientInfo", "{2D3E6C1C-0000-0000-0000-000000000000}")
            .unwrap();
        resp.validate_response_to(&req).unwrap();
        assert_eq!(
            resp.pending_period().unwrap(),
            Some(Duration::from_secs(30))
        );
        resp.set("X-RequestId", "{E2EA6C1C-E61B-49E9-9CFB-38184F907552}:6")
            .unwrap();
        assert!(resp.validate_response_to(&req).is_err());
    }
}
