//! MAPI over HTTP session roles fed arbitrary octets and events: the proxy (raw HTTP/1.1 in
//! both directions of a few connections, pre-parsed pieces, closes), the client (response
//! heads with arbitrary header fields, body pieces, ends, transport errors, timers, new
//! requests) and the server (arbitrary requests framed from the input, completions, timers).
//! Nothing may panic, and the roles must keep answering `poll_output`.
#![no_main]

use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use oxwire_mapi_rop::ext_buffer::Flags;
use oxwire_moh::http::headers::Headers;
use oxwire_moh::http::message::{Direction, MessageEvent, MessageFramer};
use oxwire_moh::mailbox::{ExecuteRequest, ExecuteSuccess};
use oxwire_moh::session::*;
use oxwire_moh::{Endpoint, Limits, RequestType};

fn limits() -> Limits {
    let mut l = Limits::default();
    l.max_body = 1 << 16;
    l.max_line = 256;
    l.max_header_block = 4096;
    l
}

/// Header fields from `name:value` lines of the input.
fn headers_from(data: &[u8]) -> Headers {
    let mut list = Vec::new();
    for line in data.split(|&b| b == b'\n').take(16) {
        if let Some(i) = line.iter().position(|&b| b == b':') {
            let name = String::from_utf8_lossy(&line[..i]).into_owned();
            list.push((name, line[i + 1..].to_vec()));
        }
    }
    Headers::from_raw(list)
}

fn drain_proxy(p: &mut Proxy) {
    for _ in 0..10_000 {
        if p.poll_output() == ProxyOutput::Idle {
            return;
        }
    }
    panic!("proxy output never ends");
}

fn drain_client(c: &mut Client) -> Vec<RequestHandle> {
    let mut sent = Vec::new();
    for _ in 0..10_000 {
        match c.poll_output() {
            ClientOutput::Transmit(r) => sent.push(r.handle),
            ClientOutput::Event(_) => {}
            ClientOutput::Timeout(_) | ClientOutput::Idle => return sent,
        }
    }
    panic!("client output never ends");
}

fn drain_server(s: &mut Server) -> Vec<RequestHandle> {
    let mut reqs = Vec::new();
    for _ in 0..10_000 {
        match s.poll_output() {
            ServerOutput::Event(ServerEvent::Request { handle, .. }) => reqs.push(handle),
            ServerOutput::Timeout(_) | ServerOutput::Idle => return reqs,
            _ => {}
        }
    }
    panic!("server output never ends");
}

fn connect_body() -> Vec<u8> {
    // Connect request (MS-OXCMAPIHTTP 2.2.4.1.1): UserDn "a", four u32, no aux.
    let mut b = b"a\0".to_vec();
    b.extend([0u8; 20]);
    b
}

/// A well-formed answer for `t`, or the fuzzer's octets when `raw`.
fn answer(t: RequestType, arg: &[u8], raw: bool) -> Vec<u8> {
    if raw {
        return arg.to_vec();
    }
    let words = |w: &[u32]| w.iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>();
    match t {
        RequestType::Connect => {
            let mut b = words(&[0, 0, 60_000, 6, 10_000]);
            b.extend([0, b'U', 0, 0, 0, 0, 0, 0, 0]);
            b
        }
        RequestType::Execute => {
            let mut b = Vec::new();
            if let Ok(s) = ExecuteSuccess::from_rop_payloads(&[arg], Flags::LAST) {
                let _ = s.encode(&mut b);
            }
            b
        }
        RequestType::NotificationWait => words(&[0, 0, 1, 0]),
        RequestType::Ping => Vec::new(),
        _ => words(&[0, 0, 0]),
    }
}

