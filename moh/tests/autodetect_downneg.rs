//! Down-negotiation of Autodiscover requests and responses.
//!
//! The documents follow the examples of MS-OXDSCLI section 4.4 ("MapiHttp Response") and of
//! Exchange's "POX Autodiscover response for Exchange" reference page; the expected outputs
//! are those documents with the offering element located by plain string search in the test,
//! not by the code under test.

use oxwire_moh::autodetect::{
    downgrade_document, downgrade_response, strip_capability_header, OfferForm, Reframe,
};
use oxwire_moh::{Error, Limits};
use quick_xml::events::Event;
use quick_xml::Reader;

/// MS-OXDSCLI 4.4, MapiHttp Response: structure and values as the specification shows them.
const SPEC_MAPIHTTP: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
  <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
    <User>
      <DisplayName>User Display Name</DisplayName>
      <LegacyDN>/o=microsoft/ou=Contoso/cn=Recipients/cn=486021</LegacyDN>
      <AutoDiscoverSMTPAddress>user@Contoso.com</AutoDiscoverSMTPAddress>
      <DeploymentId>30c3a927-42aa-5de8-91e3-8e5b4655ed00</DeploymentId>
    </User>
    <Account>
      <AccountType>email</AccountType>
      <Action>settings</Action>
      <Protocol Type="mapiHttp" Version="1">
        <MailStore>
          <InternalUrl>https://mail.Contoso.com/mapi/emsmdb/?MailboxId=416c6368-656d-794a-6f45-57615272456e@Contoso.com</InternalUrl>
        </MailStore>
        <AddressBook>
          <InternalUrl>https://mail.Contoso.com/mapi/nspi/?MailboxId=416c6368-656d-794a-6f45-57615272456e@Contoso.com</InternalUrl>
        </AddressBook>
      </Protocol>
      <Protocol>
        <Type>WEB</Type>
        <External>
          <OWAUrl AuthenticationMethod="Fba">https://mail.Contoso.com/owa</OWAUrl>
          <Protocol>
            <Type>EXPR</Type>
            <ASUrl>https://mail.Contoso.com/ews/exchange.asmx</ASUrl>
          </Protocol>
        </External>
        <Internal>
          <OWAUrl AuthenticationMethod="Ntlm, WindowsIntegrated">https:/Internal.mail.Contoso.com/owa</OWAUrl>
          <OWAUrl AuthenticationMethod="Basic, Fba">https://mail.Contoso.com/owa</OWAUrl>
          <Protocol>
            <Type>EXCH</Type>
            <ASUrl>https://mail.Contoso.com/ews/exchange.asmx</ASUrl>
          </Protocol>
        </Internal>
      </Protocol>
    </Account>
  </Response>
</Autodiscover>
"#;

/// The "POX Autodiscover response for Exchange" example (EXCH, EXPR, WEB; no MAPI over HTTP),
/// with the WEB element's Internal block in the shape of MS-OXDSCLI 4.4.
const POX_RPC_ONLY: &str = r#"<Autodiscover xmlns="https://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
  <Response xmlns="https://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
    <User>
      <DisplayName>First Last</DisplayName>
      <LegacyDN>/o=contoso/ou=First Administrative Group/cn=Recipients/cn=iuser885646</LegacyDN>
      <DeploymentId>644560b8-a1ce-429c-8ace-23395843f701</DeploymentId>
    </User>
    <Account>
      <AccountType>email</AccountType>
      <Action>settings</Action>
      <Protocol>
        <Type>EXCH</Type>
        <Server>MBX-SERVER.mail.internal.contoso.com</Server>
        <ServerDN>/o=contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=MBX-SERVER</ServerDN>
        <ServerVersion>72008287</ServerVersion>
        <MdbDN>/o=contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=MBX-SERVER/cn=Microsoft Private MDB</MdbDN>
        <ASUrl>https://mail.contoso.com/ews/exchange.asmx</ASUrl>
        <OOFUrl>https://mail.contoso.com/ews/exchange.asmx</OOFUrl>
        <UMUrl>https://mail.contoso.com/unifiedmessaging/service.asmx</UMUrl>
        <OABUrl>https://mail.contoso.com/OAB/d29844a9-724e-468c-8820-0f7b345b767b/</OABUrl>
      </Protocol>
      <Protocol>
        <Type>EXPR</Type>
        <Server>Exchange.contoso.com</Server>
        <ASUrl>https://mail.contoso.com/ews/exchange.asmx</ASUrl>
        <OOFUrl>https://mail.contoso.com/ews/exchange.asmx</OOFUrl>
        <UMUrl>https://mail.contoso.com/unifiedmessaging/service.asmx</UMUrl>
        <OABUrl>https://mail.contoso.com/OAB/d29844a9-724e-468c-8820-0f7b345b767b/</OABUrl>
      </Protocol>
      <Protocol>
        <Type>WEB</Type>
        <Internal>
          <OWAUrl AuthenticationMethod="Ntlm, WindowsIntegrated">https://mail.contoso.com/owa</OWAUrl>
          <Protocol>
            <Type>EXCH</Type>
            <ASUrl>https://mail.contoso.com/ews/exchange.asmx</ASUrl>
          </Protocol>
        </Internal>
      </Protocol>
    </Account>
  </Response>
