//! The named RTS PDUs of MS-RPCH 2.2.4: one struct per PDU with its commands as typed fields,
//! [`PduKind`] naming them, and the signature (flags and command types) that identifies each.
//!
//! Several PDUs share a signature (CONN/C1 and CONN/C2, the IN_R1/IN_R2/OUT_R1/OUT_R2
//! forwarding legs, ...): who sent it on which channel tells them apart, so
//! [`PduKind::candidates`] returns every kind a PDU could be and the state machines pick by
//! role. Fields holding a command without a body (`ANCE`, `Empty`, `NegativeANCE`) are `()`.

use std::borrow::Cow;

use crate::command::{Ack, ClientAddress, Command, Cookie, Destination};
use crate::rts::{RtsFlags, RtsPdu};

/// The body of OUT_R2/C1 (MS-RPCH 2.2.4.45): an Empty or a Padding command, chosen so the PDU
/// has the size of OUT_R1/A11.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Filler {
    /// An Empty command.
    Empty,
    /// A Padding command of this many zero bytes.
    Padding(u32),
}

/// Signature entry meaning "Empty or Padding".
const FILLER: u32 = u32::MAX;

macro_rules! cmd_ty {
    (ReceiveWindowSize) => {
        u32
    };
    (ConnectionTimeout) => {
        u32
    };
    (ChannelLifetime) => {
        u32
    };
    (ClientKeepalive) => {
        u32
    };
    (Version) => {
        u32
    };
    (PingTrafficSentNotify) => {
        u32
    };
    (Cookie) => {
        Cookie
    };
    (AssociationGroupId) => {
        Cookie
    };
    (FlowControlAck) => {
        Ack
    };
    (ClientAddress) => {
        ClientAddress
    };
    (Destination) => {
        Destination
    };
    (Ance) => {
        ()
    };
    (NegativeAnce) => {
        ()
    };
    (Empty) => {
        ()
    };
    (Filler) => {
        Filler
    };
}

macro_rules! cmd_code {
    (ReceiveWindowSize) => {
        0
    };
    (FlowControlAck) => {
        1
    };
    (ConnectionTimeout) => {
        2
    };
    (Cookie) => {
        3
    };
    (ChannelLifetime) => {
        4
    };
    (ClientKeepalive) => {
        5
    };
    (Version) => {
        6
    };
    (Empty) => {
        7
    };
    (NegativeAnce) => {
        9
    };
    (Ance) => {
        10
    };
    (ClientAddress) => {
        11
    };
    (AssociationGroupId) => {
        12
    };
    (Destination) => {
        13
    };
    (PingTrafficSentNotify) => {
        14
    };
    (Filler) => {
        FILLER
    };
}

macro_rules! to_cmd {
    (Ance, $v:expr) => {{
        let () = $v;
        Command::Ance
    }};
    (NegativeAnce, $v:expr) => {{
        let () = $v;
        Command::NegativeAnce
    }};
    (Empty, $v:expr) => {{
        let () = $v;
        Command::Empty
    }};
    (Filler, $v:expr) => {
        match $v {
            Filler::Empty => Command::Empty,
            Filler::Padding(n) => Command::Padding(Cow::Owned(vec![0; n as usize])),
        }
    };
    ($var:ident, $v:expr) => {
        Command::$var($v)
    };
}

macro_rules! from_cmd {
    (Ance, $c:expr) => {
        matches!($c, Command::Ance).then_some(())
    };
    (NegativeAnce, $c:expr) => {
        matches!($c, Command::NegativeAnce).then_some(())
    };
    (Empty, $c:expr) => {
        matches!($c, Command::Empty).then_some(())
    };
    (Filler, $c:expr) => {
        match $c {
            Command::Empty => Some(Filler::Empty),
            Command::Padding(p) => u32::try_from(p.len()).ok().map(Filler::Padding),
            _ => None,
        }
    };
    ($var:ident, $c:expr) => {
        match $c {
            Command::$var(v) => Some(*v),
            _ => None,
        }
    };
}

