//! Session context cookies (MS-OXCMAPIHTTP 2.2.3.2.4, 3.1.5.1, 3.2.5.1).
//!
//! The server names the session context and, optionally, the request sequence with cookies
//! (Exchange calls them `MapiContext` and `MapiSequence`; gromox uses `sid` and `sequence`).
//! Their values are opaque: the client MUST store every cookie the server returns for a
//! session context and send all of them back on the next request. [`CookieJar`] does that,
//! bounded in count and size; [`SetCookie`] and [`parse_cookie_header`] read the two header
//! forms of RFC 6265 without interpreting values.
//!
//! ```
//! use oxwire_moh::http::cookies::CookieJar;
//!
//! let mut jar = CookieJar::default();
//! jar.store(b"MapiContext=AAAA; path=/mapi/emsmdb/; HttpOnly")?;
//! jar.store(b"MapiSequence=1-xyz; path=/mapi/emsmdb/")?;
//! assert_eq!(jar.cookie_header().as_deref(), Some("MapiContext=AAAA; MapiSequence=1-xyz"));
//! jar.store(b"MapiSequence=2-abc; path=/mapi/emsmdb/")?; // replaced, order kept
//! assert_eq!(jar.get("MapiSequence"), Some("2-abc"));
//! # Ok::<(), oxwire_moh::Error>(())
//! ```

use crate::error::{Error, Result};

/// Exchange's session context cookie name.
pub const MAPI_CONTEXT: &str = "MapiContext";
/// Exchange's request sequence cookie name.
pub const MAPI_SEQUENCE: &str = "MapiSequence";

/// One `Set-Cookie` field: name, opaque value and the attributes as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetCookie<'a> {
    /// Cookie name.
    pub name: &'a str,
    /// Cookie value, opaque.
    pub value: &'a str,
    /// Attributes in order (`path=/mapi/emsmdb/`, `HttpOnly`, ...), names and values trimmed;
    /// the value is `None` for a bare attribute.
    pub attributes: Vec<(&'a str, Option<&'a str>)>,
}

fn bad(reason: &'static str) -> Error {
    Error::Header {
        name: "Set-Cookie",
        reason,
    }
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// RFC 6265 4.1.1 cookie-octet, plus a surrounding pair of quotes.
fn is_cookie_value(v: &str) -> bool {
    let v = v
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(v);
    v.bytes().all(|b| {
        b == 0x21
            || (0x23..=0x2b).contains(&b)
            || (0x2d..=0x3a).contains(&b)
            || (0x3c..=0x5b).contains(&b)
            || (0x5d..=0x7e).contains(&b)
    })
}

impl<'a> SetCookie<'a> {
    /// Parses a `Set-Cookie` value.
    pub fn parse(value: &'a [u8]) -> Result<SetCookie<'a>> {
        let s = std::str::from_utf8(value).map_err(|_| bad("not UTF-8 text"))?;
        let mut parts = s.split(';');
        let pair = parts.next().unwrap_or("").trim_matches([' ', '\t']);
        let (name, value) = pair.split_once('=').ok_or(bad("no '=' in name=value"))?;
        let (name, value) = (
            name.trim_matches([' ', '\t']),
            value.trim_matches([' ', '\t']),
        );
        if !is_token(name) {
            return Err(bad("cookie name is not a token"));
        }
        if !is_cookie_value(value) {
            return Err(bad("cookie value holds a forbidden octet"));
        }
        let attributes = parts
            .map(|a| {
                let a = a.trim_matches([' ', '\t']);
                match a.split_once('=') {
                    Some((n, v)) => (
                        n.trim_matches([' ', '\t']),
                        Some(v.trim_matches([' ', '\t'])),
                    ),
                    None => (a, None),
                }
            })
            .filter(|(n, _)| !n.is_empty())
            .collect();
        Ok(SetCookie {
            name,
            value,
            attributes,
        })
    }

    /// The first attribute of that name, ignoring case (`Some(None)` for a bare one).
    pub fn attribute(&self, name: &str) -> Option<Option<&'a str>> {
        self.attributes
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }

    /// Whether the server asks the client to drop the cookie (`Max-Age` zero or negative).
    /// `Expires` dates are not compared: this layer reads no clock.
    pub fn is_removal(&self) -> bool {
        matches!(self.attribute("Max-Age"), Some(Some(v)) if v.starts_with('-') || v.bytes().all(|b| b == b'0'))
    }
}

/// Builds a `Set-Cookie` value: `name=value; path=<path>; HttpOnly` when a path is given.
pub fn set_cookie_value(name: &str, value: &str, path: Option<&str>) -> Result<String> {
    if !is_token(name) {
        return Err(bad("cookie name is not a token"));
    }
    if !is_cookie_value(value) {
        return Err(bad("cookie value holds a forbidden octet"));
    }
    let mut s = format!("{name}={value}");
    if let Some(p) = path {
        if p.bytes().any(|b| b == b';' || b.is_ascii_control()) {
            return Err(bad("path holds ';' or a control octet"));
        }
        s.push_str("; path=");
        s.push_str(p);
        s.push_str("; HttpOnly");
    }
    Ok(s)
}

/// Reads a `Cookie` header value (`a=b; c=d`) into name/value pairs.
pub fn parse_cookie_header(value: &[u8]) -> Result<Vec<(&str, &str)>> {
    let s = std::str::from_utf8(value).map_err(|_| Error::Header {
        name: "Cookie",
        reason: "not UTF-8 text",
    })?;
    s.split(';')
        .map(|p| p.trim_matches([' ', '\t']))
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (n, v) = p.split_once('=').ok_or(Error::Header {
                name: "Cookie",
                reason: "no '=' in name=value",
            })?;
            Ok((n.trim_matches([' ', '\t']), v.trim_matches([' ', '\t'])))
        })
        .collect()
}

