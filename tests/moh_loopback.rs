//! MAPI over HTTP over real loopback TCP: a client role, a relaying proxy hosting the proxy
//! role, and a server role, on tokio, in one process. The session runs Connect, three
//! Execute calls, a NotificationWait that the server holds long enough for PENDING
//! keep-alives, and Disconnect. The proxy must pair every Execute with ROPs equal to the
//! hand-assembled buffers (MS-OXCROPS layouts) the client sent and the server answered.
//!
//! The client-to-proxy octets are recorded as a pcap (`testdata/moh/loopback.pcap` is such a
//! recording; set `OXWIRE_MOH_RECORD=path` to write a new one).

mod moh_support;
#[path = "../examples/support/pcap.rs"]
#[allow(dead_code)]
mod pcap;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

use oxwire_moh::http::headers::Headers;
use oxwire_moh::http::message::{Direction, MessageEvent, MessageFramer};
use oxwire_moh::mailbox::{ConnectRequest, ExecuteRequest, ExecuteResponse};
use oxwire_moh::session::{
    Client, ClientConfig, ClientEvent, ClientOutput, ConnId, Proxy, ProxyEvent, ProxyOutput,
    RequestHandle, Server, ServerConfig, ServerEvent, ServerOutput,
};
use oxwire_moh::{Endpoint, RequestType};

use moh_support::{calls, connect_success, execute_success, simple_success};

/// What a connection task hands the server driver: a whole request and where its response
/// pieces go.
struct Incoming {
    target: String,
    headers: Headers,
    body: Vec<u8>,
    reply: mpsc::UnboundedSender<ServerOutput>,
}

const PENDING_PERIOD: Duration = Duration::from_millis(40);
/// The NotificationWait is answered after this long: at least two PENDING periods.
const NOTIFY_AFTER: Duration = Duration::from_millis(130);

/// Owns the server role: takes requests, answers them (NotificationWait late), runs timers.
async fn server_driver(mut rx: mpsc::UnboundedReceiver<Incoming>) {
    let mut cfg = ServerConfig::new(0x5eed);
    cfg.pending_period = PENDING_PERIOD;
    let mut server = Server::new(cfg);
    let mut routes: HashMap<RequestHandle, mpsc::UnboundedSender<ServerOutput>> = HashMap::new();
    let mut late: Vec<(Instant, RequestHandle)> = Vec::new();
    let mut timer: Option<Instant> = None;
    let mut exec_index = 0usize;
    loop {
        let due = late.iter().map(|l| l.0).chain(timer).min();
        let msg = match due {
            Some(t) => match tokio::time::timeout_at(t.into(), rx.recv()).await {
                Ok(m) => m.map(Some),
                Err(_) => Some(None),
            },
            None => rx.recv().await.map(Some),
        };
        let now = Instant::now();
        match msg {
            None => return,
            Some(Some(inc)) => {
                let h = server.handle_request(now, "POST", &inc.target, &inc.headers, &inc.body);
                routes.insert(h, inc.reply);
            }
            Some(None) => {}
        }
        let (ready, waiting): (Vec<_>, Vec<_>) = late.into_iter().partition(|l| l.0 <= now);
        late = waiting;
        for (_, h) in ready {
            server
                .complete(now, h, &simple_success(RequestType::NotificationWait))
                .unwrap();
        }
        if timer.is_some_and(|t| t <= now) {
            timer = None;
            server.handle_timeout(now);
        }
        loop {
            match server.poll_output() {
                ServerOutput::Event(ServerEvent::Request {
                    handle,
                    request_type,
                    ..
                }) => match request_type {
                    RequestType::Connect => {
                        server.complete(now, handle, &connect_success()).unwrap()
                    }
                    RequestType::Execute => {
                        let body = execute_success(&calls()[exec_index].1);
                        exec_index += 1;
                        server.complete(now, handle, &body).unwrap()
                    }
                    RequestType::NotificationWait => late.push((now + NOTIFY_AFTER, handle)),
                    t => server.complete(now, handle, &simple_success(t)).unwrap(),
                },
                ServerOutput::Event(_) => {}
                o @ (ServerOutput::ResponseHead { .. } | ServerOutput::ResponseBody { .. }) => {
                    let h = match &o {
                        ServerOutput::ResponseHead { handle, .. }
                        | ServerOutput::ResponseBody { handle, .. } => *handle,
                        _ => unreachable!(),
                    };
                    if let Some(r) = routes.get(&h) {
                        let _ = r.send(o);
                    }
                }
                o @ ServerOutput::ResponseEnd { handle } => {
                    if let Some(r) = routes.remove(&handle) {
                        let _ = r.send(o);
                    }
                }
                ServerOutput::Timeout(t) => {
                    timer = Some(t);
                    break;
                }
                ServerOutput::Idle => break,
            }
        }
    }
}