</Autodiscover>
"#;

/// The mapiHttp `Protocol` element of MS-OXDSCLI 4.4, for inserting into other documents as
/// 2.2.4.1.1.2.6 describes (a child of `Account`).
const MAPI_PROTOCOL: &str = r#"<Protocol Type="mapiHttp" Version="1">
        <MailStore>
          <InternalUrl>https://mail.contoso.com/mapi/emsmdb/?MailboxId=416c6368-656d-794a-6f45-57615272456e@contoso.com</InternalUrl>
          <ExternalUrl>https://mail.contoso.com/mapi/emsmdb/?MailboxId=416c6368-656d-794a-6f45-57615272456e@contoso.com</ExternalUrl>
        </MailStore>
        <AddressBook>
          <InternalUrl>https://mail.contoso.com/mapi/nspi/?MailboxId=416c6368-656d-794a-6f45-57615272456e@contoso.com</InternalUrl>
          <ExternalUrl>https://mail.contoso.com/mapi/nspi/?MailboxId=416c6368-656d-794a-6f45-57615272456e@contoso.com</ExternalUrl>
        </AddressBook>
      </Protocol>"#;

/// The RPC-only example with the mapiHttp element added before the EXCH one.
fn pox_with_mapi() -> String {
    let at = POX_RPC_ONLY.find("<Protocol>").unwrap();
    format!(
        "{}{}\n      {}",
        &POX_RPC_ONLY[..at],
        MAPI_PROTOCOL,
        &POX_RPC_ONLY[at..]
    )
}

/// The byte span of the first element that starts with `open` and ends at the first
/// following `close`: found by string search, independent of the code under test.
fn span_of(doc: &str, open: &str, close: &str) -> std::ops::Range<usize> {
    let start = doc.find(open).expect("open tag");
    let end = start + doc[start..].find(close).expect("close tag") + close.len();
    start..end
}

fn cut(doc: &str, spans: &[std::ops::Range<usize>]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = 0;
    for s in spans {
        out.extend_from_slice(&doc.as_bytes()[at..s.start]);
        at = s.end;
    }
    out.extend_from_slice(&doc.as_bytes()[at..]);
    out
}

