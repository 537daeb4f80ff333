//! The `X-ResponseCode` values (MS-OXCMAPIHTTP 2.2.3.3.3) and the shape of an error response.
//!
//! A response code other than 0 says the request failed at the transport level; the body is
//! then diagnostic text for a person, not a protocol body. Such responses carry
//! `Content-Type: text/html` and a `Content-Length`, with the code in `X-ResponseCode` (this
//! is what gromox's server sends, and what [`error_response_body`] builds).

use crate::error::{Error, Result};

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = $v:literal, $text:literal, $desc:literal;)*) => {
        /// An `X-ResponseCode` value.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ResponseCode {
            $($(#[$doc])* $name,)*
            /// A value the table does not list, kept as sent.
            Other(u32),
        }

        impl ResponseCode {
            /// Every listed code, in table order.
            pub const ALL: &'static [ResponseCode] = &[$(ResponseCode::$name,)*];

            /// The number sent in the header.
            pub fn value(self) -> u32 {
                match self {
                    $(ResponseCode::$name => $v,)*
                    ResponseCode::Other(v) => v,
                }
            }

            /// The code for a number; unlisted numbers become [`ResponseCode::Other`].
            pub fn from_value(v: u32) -> ResponseCode {
                match v {
                    $($v => ResponseCode::$name,)*
                    other => ResponseCode::Other(other),
                }
            }

            /// The error name of the specification's table (e.g. `"Invalid Verb"`).
            pub fn name(self) -> &'static str {
                match self {
                    $(ResponseCode::$name => $text,)*
                    ResponseCode::Other(_) => "Unlisted",
                }
            }

            /// What the code means, in our words.
            pub fn description(self) -> &'static str {
                match self {
                    $(ResponseCode::$name => $desc,)*
                    ResponseCode::Other(_) => "A code the specification does not list.",
                }
            }
        }
    };
}

codes! {
    /// 0: the request was well formed and accepted; the body is the protocol body.
    Success = 0, "Success", "The request was well formed and accepted.";
    /// 1.
    UnknownFailure = 1, "Unknown Failure", "The request failed for an unknown reason.";
    /// 2: the HTTP method is not POST.
    InvalidVerb = 2, "Invalid Verb", "The HTTP method is not one the endpoint accepts.";
    /// 3.
    InvalidPath = 3, "Invalid Path", "The request path is not an endpoint.";
    /// 4.
    InvalidHeader = 4, "Invalid Header", "A header holds a value the protocol does not allow.";
    /// 5.
    InvalidRequestType = 5, "Invalid Request Type", "X-RequestType names no request type of this endpoint.";
    /// 6.
    InvalidContextCookie = 6, "Invalid Context Cookie", "The session context cookie is not valid.";
    /// 7.
    MissingHeader = 7, "Missing Header", "A required header is absent.";
    /// 8.
    AnonymousNotAllowed = 8, "Anonymous Not Allowed", "The request is anonymous and the server refuses anonymous requests.";
    /// 9.
    TooLarge = 9, "Too Large", "The request is larger than the server accepts.";
    /// 10.
    ContextNotFound = 10, "Context Not Found", "No session context matches the request.";
    /// 11.
    NoPrivilege = 11, "No Privilege", "The client may not use that session context.";
    /// 12.
    InvalidRequestBody = 12, "Invalid Request Body", "The request body cannot be read.";
    /// 13.
    MissingCookie = 13, "Missing Cookie", "A required cookie is absent.";
    /// 15: a second request arrived on a session context while one was outstanding, or the
    /// sequence cookie did not match.
    InvalidSequence = 15, "Invalid Sequence", "The request breaks the one-request-at-a-time sequencing of its session context.";
    /// 16.
    EndpointDisabled = 16, "Endpoint Disabled", "The endpoint is turned off.";
    /// 17.
    InvalidResponse = 17, "Invalid Response", "The response could not be formed.";
    /// 18.
    EndpointShuttingDown = 18, "Endpoint Shutting Down", "The endpoint is stopping.";
}