/// One server-side HTTP/1.1 connection: frames requests, answers each with a chunked body
/// flushed piece by piece (so PENDING travels when it is produced).
async fn server_conn(mut sock: TcpStream, to_driver: mpsc::UnboundedSender<Incoming>) {
    let mut framer = MessageFramer::new(Direction::Requests, Default::default());
    let mut buf = vec![0u8; 16 * 1024];
    let mut head = None;
    let mut body = Vec::new();
    loop {
        let n = match sock.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        let mut input = &buf[..n];
        let mut complete = Vec::new();
        loop {
            let (used, ev) = framer.parse(input).unwrap();
            input = &input[used..];
            match ev {
                Some(MessageEvent::Head(h)) => head = Some(h),
                Some(MessageEvent::Body(b)) => body.extend_from_slice(b),
                Some(MessageEvent::End) => {
                    complete.push((head.take().unwrap(), std::mem::take(&mut body)))
                }
                None => break,
            }
        }
        for (h, b) in complete {
            let (tx, mut rx) = mpsc::unbounded_channel();
            to_driver
                .send(Incoming {
                    target: h.target().unwrap().to_owned(),
                    headers: h.headers,
                    body: b,
                    reply: tx,
                })
                .unwrap();
            while let Some(o) = rx.recv().await {
                let mut out = Vec::new();
                match o {
                    ServerOutput::ResponseHead {
                        status, headers, ..
                    } => {
                        out.extend_from_slice(format!("HTTP/1.1 {status} OK\r\n").as_bytes());
                        let chunked = headers.get("Content-Length").is_none();
                        headers.encode(&mut out);
                        if chunked {
                            out.extend_from_slice(b"Transfer-Encoding: chunked\r\n");
                        }
                        out.extend_from_slice(b"\r\n");
                        sock.write_all(&out).await.unwrap();
                        if !chunked {
                            // Error answers carry their whole body by length; none expected.
                            panic!("unexpected error response");
                        }
                    }
                    ServerOutput::ResponseBody { data, .. } => {
                        out.extend_from_slice(format!("{:x}\r\n", data.len()).as_bytes());
                        out.extend_from_slice(&data);
                        out.extend_from_slice(b"\r\n");
                        sock.write_all(&out).await.unwrap();
                    }
                    _ => {
                        sock.write_all(b"0\r\n\r\n").await.unwrap();
                        break;
                    }
                }
            }
        }
    }
}

/// What the proxy host keeps: the proxy role, the recording and every event.
struct ProxyHost {
    proxy: Proxy,
    pcap: pcap::PcapWriter,
    events: Vec<ProxyEvent>,
}

impl ProxyHost {
    fn drain(&mut self) {
        while let ProxyOutput::Event(e) = self.proxy.poll_output() {
            self.events.push(e);
        }
    }
}

async fn relay(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    host: Arc<Mutex<ProxyHost>>,
    id: u64,
    to_server: bool,
) {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        {
            let mut h = host.lock().unwrap();
            let now = Instant::now();
            h.pcap.data(id, to_server, &buf[..n]).unwrap();
            if to_server {
                h.proxy
                    .handle_request_bytes(now, ConnId(id), &buf[..n])
                    .unwrap();
            } else {
                h.proxy
                    .handle_response_bytes(now, ConnId(id), &buf[..n])
                    .unwrap();
            }
            h.drain();
        }
        if to.write_all(&buf[..n]).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}