/// Walks a document with quick-xml, checking it is well formed, and counts the Protocol
/// elements and MAPI over HTTP offers it still holds.
fn walk(doc: &[u8]) -> (usize, usize) {
    let mut r = Reader::from_reader(doc);
    let (mut protocols, mut offers, mut depth) = (0, 0, 0i32);
    let mut in_type = false;
    loop {
        match r.read_event().expect("well-formed output") {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Protocol" => {
                protocols += 1;
                if e.try_get_attribute("Type")
                    .unwrap()
                    .is_some_and(|a| &*a.value == b"mapiHttp")
                {
                    offers += 1;
                }
                depth += 1;
            }
            Event::Start(e) => {
                in_type = e.local_name().as_ref() == b"Type";
                depth += 1;
            }
            Event::Text(t) if in_type && t.unescape().unwrap().trim() == "mapiHttp" => {
                offers += 1;
            }
            Event::End(_) => {
                in_type = false;
                depth -= 1;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Protocol Empty elements add one without an End; only Start forms are used here.
    assert_eq!(depth, 0, "balanced");
    (protocols, offers)
}

#[test]
fn spec_mapihttp_response_loses_its_offer_and_nothing_else() {
    let limits = Limits::default();
    let out = downgrade_document(SPEC_MAPIHTTP.as_bytes(), &limits).unwrap();
    let span = span_of(SPEC_MAPIHTTP, "<Protocol Type=\"mapiHttp\"", "</Protocol>");
    assert_eq!(
        out.document,
        cut(SPEC_MAPIHTTP, std::slice::from_ref(&span))
    );
    assert_eq!(out.removed.len(), 1);
    assert_eq!(out.removed[0].span, span);
    assert_eq!(
        out.removed[0].form,
        OfferForm::TypeAttribute {
            version: Some("1".into())
        }
    );
    assert_eq!(
        out.removed[0].depth, 3,
        "Autodiscover/Response/Account/Protocol"
    );
    assert!(out.autodiscover_root);
    // Before: the mapiHttp element plus WEB and its nested EXPR and EXCH.
    assert_eq!(walk(SPEC_MAPIHTTP.as_bytes()), (4, 1));
    assert_eq!(walk(&out.document), (3, 0));
    assert!(!String::from_utf8(out.document)
        .unwrap()
        .contains("mapiHttp"));
}

#[test]
fn rpc_only_document_is_left_alone() {
    let out = downgrade_document(POX_RPC_ONLY.as_bytes(), &Limits::default()).unwrap();
    assert!(!out.changed());
    assert_eq!(out.document, POX_RPC_ONLY.as_bytes());
    assert_eq!(walk(POX_RPC_ONLY.as_bytes()), (4, 0));
}

#[test]
fn mapihttp_alongside_exch_expr_web_is_removed_alone() {
    let doc = pox_with_mapi();
    let out = downgrade_document(doc.as_bytes(), &Limits::default()).unwrap();
    let span = span_of(&doc, "<Protocol Type=\"mapiHttp\"", "</Protocol>");
    assert_eq!(out.document, cut(&doc, &[span]));
    assert_eq!(walk(doc.as_bytes()), (5, 1));
    assert_eq!(walk(&out.document), (4, 0));
    // The EXCH, EXPR and WEB elements survive byte for byte.
    for t in ["<Type>EXCH</Type>", "<Type>EXPR</Type>", "<Type>WEB</Type>"] {
        let s = span_of(POX_RPC_ONLY, t, "</Protocol>");
        let text = &POX_RPC_ONLY[s];
        assert!(
            out.document
                .windows(text.len())
                .any(|w| w == text.as_bytes()),
            "{t} block kept"
        );
    }
    // Removing the inserted element and its leading indentation gives back the original
    // example exactly.
    let with_indent = doc.replacen(&format!("{MAPI_PROTOCOL}\n      "), "", 1);
    assert_eq!(with_indent, POX_RPC_ONLY);
}

#[test]
fn type_element_form_and_prefixed_names_are_recognised() {
    // A Type child reading mapiHttp, inside a prefixed 2006a namespace; the prefix, the
    // namespace declarations and the CDATA elsewhere are kept.
    let doc = r#"<?xml version="1.0"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006" xmlns:o="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
  <o:Response>
    <o:Account>
      <o:Protocol><o:Type> mapiHttp </o:Type><o:Server>x</o:Server></o:Protocol>
      <o:Protocol><o:Type>EXCH</o:Type><o:Server><![CDATA[a<b]]></o:Server></o:Protocol>
      <o:Protocol Type='mapiHttp' Version='1'/>
    </o:Account>
  </o:Response>
</Autodiscover>"#;
    let out = downgrade_document(doc.as_bytes(), &Limits::default()).unwrap();
    let a = span_of(doc, "<o:Protocol><o:Type> mapiHttp", "</o:Protocol>");
    let b = span_of(doc, "<o:Protocol Type='mapiHttp'", "/>");
    assert_eq!(out.document, cut(doc, &[a, b]));
    assert_eq!(out.removed.len(), 2);
    assert_eq!(out.removed[0].form, OfferForm::TypeElement);
    assert!(String::from_utf8(out.document)
        .unwrap()
        .contains("xmlns:o="));
}

#[test]
fn protocol_in_another_namespace_or_document_is_not_touched() {
    let other_ns = r#"<Autodiscover><Response xmlns="urn:x"><Protocol Type="mapiHttp"/></Response></Autodiscover>"#;
    let out = downgrade_document(other_ns.as_bytes(), &Limits::default()).unwrap();
    assert!(!out.changed());
    let other_root = r#"<Settings><Protocol Type="mapiHttp"/></Settings>"#;
    let out = downgrade_document(other_root.as_bytes(), &Limits::default()).unwrap();
    assert!(!out.changed());
    assert!(!out.autodiscover_root);
}

#[test]
fn request_header_is_cut_and_the_rest_kept() {
    // The POX Autodiscover request body and the X-MapiHttpCapability header of Exchange's
    // reference page and MS-OXDSCLI 2.2.2.1.
    let body = "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\">\r\n  <Request>\r\n    <EMailAddress>user@contoso.com</EMailAddress>\r\n    <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>\r\n  </Request>\r\n</Autodiscover>\r\n";
    let head = format!(
        "POST /autodiscover/autodiscover.xml HTTP/1.1\r\nHost: autodiscover.contoso.com\r\nContent-Type: text/xml\r\nx-mapihttpcapability:1\r\nX-ClientCanHandle: Negotiate\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let req = format!("{head}{body}");
    let out = strip_capability_header(req.as_bytes(), &Limits::default()).unwrap();
    let expected = req.replacen("x-mapihttpcapability:1\r\n", "", 1);
    assert_eq!(out.request, expected.as_bytes());
    assert_eq!(
        out.head_len,
        head.len() - "x-mapihttpcapability:1\r\n".len()
    );
    assert_eq!(out.removed.len(), 1);
    assert_eq!(out.removed[0].value, b"1");
    let line = head.find("x-mapihttpcapability").unwrap();
    assert_eq!(out.removed[0].span, line..line + 24);

    // Without the header: unchanged.
    let plain = expected;
    let out = strip_capability_header(plain.as_bytes(), &Limits::default()).unwrap();
    assert!(out.removed.is_empty());
    assert_eq!(out.request, plain.as_bytes());

    // An incomplete head is an error, not a guess.
    assert!(matches!(
        strip_capability_header(b"POST / HTTP/1.1\r\nHost: a\r\n", &Limits::default()),
        Err(Error::Truncated { .. })
    ));
}

#[test]
fn response_with_content_length_is_refit() {
    let head = format!(
        "HTTP/1.1 200 OK\r\nCache-Control: private\r\nContent-Type: text/xml; charset=utf-8\r\ncontent-length:{}\r\nServer: Microsoft-IIS/10.0\r\n\r\n",
        SPEC_MAPIHTTP.len()
    );
    let mut resp = format!("{head}{SPEC_MAPIHTTP}").into_bytes();
    resp.extend_from_slice(b"HTTP/1.1 200 OK\r\n"); // start of a pipelined next response
    let out = downgrade_response(&resp, &Limits::default()).unwrap();
    assert_eq!(out.consumed, head.len() + SPEC_MAPIHTTP.len());
    let span = span_of(SPEC_MAPIHTTP, "<Protocol Type=\"mapiHttp\"", "</Protocol>");
    let doc = cut(SPEC_MAPIHTTP, &[span]);
    let new_head = head.replace(
        &format!("content-length:{}", SPEC_MAPIHTTP.len()),
        &format!("content-length: {}", doc.len()),
    );
    let mut expected = new_head.into_bytes();
    expected.extend_from_slice(&doc);
    assert_eq!(out.response, expected);
    assert_eq!(
        out.reframe,
        Reframe::ContentLength {
            old: SPEC_MAPIHTTP.len() as u64,
            new: doc.len() as u64
        }
    );
}

#[test]
fn duplicate_content_length_lines_become_one() {
    let n = SPEC_MAPIHTTP.len();
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {n}\r\nContent-Type: text/xml\r\nContent-Length: {n}\r\n\r\n"
    );
    let resp = format!("{head}{SPEC_MAPIHTTP}").into_bytes();
    let out = downgrade_response(&resp, &Limits::default()).unwrap();
    let span = span_of(SPEC_MAPIHTTP, "<Protocol Type=\"mapiHttp\"", "</Protocol>");
    let doc = cut(SPEC_MAPIHTTP, &[span]);
    let mut expected = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nContent-Type: text/xml\r\n\r\n",
        doc.len()
    )
    .into_bytes();
    expected.extend_from_slice(&doc);
    assert_eq!(out.response, expected);
}

#[test]
fn chunked_response_becomes_content_length() {
    let mut body = Vec::new();
    for piece in SPEC_MAPIHTTP.as_bytes().chunks(100) {
        body.extend_from_slice(format!("{:x};ext=1\r\n", piece.len()).as_bytes());
        body.extend_from_slice(piece);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"0\r\n\r\n");
    let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/xml\r\n\r\n";
    let mut resp = head.as_bytes().to_vec();
    resp.extend_from_slice(&body);
    let out = downgrade_response(&resp, &Limits::default()).unwrap();
    let span = span_of(SPEC_MAPIHTTP, "<Protocol Type=\"mapiHttp\"", "</Protocol>");
    let doc = cut(SPEC_MAPIHTTP, &[span]);
    let mut expected = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nContent-Type: text/xml\r\n\r\n",
        doc.len()
    )
    .into_bytes();
    expected.extend_from_slice(&doc);
    assert_eq!(out.response, expected);
    assert_eq!(out.consumed, resp.len());
    assert_eq!(
        out.reframe,
        Reframe::ChunkedToLength {
            new: doc.len() as u64
        }
    );

    // Nothing to remove: the chunked response passes as it came.
    let mut plain = head.as_bytes().to_vec();
    plain.extend_from_slice(
        format!("{:x}\r\n{POX_RPC_ONLY}\r\n0\r\n\r\n", POX_RPC_ONLY.len()).as_bytes(),
    );
    let out = downgrade_response(&plain, &Limits::default()).unwrap();
    assert_eq!(out.response, plain);
    assert_eq!(out.reframe, Reframe::Unchanged);
}

