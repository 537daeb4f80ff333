//! `Content-Type` values (MS-OXCMAPIHTTP 2.2.3.2.2): media type and parameters, compared
//! ignoring ASCII case as RFC 9110 8.3.1 requires for type, subtype and parameter names.

use crate::error::{Error, Result};

/// The media type of MAPI over HTTP request and response bodies.
pub const MAPI_HTTP: &str = "application/mapi-http";
/// A generic binary media type some clients and intermediaries use for the same bodies.
pub const OCTET_STREAM: &str = "application/octet-stream";
/// The media type of the diagnostic body of a response whose `X-ResponseCode` is not 0.
pub const TEXT_HTML: &str = "text/html";

/// The media types this crate tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `application/mapi-http`.
    MapiHttp,
    /// `application/octet-stream`.
    OctetStream,
    /// `text/html`.
    TextHtml,
    /// Anything else.
    Other,
}

/// A parsed `Content-Type` value, borrowing the header's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentType<'a> {
    /// Type, as sent (e.g. `application`).
    pub type_: &'a str,
    /// Subtype, as sent (e.g. `mapi-http`).
    pub subtype: &'a str,
    /// Parameters in order, names as sent, values without quotes (quoted-pair escapes kept).
    pub params: Vec<(&'a str, &'a str)>,
}

const WHAT: &str = "Content-Type";

fn bad(reason: &'static str) -> Error {
    Error::Header { name: WHAT, reason }
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

impl<'a> ContentType<'a> {
    /// Parses `type/subtype *( ; name=value )`.
    pub fn parse(value: &'a str) -> Result<ContentType<'a>> {
        let (media, mut rest) = match value.find(';') {
            Some(i) => (&value[..i], &value[i..]),
            None => (value, ""),
        };
        let media = media.trim_matches([' ', '\t']);
        let (type_, subtype) = media.split_once('/').ok_or(bad("no '/' in media type"))?;
        if !is_token(type_) || !is_token(subtype) {
            return Err(bad("media type is not two tokens"));
        }
        let mut params = Vec::new();
        while let Some(r) = rest.strip_prefix(';') {
            let r = r.trim_start_matches([' ', '\t']);
            if r.is_empty() || r.starts_with(';') {
                rest = r;
                continue;
            }
            let eq = r.find('=').ok_or(bad("parameter without '='"))?;
            let name = &r[..eq];
            if !is_token(name) {
                return Err(bad("parameter name is not a token"));
            }
            let after = &r[eq + 1..];
            let (val, tail) = if let Some(q) = after.strip_prefix('"') {
                let mut end = None;
                let mut esc = false;
                for (i, c) in q.char_indices() {
                    match (esc, c) {
                        (true, _) => esc = false,
                        (false, '\\') => esc = true,
                        (false, '"') => {
                            end = Some(i);
                            break;
                        }
                        _ => {}
                    }
                }
                let end = end.ok_or(bad("unterminated quoted parameter"))?;
                (&q[..end], &q[end + 1..])
            } else {
                let end = after.find(';').unwrap_or(after.len());
                let v = after[..end].trim_end_matches([' ', '\t']);
                if !is_token(v) {
                    return Err(bad("parameter value is not a token"));
                }
                (v, &after[end..])
            };
            params.push((name, val));
            rest = tail.trim_start_matches([' ', '\t']);
            if !rest.is_empty() && !rest.starts_with(';') {
                return Err(bad("text after a parameter"));
            }
        }
        Ok(ContentType {
            type_,
            subtype,
            params,
        })
    }

    /// Whether the media type is `type/subtype`, ignoring case.
    pub fn is(&self, media: &str) -> bool {
        match media.split_once('/') {
            Some((t, s)) => {
                self.type_.eq_ignore_ascii_case(t) && self.subtype.eq_ignore_ascii_case(s)
            }
            None => false,
        }
    }

    /// Which of the media types this crate knows.
    pub fn kind(&self) -> Kind {
        if self.is(MAPI_HTTP) {
            Kind::MapiHttp
        } else if self.is(OCTET_STREAM) {
            Kind::OctetStream
        } else if self.is(TEXT_HTML) {
            Kind::TextHtml
        } else {
            Kind::Other
        }
    }

    /// The first parameter of that name, ignoring case.
    pub fn param(&self, name: &str) -> Option<&'a str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }
}

impl std::fmt::Display for ContentType<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.type_, self.subtype)?;
        for (n, v) in &self.params {
            if is_token(v) {
                write!(f, "; {n}={v}")?;
            } else {
                write!(f, "; {n}=\"{v}\"")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_parameters() {
        let c = ContentType::parse("Application/MAPI-HTTP ; charset=\"utf-8\";x=1").unwrap();
        assert_eq!(c.kind(), Kind::MapiHttp);
        assert_eq!(c.param("CHARSET"), Some("utf-8"));
        assert_eq!(c.param("x"), Some("1"));
        assert_eq!(c.to_string(), "Application/MAPI-HTTP; charset=utf-8; x=1");
        assert_eq!(
            ContentType::parse("text/html").unwrap().kind(),
            Kind::TextHtml
        );
        assert_eq!(
            ContentType::parse("application/octet-stream")
                .unwrap()
                .kind(),
            Kind::OctetStream
        );
    }

    #[test]
    fn malformed_values() {
        for v in [
            "",
            "application",
            "a/b; c",
            "a/b; c=\"x",
            "a /b",
            "a/b; =1",
            "a/b; c=d e",
        ] {
            assert!(ContentType::parse(v).is_err(), "{v:?}");
        }
    }
}