async fn proxy_accept(listener: TcpListener, server: SocketAddr, host: Arc<Mutex<ProxyHost>>) {
    let mut next = 1u64;
    while let Ok((client, peer)) = listener.accept().await {
        let id = next;
        next += 1;
        let upstream = TcpStream::connect(server).await.unwrap();
        let local = client.local_addr().unwrap();
        host.lock().unwrap().pcap.open(id, peer, local).unwrap();
        let (cr, cw) = client.into_split();
        let (sr, sw) = upstream.into_split();
        tokio::spawn(relay(cr, sw, host.clone(), id, true));
        tokio::spawn(relay(sr, cw, host.clone(), id, false));
    }
}

/// A client-side connection: sends one request, reads its response into the client role.
async fn exchange(
    sock: &mut TcpStream,
    client: &mut Client,
    req: oxwire_moh::session::OutgoingRequest,
) {
    let mut wire = Vec::new();
    req.encode_http1(&mut wire);
    sock.write_all(&wire).await.unwrap();
    let mut framer = MessageFramer::new(Direction::Responses, Default::default());
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = sock.read(&mut buf).await.unwrap();
        assert!(n > 0, "server closed mid-response");
        let mut input = &buf[..n];
        loop {
            let (used, ev) = framer.parse(input).unwrap();
            input = &input[used..];
            let now = Instant::now();
            match ev {
                Some(MessageEvent::Head(h)) => client
                    .handle_response_head(now, req.handle, h.status().unwrap(), &h.headers)
                    .unwrap(),
                Some(MessageEvent::Body(b)) => {
                    client.handle_response_body(now, req.handle, b).unwrap()
                }
                Some(MessageEvent::End) => {
                    client.handle_response_end(now, req.handle).unwrap();
                    return;
                }
                None => break,
            }
        }
    }
}

/// Sends every request the client has queued, returning its events.
async fn run_client(
    client: &mut Client,
    main: &mut TcpStream,
    notify: &mut TcpStream,
) -> Vec<ClientEvent> {
    let mut events = Vec::new();
    loop {
        match client.poll_output() {
            ClientOutput::Transmit(req) => {
                let t = req.headers.request_type().unwrap();
                let sock = if t == Some(RequestType::NotificationWait) {
                    &mut *notify
                } else {
                    &mut *main
                };
                exchange(sock, client, req).await;
            }
            ClientOutput::Event(e) => events.push(e),
            ClientOutput::Timeout(_) | ClientOutput::Idle => return events,
        }
    }
}