#[test]
fn responses_that_are_not_rewritten() {
    let l = Limits::default();
    // Not 2xx.
    let redirect = b"HTTP/1.1 302 Found\r\nLocation: https://x/autodiscover/autodiscover.xml\r\nContent-Length: 0\r\n\r\n";
    let out = downgrade_response(redirect, &l).unwrap();
    assert_eq!(out.response, redirect);
    assert!(out.negotiation.is_none());
    // Compressed.
    let gz = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabc";
    assert!(matches!(
        downgrade_response(gz.as_bytes(), &l),
        Err(Error::Header {
            name: "Content-Encoding",
            ..
        })
    ));
    // Body shorter than announced.
    let short = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n<a/>";
    assert!(matches!(
        downgrade_response(short.as_bytes(), &l),
        Err(Error::Truncated { .. })
    ));
    // Trailers after a chunked body.
    let trailers =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n<a/>\r\n0\r\nX-T: 1\r\n\r\n";
    assert!(matches!(
        downgrade_response(trailers.as_bytes(), &l),
        Err(Error::Header {
            name: "Transfer-Encoding",
            ..
        })
    ));
}

#[test]
fn malformed_xml_is_a_typed_error() {
    let l = Limits::default();
    for bad in [
        "<Autodiscover><Response></Autodiscover>",
        "<Autodiscover><Protocol Type=\"mapiHttp\">",
        "<Autodiscover a=\"1\" a=\"2\"/>",
        "",
        "just text",
        "<Autodiscover><Protocol Type=mapiHttp/></Autodiscover>",
    ] {
        match downgrade_document(bad.as_bytes(), &l) {
            Err(Error::Xml { .. }) => {}
            other => panic!("{bad:?}: {other:?}"),
        }
    }
}