macro_rules! named_pdus {
    ($(
        $(#[$doc:meta])*
        $ty:ident = $name:literal, $section:literal, $flags:expr, {
            $($field:ident : $var:ident),* $(,)?
        };
    )*) => {
        $(
            $(#[$doc])*
            #[doc = concat!("\n\n", $name, ", MS-RPCH ", $section, ".")]
            #[derive(Clone, Copy, PartialEq, Eq, Debug)]
            pub struct $ty {
                $(
                    #[doc = concat!("The `", stringify!($var), "` command.")]
                    pub $field: cmd_ty!($var),
                )*
            }

            impl $ty {
                /// The RTS flags this PDU carries.
                pub const FLAGS: u16 = $flags;

                /// The RTS PDU with these values.
                #[allow(clippy::vec_init_then_push, unused_mut)]
                pub fn to_pdu(&self) -> RtsPdu<'static> {
                    let mut commands = Vec::new();
                    $( commands.push(to_cmd!($var, self.$field)); )*
                    RtsPdu::new(Self::FLAGS, commands)
                }

                /// The values, when `pdu` has this PDU's flags and commands.
                #[allow(unused_mut, unused_variables)]
                pub fn from_pdu(pdu: &RtsPdu<'_>) -> Option<Self> {
                    if pdu.flags.0 != Self::FLAGS
                        || pdu.commands.len() != PduKind::$ty.signature().len()
                    {
                        return None;
                    }
                    let mut it = pdu.commands.iter();
                    Some($ty {
                        $( $field: from_cmd!($var, it.next()?)?, )*
                    })
                }
            }
        )*

        /// Every named RTS PDU of MS-RPCH 2.2.4.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub enum PduKind {
            $(
                #[doc = concat!($name, " (MS-RPCH ", $section, ").")]
                $ty,
            )*
        }

        impl PduKind {
            /// Every kind, in specification order.
            pub const ALL: &'static [PduKind] = &[$(PduKind::$ty),*];

            /// The specification's name, such as `CONN/A1`.
            pub fn name(self) -> &'static str {
                match self { $(PduKind::$ty => $name,)* }
            }

            /// The MS-RPCH section that defines the PDU.
            pub fn section(self) -> &'static str {
                match self { $(PduKind::$ty => $section,)* }
            }

            /// The RTS flags the PDU carries.
            pub fn flags(self) -> u16 {
                match self { $(PduKind::$ty => $flags,)* }
            }

            /// The command types, in order (`u32::MAX` stands for "Empty or Padding").
            pub fn signature(self) -> &'static [u32] {
                match self { $(PduKind::$ty => &[$(cmd_code!($var)),*],)* }
            }
        }
    };
}