#[test]
fn connect_execute_notify_disconnect_through_proxy() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let record = std::env::var_os("OXWIRE_MOH_RECORD");
    let sink: Box<dyn std::io::Write + Send> = match &record {
        Some(p) => Box::new(std::fs::File::create(p).unwrap()),
        None => Box::new(std::io::sink()),
    };
    let host = Arc::new(Mutex::new(ProxyHost {
        proxy: Proxy::new(Default::default()),
        pcap: pcap::PcapWriter::new(sink).unwrap(),
        events: Vec::new(),
    }));
    let events = rt.block_on(async {
        let server_l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let server_addr = server_l.local_addr().unwrap();
        let (to_driver, rx) = mpsc::unbounded_channel();
        tokio::spawn(server_driver(rx));
        tokio::spawn(async move {
            while let Ok((s, _)) = server_l.accept().await {
                tokio::spawn(server_conn(s, to_driver.clone()));
            }
        });
        let proxy_l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy_addr = proxy_l.local_addr().unwrap();
        tokio::spawn(proxy_accept(proxy_l, server_addr, host.clone()));

        let mut client = Client::new(ClientConfig::new(
            Endpoint::Mailbox,
            "mail.example.com",
            "user@example.com",
            [7; 16],
        ));
        let mut main = TcpStream::connect(proxy_addr).await.unwrap();
        let mut notify = TcpStream::connect(proxy_addr).await.unwrap();
        let connect = ConnectRequest {
            user_dn: b"/o=Example/ou=Exchange/cn=Recipients/cn=user"
                .as_slice()
                .into(),
            flags: 0,
            default_code_page: 1252,
            lcid_sort: 1033,
            lcid_string: 1033,
            aux: Default::default(),
        };
        let now = Instant::now();
        client.connect(now, connect.to_bytes().unwrap()).unwrap();
        let mut events = run_client(&mut client, &mut main, &mut notify).await;
        for (req, _) in calls() {
            let body = ExecuteRequest::from_rop_buffer(
                &req,
                oxwire_mapi_rop::ext_buffer::Flags::XOR_MAGIC
                    | oxwire_mapi_rop::ext_buffer::Flags::LAST,
                0x40000,
            )
            .unwrap();
            client.execute(Instant::now(), &body).unwrap();
            events.extend(run_client(&mut client, &mut main, &mut notify).await);
        }
        client.notification_wait(Instant::now()).unwrap();
        events.extend(run_client(&mut client, &mut main, &mut notify).await);
        client.disconnect(Instant::now()).unwrap();
        events.extend(run_client(&mut client, &mut main, &mut notify).await);
        drop(main);
        drop(notify);
        // Let the relays see the closes.
        tokio::time::sleep(Duration::from_millis(50)).await;
        events
    });
    let mut h = host.lock().unwrap();
    for id in 1..=2 {
        h.pcap.close(id).unwrap();
    }
    h.pcap.flush().unwrap();

    // The client saw its session through.
    assert!(
        matches!(events[0], ClientEvent::Connected { .. }),
        "{events:?}"
    );
    let executes: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            ClientEvent::ExecuteCompleted { response, .. } => Some(response),
            _ => None,
        })
        .collect();
    assert_eq!(executes.len(), calls().len());
    for (resp, (_, answer)) in executes.iter().zip(calls()) {
        let ExecuteResponse::Success(ok) = resp else {
            panic!("{resp:?}")
        };
        assert_eq!(ok.rop_payloads(&Default::default()).unwrap(), vec![answer]);
    }
    assert!(events
        .iter()
        .any(|e| matches!(e, ClientEvent::NotificationPending { .. })));
    assert!(events
        .iter()
        .any(|e| matches!(e, ClientEvent::Disconnected { .. })));

    // The proxy paired every Execute with the ROPs sent and answered.
    let mut pairs = Vec::new();
    let mut kinds = Vec::new();
    for e in &h.events {
        match e {
            ProxyEvent::ExecutePair {
                exchange,
                request_rops,
                response_rops,
                rop_error,
            } => {
                assert!(rop_error.is_none(), "{rop_error:?}");
                kinds.push(RequestType::Execute);
                pairs.push((
                    exchange.clone(),
                    request_rops.clone(),
                    response_rops.clone(),
                ));
            }
            ProxyEvent::Pair(x) => {
                kinds.push(x.request_type.unwrap());
                if x.request_type == Some(RequestType::NotificationWait) {
                    assert!(x.pending >= 2, "{} PENDING", x.pending);
                }
            }
            _ => {}
        }
    }
    assert_eq!(
        kinds,
        [
            RequestType::Connect,
            RequestType::Execute,
            RequestType::Execute,
            RequestType::Execute,
            RequestType::NotificationWait,
            RequestType::Disconnect
        ]
    );
    for (((x, req, resp), (sent, answered)), ids) in
        pairs.iter().zip(calls()).zip(moh_support::ROP_IDS)
    {
        let req = req.as_ref().expect("request ROPs decoded");
        let mut again = Vec::new();
        req.encode(&mut again).unwrap();
        assert_eq!(again, sent, "request ROPs as sent");
        assert_eq!(resp.len(), 1);
        let mut again = Vec::new();
        resp[0].response.encode(&mut again).unwrap();
        assert_eq!(again, answered, "response ROPs as answered");
        assert_eq!(x.status, 200);
        let got: Vec<u8> = req.rops.iter().map(|r| r.rop_id()).collect();
        assert_eq!(ids, got);
    }
}