impl ResponseCode {
    /// Parses the header value: a decimal number, blanks around it ignored.
    pub fn parse(value: &[u8]) -> Result<ResponseCode> {
        parse_u32(value, "X-ResponseCode").map(ResponseCode::from_value)
    }

    /// Whether this is [`ResponseCode::Success`].
    pub fn is_success(self) -> bool {
        self == ResponseCode::Success
    }

    /// The code a server answers with when a request's headers fail
    /// [`Headers::validate_request`](super::headers::Headers::validate_request).
    pub fn for_request_error(err: &Error) -> ResponseCode {
        match err {
            Error::Header { reason, .. } if *reason == super::headers::MISSING => {
                ResponseCode::MissingHeader
            }
            Error::UnknownRequestType(_) => ResponseCode::InvalidRequestType,
            Error::Header { .. } => ResponseCode::InvalidHeader,
            Error::LimitExceeded { .. } => ResponseCode::TooLarge,
            _ => ResponseCode::InvalidRequestBody,
        }
    }
}

impl std::fmt::Display for ResponseCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.value(), self.name())
    }
}

pub(crate) fn parse_u32(value: &[u8], name: &'static str) -> Result<u32> {
    let v = super::meta_tags::trim_blanks(value);
    if v.is_empty() || v.len() > 10 || !v.iter().all(u8::is_ascii_digit) {
        return Err(Error::Header {
            name,
            reason: "not a decimal number",
        });
    }
    let n = v
        .iter()
        .fold(0u64, |acc, &d| acc * 10 + u64::from(d - b'0'));
    u32::try_from(n).map_err(|_| Error::Header {
        name,
        reason: "number too large",
    })
}

/// The text/html diagnostic body of an error response: the code's name and, when given, a
/// detail line. Characters with a meaning in HTML are escaped.
pub fn error_response_body(code: ResponseCode, detail: &str) -> String {
    let mut s = String::with_capacity(160 + detail.len());
    s.push_str("<html><head><title>MAPI over HTTP error</title></head><body>\r\n<h1>");
    s.push_str(&code.to_string());
    s.push_str("</h1>\r\n");
    if !detail.is_empty() {
        s.push_str("<p>");
        for c in detail.chars() {
            match c {
                '<' => s.push_str("&lt;"),
                '>' => s.push_str("&gt;"),
                '&' => s.push_str("&amp;"),
                '"' => s.push_str("&quot;"),
                c => s.push(c),
            }
        }
        s.push_str("</p>\r\n");
    }
    s.push_str("</body></html>\r\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_values_and_names() {
        // MS-OXCMAPIHTTP 2.2.3.3.3: 0 through 13, then 15 through 18 (14 is not listed).
        let values: Vec<u32> = ResponseCode::ALL.iter().map(|c| c.value()).collect();
        assert_eq!(
            values,
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18]
        );
        assert_eq!(ResponseCode::from_value(2).name(), "Invalid Verb");
        assert_eq!(ResponseCode::from_value(13).name(), "Missing Cookie");
        assert_eq!(ResponseCode::from_value(14), ResponseCode::Other(14));
        for c in ResponseCode::ALL {
            assert_eq!(ResponseCode::from_value(c.value()), *c);
        }
    }

    #[test]
    fn header_value_parsing() {
        assert_eq!(ResponseCode::parse(b" 0 ").unwrap(), ResponseCode::Success);
        assert_eq!(
            ResponseCode::parse(b"10").unwrap(),
            ResponseCode::ContextNotFound
        );
        assert!(ResponseCode::parse(b"").is_err());
        assert!(ResponseCode::parse(b"-1").is_err());
        assert!(ResponseCode::parse(b"4294967296").is_err());
        assert!(ResponseCode::parse(b"99999999999999999999").is_err());
    }

    #[test]
    fn error_body_escapes_detail() {
        let b = error_response_body(ResponseCode::MissingHeader, "<X-RequestId>");
        assert!(b.contains("7 (Missing Header)"));
        assert!(b.contains("&lt;X-RequestId&gt;"));
    }
}