fn loopback(client: &mut Client, server: &mut Server, now: Instant, arg: &[u8]) {
    let mut map = std::collections::BTreeMap::new();
    for round in 0..32 {
        let mut moved = false;
        loop {
            match client.poll_output() {
                ClientOutput::Transmit(r) => {
                    moved = true;
                    let sh = server.handle_request(now, r.method, &r.target, &r.headers, &r.body);
                    map.insert(sh, r.handle);
                }
                ClientOutput::Event(_) => moved = true,
                _ => break,
            }
        }
        loop {
            let o = server.poll_output();
            let ch = |h: &RequestHandle| map.get(h).copied().unwrap_or(RequestHandle(0));
            match o {
                ServerOutput::Event(ServerEvent::Request {
                    handle,
                    request_type,
                    ..
                }) => {
                    moved = true;
                    let pick = arg.get(round).copied().unwrap_or(0);
                    if pick % 5 != 4 {
                        let _ =
                            server.complete(now, handle, &answer(request_type, arg, pick % 5 == 3));
                    }
                }
                ServerOutput::Event(_) => moved = true,
                ServerOutput::ResponseHead {
                    handle,
                    status,
                    headers,
                } => {
                    moved = true;
                    let _ = client.handle_response_head(now, ch(&handle), status, &headers);
                }
                ServerOutput::ResponseBody { handle, data } => {
                    moved = true;
                    let _ = client.handle_response_body(now, ch(&handle), &data);
                }
                ServerOutput::ResponseEnd { handle } => {
                    moved = true;
                    let _ = client.handle_response_end(now, ch(&handle));
                }
                ServerOutput::Timeout(_) | ServerOutput::Idle => break,
            }
        }
        if !moved {
            break;
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let t0 = Instant::now();
    let mut cfg = ProxyConfig::default();
    cfg.limits = limits();
    cfg.max_pipelined = 4;
    let mut proxy = Proxy::new(cfg);
    let mut ccfg = ClientConfig::new(Endpoint::Mailbox, "h", "m", [1; 16]);
    ccfg.limits = limits();
    let mut client = Client::new(ccfg);
    let mut scfg = ServerConfig::new(1);
    scfg.limits = limits();
    scfg.max_contexts = 8;
    scfg.max_requests = 8;
    let mut server = Server::new(scfg);
    let mut req_framer = MessageFramer::new(Direction::Requests, limits());
    let mut req_head = None;
    let mut req_body = Vec::new();
    let mut client_handles: Vec<RequestHandle> = Vec::new();
    let mut server_handles: Vec<RequestHandle> = Vec::new();
    let mut now = t0;

    let mut rest = data;
    while rest.len() >= 2 {
        let op = rest[0];
        let len = (rest[1] as usize).min(rest.len() - 2);
        let arg = &rest[2..2 + len];
        rest = &rest[2 + len..];
        let conn = ConnId(u64::from(op >> 4 & 3));
        let pick = |hs: &[RequestHandle]| {
            hs.get(arg.first().copied().unwrap_or(0) as usize % hs.len().max(1))
                .copied()
                .unwrap_or(RequestHandle(u64::from(op)))
        };
        match op & 15 {
            0 => {
                let _ = proxy.handle_request_bytes(now, conn, arg);
            }
            1 => {
                let _ = proxy.handle_response_bytes(now, conn, arg);
            }
            2 => proxy.handle_connection_closed(now, conn),
            3 => {
                let split = arg.len() / 2;
                let _ = proxy.handle_request(
                    now,
                    conn,
                    "/mapi/emsmdb/",
                    &headers_from(&arg[..split]),
                    &arg[split..],
                );
                let _ = proxy.handle_response_head(now, conn, 200, &headers_from(arg));
                let _ = proxy.handle_response_body(now, conn, &arg[split..]);
                let _ = proxy.handle_response_end(now, conn);
            }
            4 => {
                let _ = client.connect(now, arg.to_vec());
            }
            5 => {
                let t = RequestType::ALL
                    [arg.first().copied().unwrap_or(0) as usize % RequestType::ALL.len()];
                let _ = client.request(now, t, arg.to_vec());
            }
            6 => {
                let h = pick(&client_handles);
                let _ = client.handle_response_head(now, h, 200, &headers_from(arg));
            }
            7 => {
                let h = pick(&client_handles);
                let _ = client.handle_response_body(now, h, arg);
            }
            8 => {
                let h = pick(&client_handles);
                let _ = client.handle_response_end(now, h);
            }
            9 => {
                let h = pick(&client_handles);
                let _ = client.handle_transport_error(now, h);
            }
            10 => {
                now += Duration::from_millis(u64::from(arg.first().copied().unwrap_or(0)) << 10);
                client.handle_timeout(now);
                server.handle_timeout(now);
            }
            11 => {
                // Requests framed from the input go to the server.
                let mut input = arg;
                loop {
                    let Ok((used, ev)) = req_framer.parse(input) else {
                        req_framer = MessageFramer::new(Direction::Requests, limits());
                        break;
                    };
                    input = &input[used..];
                    match ev {
                        Some(MessageEvent::Head(h)) => {
                            req_head = Some((
                                h.method().unwrap_or("").to_owned(),
                                h.target().unwrap_or("").to_owned(),
                                h.headers,
                            ));
                            req_body.clear();
                        }
                        Some(MessageEvent::Body(b)) => req_body.extend_from_slice(b),
                        Some(MessageEvent::End) => {
                            if let Some((m, t, h)) = req_head.take() {
                                server.handle_request(now, &m, &t, &h, &req_body);
                            }
                        }
                        None => break,
                    }
                }
            }
            12 => {
                let h = pick(&server_handles);
                let _ = server.complete(now, h, arg);
            }
            13 => {
                let h = pick(&server_handles);
                server.cancel(now, h);
            }
            14 => {
                let _ = client.ping(now);
                let _ = client.notification_wait(now);
            }
            _ => {
                // Client and server talk directly, so that deep states are reached.
                let sel = arg.first().copied().unwrap_or(0);
                match sel % 4 {
                    0 => {
                        let _ = client.disconnect(now);
                    }
                    1 => {
                        let _ = client.connect(now, connect_body());
                    }
                    2 => {
                        if let Ok(req) = ExecuteRequest::from_rop_buffer(arg, Flags::LAST, 0x8000) {
                            let _ = client.execute(now, &req);
                        }
                    }
                    _ => {
                        let _ = client.notification_wait(now);
                        let _ = client.ping(now);
                    }
                }
                loopback(&mut client, &mut server, now, arg);
            }
        }
        drain_proxy(&mut proxy);
        client_handles.extend(drain_client(&mut client));
        server_handles.extend(drain_server(&mut server));
        for hs in [&mut client_handles, &mut server_handles] {
            if hs.len() > 64 {
                hs.drain(..hs.len() - 64);
            }
        }
    }
});
