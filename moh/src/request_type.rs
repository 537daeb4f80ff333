//! The `X-RequestType` header values (MS-OXCMAPIHTTP 2.2.3.1.1) and the endpoint each belongs
//! to.

use crate::error::{Error, Result};

/// Which of the two MAPI over HTTP endpoints a request goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// The mailbox server endpoint (`/mapi/emsmdb/`).
    Mailbox,
    /// The address book server endpoint (`/mapi/nspi/`).
    AddressBook,
}

macro_rules! request_types {
    ($($(#[$doc:meta])* $name:ident = $wire:literal, $ep:expr;)*) => {
        /// A MAPI over HTTP request type, as named by the `X-RequestType` header.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum RequestType {
            $($(#[$doc])* $name,)*
        }

        impl RequestType {
            /// Every request type, mailbox first.
            pub const ALL: &'static [RequestType] = &[$(RequestType::$name,)*];

            /// The header value, as the specification spells it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(RequestType::$name => $wire,)*
                }
            }

            /// The endpoint that serves this request type; `None` for PING, which both serve.
            pub fn endpoint(self) -> Option<Endpoint> {
                match self {
                    $(RequestType::$name => $ep,)*
                }
            }
        }
    };
}

request_types! {
    /// Connect (2.2.4.1): creates a mailbox session context.
    Connect = "Connect", Some(Endpoint::Mailbox);
    /// Execute (2.2.4.2): carries a ROP request buffer.
    Execute = "Execute", Some(Endpoint::Mailbox);
    /// Disconnect (2.2.4.3): ends a mailbox session context.
    Disconnect = "Disconnect", Some(Endpoint::Mailbox);
    /// NotificationWait (2.2.4.4): parks until an event is pending.
    NotificationWait = "NotificationWait", Some(Endpoint::Mailbox);
    /// PING (2.2.6): checks that either endpoint is alive; no body.
    Ping = "PING", None;
    /// Bind (2.2.5.1).
    Bind = "Bind", Some(Endpoint::AddressBook);
    /// Unbind (2.2.5.2).
    Unbind = "Unbind", Some(Endpoint::AddressBook);
    /// CompareMIds (2.2.5.3).
    CompareMIds = "CompareMIds", Some(Endpoint::AddressBook);
    /// DNToMId (2.2.5.4).
    DnToMId = "DNToMId", Some(Endpoint::AddressBook);
    /// GetMatches (2.2.5.5).
    GetMatches = "GetMatches", Some(Endpoint::AddressBook);
    /// GetPropList (2.2.5.6).
    GetPropList = "GetPropList", Some(Endpoint::AddressBook);
    /// GetProps (2.2.5.7).
    GetProps = "GetProps", Some(Endpoint::AddressBook);
    /// GetSpecialTable (2.2.5.8).
    GetSpecialTable = "GetSpecialTable", Some(Endpoint::AddressBook);
    /// GetTemplateInfo (2.2.5.9).
    GetTemplateInfo = "GetTemplateInfo", Some(Endpoint::AddressBook);
    /// ModLinkAtt (2.2.5.10).
    ModLinkAtt = "ModLinkAtt", Some(Endpoint::AddressBook);
    /// ModProps (2.2.5.11).
    ModProps = "ModProps", Some(Endpoint::AddressBook);
    /// QueryColumns (2.2.5.12).
    QueryColumns = "QueryColumns", Some(Endpoint::AddressBook);
    /// QueryRows (2.2.5.13).
    QueryRows = "QueryRows", Some(Endpoint::AddressBook);
    /// ResolveNames (2.2.5.14).
    ResolveNames = "ResolveNames", Some(Endpoint::AddressBook);
    /// ResortRestriction (2.2.5.15).
    ResortRestriction = "ResortRestriction", Some(Endpoint::AddressBook);
    /// SeekEntries (2.2.5.16).
    SeekEntries = "SeekEntries", Some(Endpoint::AddressBook);
    /// UpdateStat (2.2.5.17).
    UpdateStat = "UpdateStat", Some(Endpoint::AddressBook);
    /// GetMailboxUrl (2.2.5.18).
    GetMailboxUrl = "GetMailboxUrl", Some(Endpoint::AddressBook);
    /// GetAddressBookUrl (2.2.5.19).
    GetAddressBookUrl = "GetAddressBookUrl", Some(Endpoint::AddressBook);
}

impl RequestType {
    /// Parses a header value. Header values are compared ignoring ASCII case, because
    /// clients differ in how they spell `PING`.
    pub fn parse(value: &str) -> Result<RequestType> {
        let v = value.trim();
        RequestType::ALL
            .iter()
            .copied()
            .find(|t| t.as_str().eq_ignore_ascii_case(v))
            .ok_or_else(|| Error::UnknownRequestType(v.chars().take(64).collect()))
    }
}

impl std::fmt::Display for RequestType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_parses_back_and_names_its_endpoint() {
        assert_eq!(RequestType::ALL.len(), 24);
        for t in RequestType::ALL {
            assert_eq!(RequestType::parse(t.as_str()).unwrap(), *t);
        }
        assert_eq!(RequestType::parse("ping").unwrap(), RequestType::Ping);
        assert_eq!(RequestType::Execute.endpoint(), Some(Endpoint::Mailbox));
        assert_eq!(RequestType::Ping.endpoint(), None);
        assert_eq!(RequestType::DnToMId.endpoint(), Some(Endpoint::AddressBook));
        assert!(matches!(
            RequestType::parse("Frobnicate"),
            Err(Error::UnknownRequestType(_))
        ));
    }
}
