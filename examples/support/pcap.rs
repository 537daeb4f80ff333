//! A pcap writer for relayed TCP streams: each connection becomes an Ethernet/IPv4/TCP flow
//! with a handshake, data segments of at most 1460 bytes with running sequence numbers, and a
//! closing FIN exchange, so capture readers (tshark, `oxwire::dissect`) reassemble it as usual.

use std::collections::HashMap;
use std::io::{self, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::time::{SystemTime, UNIX_EPOCH};

const MSS: usize = 1460;
const SYN: u8 = 0x02;
const ACK: u8 = 0x10;
const PSH: u8 = 0x08;
const FIN: u8 = 0x01;

struct Flow {
    client: (Ipv4Addr, u16),
    server: (Ipv4Addr, u16),
    /// Next sequence number of each side: [client, server].
    seq: [u32; 2],
}

/// Writes relayed connections as a pcap (link type Ethernet).
pub struct PcapWriter {
    out: Box<dyn Write + Send>,
    flows: HashMap<u64, Flow>,
}

fn v4(a: SocketAddr) -> (Ipv4Addr, u16) {
    match a {
        SocketAddr::V4(a) => (*a.ip(), a.port()),
        // IPv6 peers are shown as loopback; the streams are what matters.
        SocketAddr::V6(a) => (Ipv4Addr::LOCALHOST, a.port()),
    }
}

impl PcapWriter {
    /// Starts a capture on `out` with the pcap global header.
    pub fn new(mut out: Box<dyn Write + Send>) -> io::Result<Self> {
        let mut h = Vec::with_capacity(24);
        h.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
        h.extend_from_slice(&2u16.to_le_bytes());
        h.extend_from_slice(&4u16.to_le_bytes());
        h.extend_from_slice(&0i32.to_le_bytes());
        h.extend_from_slice(&0u32.to_le_bytes());
        h.extend_from_slice(&65535u32.to_le_bytes());
        h.extend_from_slice(&1u32.to_le_bytes());
        out.write_all(&h)?;
        Ok(PcapWriter {
            out,
            flows: HashMap::new(),
        })
    }

    /// A connection from `client` to `server` was accepted: writes its handshake.
    pub fn open(&mut self, id: u64, client: SocketAddr, server: SocketAddr) -> io::Result<()> {
        // Initial sequence numbers only need to differ per flow.
        let isn = (id as u32).wrapping_mul(0x9e37_79b9) | 1;
        let mut f = Flow {
            client: v4(client),
            server: v4(server),
            seq: [isn, isn ^ 0x5555_0000],
        };
        self.segment(&mut f, 0, SYN, &[])?;
        self.segment(&mut f, 1, SYN | ACK, &[])?;
        self.segment(&mut f, 0, ACK, &[])?;
        self.flows.insert(id, f);
        Ok(())
    }

    /// Bytes on connection `id`, from the client when `to_server`.
    pub fn data(&mut self, id: u64, to_server: bool, data: &[u8]) -> io::Result<()> {
        let Some(mut f) = self.flows.remove(&id) else {
            return Ok(());
        };
        let side = usize::from(!to_server);
        let mut r = Ok(());
        for chunk in data.chunks(MSS) {
            r = self.segment(&mut f, side, PSH | ACK, chunk);
            if r.is_err() {
                break;
            }
        }
        self.flows.insert(id, f);
        r
    }

    /// Connection `id` closed: writes FIN from both sides.
    pub fn close(&mut self, id: u64) -> io::Result<()> {
        let Some(mut f) = self.flows.remove(&id) else {
            return Ok(());
        };
        self.segment(&mut f, 1, FIN | ACK, &[])?;
        self.segment(&mut f, 0, FIN | ACK, &[])?;
        self.segment(&mut f, 1, ACK, &[])?;
        self.out.flush()
    }

    /// Writes buffered records.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn segment(&mut self, f: &mut Flow, side: usize, flags: u8, payload: &[u8]) -> io::Result<()> {
        let ((sip, sport), (dip, dport)) = if side == 0 {
            (f.client, f.server)
        } else {
            (f.server, f.client)
        };
        let seq = f.seq[side];
        let ack = if flags & SYN != 0 && flags & ACK == 0 {
            0
        } else {
            f.seq[1 - side]
        };
        let consumed = payload.len() as u32 + u32::from(flags & (SYN | FIN) != 0);
        f.seq[side] = seq.wrapping_add(consumed);

        let mut p = Vec::with_capacity(54 + payload.len());
        // Ethernet: locally administered addresses, one per side.
        p.extend_from_slice(&[2, 0, 0, 0, 0, 2 - side as u8]);
        p.extend_from_slice(&[2, 0, 0, 0, 0, 1 + side as u8]);
        p.extend_from_slice(&0x0800u16.to_be_bytes());
        // IPv4 with its header checksum.
        let total = (20 + 20 + payload.len()) as u16;
        let mut ip = [0u8; 20];
        ip[0] = 0x45;
        ip[2..4].copy_from_slice(&total.to_be_bytes());
        ip[6] = 0x40;
        ip[8] = 64;
        ip[9] = 6;
        ip[12..16].copy_from_slice(&sip.octets());
        ip[16..20].copy_from_slice(&dip.octets());
        let c = checksum(&ip, 0);
        ip[10..12].copy_from_slice(&c.to_be_bytes());
        p.extend_from_slice(&ip);
        // TCP with its checksum over the pseudo-header.
        let mut tcp = Vec::with_capacity(20 + payload.len());
        tcp.extend_from_slice(&sport.to_be_bytes());
        tcp.extend_from_slice(&dport.to_be_bytes());
        tcp.extend_from_slice(&seq.to_be_bytes());
        tcp.extend_from_slice(&ack.to_be_bytes());
        tcp.push(0x50);
        tcp.push(flags);
        tcp.extend_from_slice(&65535u16.to_be_bytes());
        tcp.extend_from_slice(&[0, 0, 0, 0]);
        tcp.extend_from_slice(payload);
        let mut pseudo = 0u32;
        for w in [sip.octets(), dip.octets()] {
            pseudo += u32::from(u16::from_be_bytes([w[0], w[1]]));
            pseudo += u32::from(u16::from_be_bytes([w[2], w[3]]));
        }
        pseudo += 6 + tcp.len() as u32;
        let c = checksum(&tcp, pseudo);
        tcp[16..18].copy_from_slice(&c.to_be_bytes());
        p.extend_from_slice(&tcp);

        let t = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let mut rec = Vec::with_capacity(16 + p.len());
        rec.extend_from_slice(&(t.as_secs() as u32).to_le_bytes());
        rec.extend_from_slice(&t.subsec_micros().to_le_bytes());
        rec.extend_from_slice(&(p.len() as u32).to_le_bytes());
        rec.extend_from_slice(&(p.len() as u32).to_le_bytes());
        rec.extend_from_slice(&p);
        self.out.write_all(&rec)
    }
}

/// The Internet checksum of `data`, starting from a partial sum.
fn checksum(data: &[u8], mut sum: u32) -> u16 {
    let mut it = data.chunks_exact(2);
    for w in &mut it {
        sum += u32::from(u16::from_be_bytes([w[0], w[1]]));
    }
    if let [b] = it.remainder() {
        sum += u32::from(*b) << 8;
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}