/// The cookies of one session context, as a client keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CookieJar {
    cookies: Vec<(String, String)>,
    max_cookies: usize,
    max_bytes: usize,
}

impl Default for CookieJar {
    /// At most 16 cookies and 8 KiB of names and values: Exchange sends two.
    fn default() -> Self {
        CookieJar::with_limits(16, 8 << 10)
    }
}

impl CookieJar {
    /// An empty jar holding at most `max_cookies` cookies of `max_bytes` octets in all.
    pub fn with_limits(max_cookies: usize, max_bytes: usize) -> Self {
        CookieJar {
            cookies: Vec::new(),
            max_cookies,
            max_bytes,
        }
    }

    /// Takes one `Set-Cookie` value: stores, replaces (keeping its place) or removes the
    /// cookie. Refuses a cookie that would go over the jar's bounds.
    pub fn store(&mut self, set_cookie: &[u8]) -> Result<()> {
        let c = SetCookie::parse(set_cookie)?;
        let at = self.cookies.iter().position(|(n, _)| n == c.name);
        if c.is_removal() {
            if let Some(i) = at {
                self.cookies.remove(i);
            }
            return Ok(());
        }
        let used: usize = self
            .cookies
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != at)
            .map(|(_, (n, v))| n.len() + v.len())
            .sum();
        let total = used + c.name.len() + c.value.len();
        let count = self.cookies.len() + usize::from(at.is_none());
        if total > self.max_bytes || count > self.max_cookies {
            return Err(Error::LimitExceeded {
                what: "session cookies",
                offset: 0,
                value: if count > self.max_cookies {
                    count
                } else {
                    total
                } as u64,
                limit: if count > self.max_cookies {
                    self.max_cookies
                } else {
                    self.max_bytes
                } as u64,
            });
        }
        match at {
            Some(i) => self.cookies[i].1 = c.value.to_owned(),
            None => self.cookies.push((c.name.to_owned(), c.value.to_owned())),
        }
        Ok(())
    }

    /// Takes every `Set-Cookie` value of a response.
    pub fn store_all<'v>(&mut self, values: impl IntoIterator<Item = &'v [u8]>) -> Result<()> {
        values.into_iter().try_for_each(|v| self.store(v))
    }

    /// The value of a cookie.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Cookies in the order first received.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.cookies.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// Whether the jar is empty.
    pub fn is_empty(&self) -> bool {
        self.cookies.is_empty()
    }

    /// Drops every cookie (the session context ended).
    pub fn clear(&mut self) {
        self.cookies.clear();
    }

    /// The `Cookie` header value carrying every cookie, or `None` when there are none.
    pub fn cookie_header(&self) -> Option<String> {
        if self.cookies.is_empty() {
            return None;
        }
        let mut s = String::new();
        for (i, (n, v)) in self.cookies.iter().enumerate() {
            if i > 0 {
                s.push_str("; ");
            }
            s.push_str(n);
            s.push('=');
            s.push_str(v);
        }
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_cookie_parts() {
        let c =
            SetCookie::parse(b"MapiContext=Ab+/=; path=/mapi/emsmdb/; HttpOnly; Secure").unwrap();
        assert_eq!((c.name, c.value), ("MapiContext", "Ab+/="));
        assert_eq!(c.attribute("PATH"), Some(Some("/mapi/emsmdb/")));
        assert_eq!(c.attribute("httponly"), Some(None));
        assert!(!c.is_removal());
        assert!(SetCookie::parse(b"x=; Max-Age=0").unwrap().is_removal());
        for bad in [&b"novalue"[..], b"=v", b"a b=c", b"a=b c", b"a=\xff"] {
            assert!(SetCookie::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn cookie_header_round_trip() {
        let v = parse_cookie_header(b"MapiContext=AAA; MapiSequence=B-1").unwrap();
        assert_eq!(v, [("MapiContext", "AAA"), ("MapiSequence", "B-1")]);
        let s = set_cookie_value(MAPI_SEQUENCE, "B-2", Some("/mapi/emsmdb/")).unwrap();
        assert_eq!(s, "MapiSequence=B-2; path=/mapi/emsmdb/; HttpOnly");
        assert!(set_cookie_value("a", "b;c", None).is_err());
    }

    #[test]
    fn jar_replaces_removes_and_is_bounded() {
        let mut jar = CookieJar::with_limits(2, 32);
        jar.store(b"a=1").unwrap();
        jar.store(b"b=2").unwrap();
        assert!(jar.store(b"c=3").is_err());
        jar.store(b"a=9").unwrap();
        assert_eq!(jar.cookie_header().unwrap(), "a=9; b=2");
        jar.store(b"a=x; Max-Age=0").unwrap();
        assert_eq!(jar.cookie_header().unwrap(), "b=2");
        assert!(jar
            .store(b"b=0123456789012345678901234567890123456789")
            .is_err());
        assert_eq!(jar.get("b"), Some("2"));
    }
}
