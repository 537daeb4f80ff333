//! RTS PDUs of RPC over HTTP (MS-RPCH): flags, named PDU and every command with its values,
//! for `dissect hex --layer rts`.

use serde_json::{json, Map, Value};

use oxwire_rpch::{Command, PduKind, RtsPdu};

use super::Record;

/// The JSON fields of one RTS command.
fn command_fields(c: &Command<'_>) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), c.command_type().into());
    m.insert("name".into(), c.name().into());
    match c {
        Command::ReceiveWindowSize(v)
        | Command::ConnectionTimeout(v)
        | Command::ChannelLifetime(v)
        | Command::ClientKeepalive(v)
        | Command::Version(v)
        | Command::PingTrafficSentNotify(v) => {
            m.insert("value".into(), (*v).into());
        }
        Command::Cookie(k) | Command::AssociationGroupId(k) => {
            m.insert("cookie".into(), k.to_string().into());
        }
        Command::FlowControlAck(a) => {
            m.insert("bytes_received".into(), a.bytes_received.into());
            m.insert("available_window".into(), a.available_window.into());
            m.insert("channel_cookie".into(), a.channel_cookie.to_string().into());
        }
        Command::Destination(d) => {
            m.insert("value".into(), d.0.into());
            if let Some(n) = d.name() {
                m.insert("destination".into(), n.into());
            }
        }
        Command::ClientAddress(a) => {
            m.insert("address".into(), a.address.to_string().into());
        }
        Command::Padding(p) => {
            m.insert("conformance_count".into(), p.len().into());
        }
        Command::Empty | Command::NegativeAnce | Command::Ance => {}
    }
    Value::Object(m)
}

/// The JSON fields of a decoded RTS PDU.
pub fn rts_fields(pdu: &RtsPdu<'_>) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("rts_flags".into(), pdu.flags.0.into());
    m.insert("rts_flag_names".into(), json!(pdu.flags.names()));
    let kinds: Vec<&str> = PduKind::candidates(pdu).iter().map(|k| k.name()).collect();
    m.insert("rts_pdu".into(), json!(kinds));
    m.insert(
        "rts_commands".into(),
        Value::Array(pdu.commands.iter().map(command_fields).collect()),
    );
    m
}

/// Decodes one RTS PDU given as bytes into a record.
pub fn dissect_rts(bytes: &[u8]) -> Record {
    let mut fields = Map::new();
    fields.insert("frame".into(), 0.into());
    fields.insert("event".into(), "pdu".into());
    fields.insert("layer".into(), "rts".into());
    match RtsPdu::decode(bytes) {
        Ok((pdu, used)) => {
            fields.insert("ptype".into(), "rts".into());
            fields.insert("frag_length".into(), pdu.header.frag_length.into());
            fields.append(&mut rts_fields(&pdu));
            if used != bytes.len() {
                fields.insert(
                    "error".into(),
                    format!("{} bytes follow the PDU", bytes.len() - used).into(),
                );
            }
        }
        Err(e) => {
            fields.insert("error".into(), Value::String(e.to_string()));
        }
    }
    Record {
        frame: 0,
        stream: None,
        dir: None,
        fields,
    }
}