#[test]
fn entities_are_never_expanded() {
    // The billion-laughs DTD: a reader that expanded entities would build gigabytes.
    let mut doc =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE Autodiscover [\n<!ENTITY lol \"lol\">\n");
    doc.push_str("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
    for i in 2..10 {
        let prev = format!("&lol{};", i - 1).repeat(10);
        doc.push_str(&format!("<!ENTITY lol{i} \"{prev}\">\n"));
    }
    doc.push_str("]>\n<Autodiscover><Response xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a\"><Account>");
    doc.push_str("<Protocol><Type>&lol9;</Type></Protocol>");
    doc.push_str(
        "<Protocol Type=\"mapiHttp\" Version=\"1\"><MailStore>&lol9;</MailStore></Protocol>",
    );
    doc.push_str("</Account></Response></Autodiscover>");
    let out = downgrade_document(doc.as_bytes(), &Limits::default()).unwrap();
    let span = span_of(&doc, "<Protocol Type=\"mapiHttp\"", "</Protocol>");
    assert_eq!(out.document, cut(&doc, &[span]));
    assert!(out.document.len() < doc.len());
}

#[test]
fn nesting_and_size_are_bounded() {
    let l = Limits::default();
    let deep = format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
    assert!(matches!(
        downgrade_document(deep.as_bytes(), &l),
        Err(Error::LimitExceeded {
            what: "Autodiscover element nesting",
            ..
        })
    ));
    let big = vec![b' '; l.max_autodiscover_document + 1];
    assert!(matches!(
        downgrade_document(&big, &l),
        Err(Error::LimitExceeded {
            what: "Autodiscover document",
            ..
        })
    ));
    // A huge chunk size is refused before anything is gathered.
    let huge = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffff\r\nab";
    assert!(matches!(
        downgrade_response(huge.as_bytes(), &l),
        Err(Error::LimitExceeded { .. })
    ));
    let head = format!(
        "HTTP/1.1 200 OK\r\nX: {}\r\n\r\n",
        "a".repeat(l.max_header_block)
    );
    assert!(matches!(
        downgrade_response(head.as_bytes(), &l),
        Err(Error::LimitExceeded { .. })
    ));
}

#[test]
fn garbage_never_panics() {
    let l = Limits::default();
    let mut x: u32 = 0x1234_5678;
    for len in 0..400usize {
        let buf: Vec<u8> = (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x >> 24) as u8
            })
            .collect();
        let _ = downgrade_document(&buf, &l);
        let _ = downgrade_response(&buf, &l);
        let _ = strip_capability_header(&buf, &l);
        // Garbage behind a valid head, and inside a valid document.
        let mut r = b"HTTP/1.1 200 OK\r\n\r\n<Autodiscover>".to_vec();
        r.extend_from_slice(&buf);
        let _ = downgrade_response(&r, &l);
    }
}

#[test]
fn split_type_text_and_offers_inside_type_are_judged_whole() {
    // The Type text split by a comment, and an offer nested in a Type: removing the inner one
    // must not leave an offer behind that the first pass missed.
    let doc = r#"<Autodiscover><Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"><Account><Protocol><Type>mapi<!-- x -->Http</Type></Protocol><Protocol><Type>mapi<Protocol Type="mapiHttp"/>Http</Type></Protocol><Protocol><Type>EXCH</Type></Protocol></Account></Response></Autodiscover>"#;
    let out = downgrade_document(doc.as_bytes(), &Limits::default()).unwrap();
    let first = span_of(doc, "<Protocol><Type>mapi<!--", "</Protocol>");
    let second_start = doc.find("<Protocol><Type>mapi<Protocol").unwrap();
    let second_end = second_start
        + doc[second_start..].find("Http</Type></Protocol>").unwrap()
        + "Http</Type></Protocol>".len();
    assert_eq!(out.document, cut(doc, &[first, second_start..second_end]));
    let again = downgrade_document(&out.document, &Limits::default()).unwrap();
    assert!(!again.changed());
}