named_pdus! {
    /// Client to outbound proxy: opens the OUT channel.
    ConnA1 = "CONN/A1", "2.2.4.2", RtsFlags::NONE, {
        version: Version,
        virtual_connection_cookie: Cookie,
        out_channel_cookie: Cookie,
        receive_window_size: ReceiveWindowSize,
    };
    /// Outbound proxy to server: opens the OUT channel leg to the server.
    ConnA2 = "CONN/A2", "2.2.4.3", RtsFlags::OUT_CHANNEL, {
        version: Version,
        virtual_connection_cookie: Cookie,
        out_channel_cookie: Cookie,
        channel_lifetime: ChannelLifetime,
        receive_window_size: ReceiveWindowSize,
    };
    /// Outbound proxy to client: the OUT channel's connection timeout.
    ConnA3 = "CONN/A3", "2.2.4.4", RtsFlags::NONE, {
        connection_timeout: ConnectionTimeout,
    };
    /// Client to inbound proxy: opens the IN channel.
    ConnB1 = "CONN/B1", "2.2.4.5", RtsFlags::NONE, {
        version: Version,
        virtual_connection_cookie: Cookie,
        in_channel_cookie: Cookie,
        channel_lifetime: ChannelLifetime,
        client_keepalive: ClientKeepalive,
        association_group_id: AssociationGroupId,
    };
    /// Inbound proxy to server: opens the IN channel leg to the server.
    ConnB2 = "CONN/B2", "2.2.4.6", RtsFlags::IN_CHANNEL, {
        version: Version,
        virtual_connection_cookie: Cookie,
        in_channel_cookie: Cookie,
        receive_window_size: ReceiveWindowSize,
        connection_timeout: ConnectionTimeout,
        association_group_id: AssociationGroupId,
        client_address: ClientAddress,
    };
    /// Server to inbound proxy: the server's receive window for the IN channel.
    ConnB3 = "CONN/B3", "2.2.4.7", RtsFlags::NONE, {
        receive_window_size: ReceiveWindowSize,
        version: Version,
    };
    /// Server to outbound proxy: the virtual connection is established.
    ConnC1 = "CONN/C1", "2.2.4.8", RtsFlags::NONE, {
        version: Version,
        receive_window_size: ReceiveWindowSize,
        connection_timeout: ConnectionTimeout,
    };
    /// Outbound proxy to client: the virtual connection is established.
    ConnC2 = "CONN/C2", "2.2.4.9", RtsFlags::NONE, {
        version: Version,
        receive_window_size: ReceiveWindowSize,
        connection_timeout: ConnectionTimeout,
    };
    /// Client to successor inbound proxy: starts IN channel recycling (separate proxies).
    InR1A1 = "IN_R1/A1", "2.2.4.10", RtsFlags::RECYCLE_CHANNEL, {
        version: Version,
        virtual_connection_cookie: Cookie,
        predecessor_channel_cookie: Cookie,
        successor_channel_cookie: Cookie,
    };
    /// Successor inbound proxy to server.
    InR1A2 = "IN_R1/A2", "2.2.4.11", RtsFlags::IN_CHANNEL | RtsFlags::RECYCLE_CHANNEL, {
        version: Version,
        virtual_connection_cookie: Cookie,
        predecessor_channel_cookie: Cookie,
        successor_channel_cookie: Cookie,
        inbound_proxy_receive_window_size: ReceiveWindowSize,
        inbound_proxy_connection_timeout: ConnectionTimeout,
    };
    /// Server to outbound proxy, for the client.
    InR1A3 = "IN_R1/A3", "2.2.4.12", RtsFlags::NONE, {
        destination: Destination,
        version: Version,
        inbound_proxy_receive_window_size: ReceiveWindowSize,
        inbound_proxy_connection_timeout: ConnectionTimeout,
    };
    /// Outbound proxy to client (forwarded IN_R1/A3).
    InR1A4 = "IN_R1/A4", "2.2.4.13", RtsFlags::NONE, {
        destination: Destination,
        version: Version,
        inbound_proxy_receive_window_size: ReceiveWindowSize,
        inbound_proxy_connection_timeout: ConnectionTimeout,
    };
    /// Client to predecessor inbound proxy: the successor IN channel cookie.
    InR1A5 = "IN_R1/A5", "2.2.4.14", RtsFlags::NONE, {
        successor_channel_cookie: Cookie,
    };
    /// Predecessor inbound proxy to server.
    InR1A6 = "IN_R1/A6", "2.2.4.15", RtsFlags::NONE, {
        successor_channel_cookie: Cookie,
    };
    /// Server to predecessor inbound proxy: IN channel recycled.
    InR1B1 = "IN_R1/B1", "2.2.4.16", RtsFlags::NONE, {
        empty: Empty,
    };
    /// Server to successor inbound proxy: its receive window.
    InR1B2 = "IN_R1/B2", "2.2.4.17", RtsFlags::NONE, {
        server_receive_window_size: ReceiveWindowSize,
    };
    /// Client to inbound proxy: starts IN channel recycling (same proxy).
    InR2A1 = "IN_R2/A1", "2.2.4.18", RtsFlags::RECYCLE_CHANNEL, {
        version: Version,
        virtual_connection_cookie: Cookie,
        predecessor_channel_cookie: Cookie,
        successor_channel_cookie: Cookie,
    };
    /// Inbound proxy to server.
    InR2A2 = "IN_R2/A2", "2.2.4.19", RtsFlags::NONE, {
        successor_channel_cookie: Cookie,
    };
    /// Server to outbound proxy, for the client.
    InR2A3 = "IN_R2/A3", "2.2.4.20", RtsFlags::NONE, {
        destination: Destination,
    };
    /// Outbound proxy to client (forwarded IN_R2/A3).
    InR2A4 = "IN_R2/A4", "2.2.4.21", RtsFlags::NONE, {
        destination: Destination,
    };
    /// Client to inbound proxy on the predecessor IN channel.
    InR2A5 = "IN_R2/A5", "2.2.4.22", RtsFlags::NONE, {
        successor_channel_cookie: Cookie,
    };
    /// Server to outbound proxy: starts OUT channel recycling.
    OutR1A1 = "OUT_R1/A1", "2.2.4.23", RtsFlags::RECYCLE_CHANNEL, {
        destination: Destination,
    };
    /// Outbound proxy to client (forwarded OUT_R1/A1).
    OutR1A2 = "OUT_R1/A2", "2.2.4.24", RtsFlags::RECYCLE_CHANNEL, {
        destination: Destination,
    };
    /// Client to successor outbound proxy.
    OutR1A3 = "OUT_R1/A3", "2.2.4.25", RtsFlags::RECYCLE_CHANNEL, {
        version: Version,
        virtual_connection_cookie: Cookie,
        predecessor_channel_cookie: Cookie,
        successor_channel_cookie: Cookie,
        outbound_proxy_receive_window_size: ReceiveWindowSize,
    };
    /// Successor outbound proxy to server.
    OutR1A4 = "OUT_R1/A4", "2.2.4.26", RtsFlags::RECYCLE_CHANNEL | RtsFlags::OUT_CHANNEL, {
        version: Version,
        virtual_connection_cookie: Cookie,
        predecessor_channel_cookie: Cookie,
        successor_channel_cookie: Cookie,
        channel_lifetime: ChannelLifetime,
        outbound_proxy_receive_window_size: ReceiveWindowSize,
        outbound_proxy_connection_timeout: ConnectionTimeout,
    };
    /// Server to predecessor outbound proxy.
    OutR1A5 = "OUT_R1/A5", "2.2.4.27", RtsFlags::OUT_CHANNEL, {
        destination: Destination,
        version: Version,
        outbound_proxy_connection_timeout: ConnectionTimeout,
    };
    /// Predecessor outbound proxy to client (forwarded OUT_R1/A5).
    OutR1A6 = "OUT_R1/A6", "2.2.4.28", RtsFlags::OUT_CHANNEL, {
        destination: Destination,
        version: Version,
        outbound_proxy_connection_timeout: ConnectionTimeout,
    };
    /// Client to inbound proxy, for the server.
    OutR1A7 = "OUT_R1/A7", "2.2.4.29", RtsFlags::OUT_CHANNEL, {
        destination: Destination,
        successor_channel_cookie: Cookie,
    };
    /// Inbound proxy to server (forwarded OUT_R1/A7).
    OutR1A8 = "OUT_R1/A8", "2.2.4.30", RtsFlags::OUT_CHANNEL, {
        destination: Destination,
        successor_channel_cookie: Cookie,
    };
    /// Server to predecessor outbound proxy.
    OutR1A9 = "OUT_R1/A9", "2.2.4.31", RtsFlags::NONE, {
        ance: Ance,
    };
    /// Predecessor outbound proxy to client.
    OutR1A10 = "OUT_R1/A10", "2.2.4.32", RtsFlags::NONE, {
        ance: Ance,
    };
    /// Client to successor outbound proxy: the successor OUT channel is in use.
    OutR1A11 = "OUT_R1/A11", "2.2.4.33", RtsFlags::NONE, {
        ance: Ance,
    };
    /// Server to outbound proxy: starts OUT channel recycling (same proxy).
    OutR2A1 = "OUT_R2/A1", "2.2.4.34", RtsFlags::RECYCLE_CHANNEL, {
        destination: Destination,
    };
    /// Outbound proxy to client (forwarded OUT_R2/A1).
    OutR2A2 = "OUT_R2/A2", "2.2.4.35", RtsFlags::RECYCLE_CHANNEL, {
        destination: Destination,
    };
    /// Client to successor outbound proxy.
    OutR2A3 = "OUT_R2/A3", "2.2.4.36", RtsFlags::RECYCLE_CHANNEL, {
        version: Version,
        virtual_connection_cookie: Cookie,
        predecessor_channel_cookie: Cookie,
        successor_channel_cookie: Cookie,
        client_receive_window_size: ReceiveWindowSize,
    };
    /// Outbound proxy to server.
    OutR2A4 = "OUT_R2/A4", "2.2.4.37", RtsFlags::NONE, {
        successor_channel_cookie: Cookie,
    };
    /// Server to outbound proxy, for the client.
    OutR2A5 = "OUT_R2/A5", "2.2.4.38", RtsFlags::NONE, {
        destination: Destination,
        ance: Ance,
    };
    /// Outbound proxy to client (forwarded OUT_R2/A5).
    OutR2A6 = "OUT_R2/A6", "2.2.4.39", RtsFlags::NONE, {
        destination: Destination,
        ance: Ance,
    };
    /// Client to inbound proxy, for the server.
    OutR2A7 = "OUT_R2/A7", "2.2.4.40", RtsFlags::OUT_CHANNEL, {
        destination: Destination,
        successor_channel_cookie: Cookie,
        version: Version,
    };
    /// Inbound proxy to server.
    OutR2A8 = "OUT_R2/A8", "2.2.4.41", RtsFlags::OUT_CHANNEL, {
        destination: Destination,
        successor_channel_cookie: Cookie,
    };
    /// Server to outbound proxy: successor OUT channel established.
    OutR2B1 = "OUT_R2/B1", "2.2.4.42", RtsFlags::NONE, {
        ance: Ance,
    };
    /// Server to outbound proxy: successor OUT channel refused.
    OutR2B2 = "OUT_R2/B2", "2.2.4.43", RtsFlags::NONE, {
        negative_ance: NegativeAnce,
    };
    /// Outbound proxy to client: last PDU on the predecessor OUT channel.
    OutR2B3 = "OUT_R2/B3", "2.2.4.44", RtsFlags::EOF, {
        ance: Ance,
    };
    /// Client to outbound proxy: fills the predeclared OUT request length.
    OutR2C1 = "OUT_R2/C1", "2.2.4.45", RtsFlags::PING, {
        filler: Filler,
    };
    /// Client to proxy, or proxy to server: keep-alive interval.
    KeepAlive = "Keep-Alive", "2.2.4.46", RtsFlags::OTHER_CMD, {
        client_keepalive: ClientKeepalive,
    };
    /// Outbound proxy to server: ping traffic sent on the OUT channel.
    PingTrafficSentNotify = "Ping Traffic Sent Notify", "2.2.4.47", RtsFlags::OTHER_CMD, {
        ping_traffic_sent: PingTrafficSentNotify,
    };
    /// Proxy to client: answer to an echo request.
    Echo = "Echo", "2.2.4.48", RtsFlags::ECHO, {};
    /// Keeps a channel alive.
    Ping = "Ping", "2.2.4.49", RtsFlags::PING, {};
    /// Receiver to sender on the same channel: bytes received and window left.
    FlowControlAck = "FlowControlAck", "2.2.4.50", RtsFlags::OTHER_CMD, {
        ack: FlowControlAck,
    };
    /// Flow control acknowledgment routed through a proxy.
    FlowControlAckWithDestination = "FlowControlAckWithDestination", "2.2.4.51",
        RtsFlags::OTHER_CMD, {
        destination: Destination,
        ack: FlowControlAck,
    };
}

impl PduKind {
    /// Whether `pdu` has this kind's flags and command types.
    pub fn matches(self, pdu: &RtsPdu<'_>) -> bool {
        let sig = self.signature();
        pdu.flags.0 == self.flags()
            && pdu.commands.len() == sig.len()
            && pdu.commands.iter().zip(sig).all(|(c, &t)| {
                let ct = c.command_type();
                ct == t || (t == FILLER && (ct == 7 || ct == 8))
            })
    }

    /// Every kind whose signature `pdu` has, in specification order; empty for a PDU that
    /// matches none.
    pub fn candidates(pdu: &RtsPdu<'_>) -> Vec<PduKind> {
        PduKind::ALL
            .iter()
            .copied()
            .filter(|k| k.matches(pdu))
            .collect()
    }

    /// The candidates' names joined with `|` (for display), or `None` when there are none.
    pub fn describe(pdu: &RtsPdu<'_>) -> Option<String> {
        let c = Self::candidates(pdu);
        (!c.is_empty()).then(|| c.iter().map(|k| k.name()).collect::<Vec<_>>().join("|"))
    }
}
