//! A MAPI over HTTP client on hyper (HTTP/1.1) hosting the client role: Connect, three
//! Execute calls (RopLogon, RopGetPropertiesSpecific, RopRelease), a NotificationWait on a
//! connection of its own, and Disconnect, printing what happened.
//!
//! ```text
//! cargo run --example moh_client -- [http://ADDR:PORT/mapi/emsmdb/]
//! ```
//!
//! Without a URL it starts the example server and the proxy in-process on loopback and
//! runs through both, so `cargo run --example moh_client` works on its own.

#[path = "support/moh_hyper.rs"]
#[allow(dead_code)]
mod moh_hyper;

use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::TcpListener;

const USAGE: &str = "usage: moh_client [http://ADDR:PORT/mapi/emsmdb/]

  Without a URL, an example server and a proxy start in-process on loopback.";

/// `ADDR:PORT` of an `http://` URL (names are not resolved: loopback examples use addresses).
fn parse_url(url: &str) -> Option<SocketAddr> {
    let rest = url.strip_prefix("http://")?;
    let authority = rest.split('/').next()?;
    authority.parse().ok()
}

fn main() {
    let url = std::env::args().nth(1);
    if url.as_deref().is_some_and(|u| u == "--help" || u == "-h") {
        println!("{USAGE}");
        return;
    }
    let rt = moh_hyper::runtime().expect("tokio runtime");
    let result = rt.block_on(async {
        let addr = match &url {
            Some(u) => parse_url(u).ok_or_else(|| format!("not an http://ADDR:PORT/ URL: {u}"))?,
            None => {
                let server = TcpListener::bind("127.0.0.1:0").await?;
                let server_addr = server.local_addr()?;
                tokio::spawn(moh_hyper::serve(
                    server,
                    moh_hyper::ServerTiming {
                        pending_period: Duration::from_millis(200),
                        notify_after: Duration::from_millis(500),
                    },
                ));
                let proxy = TcpListener::bind("127.0.0.1:0").await?;
                let proxy_addr = proxy.local_addr()?;
                tokio::spawn(moh_hyper::proxy(
                    proxy,
                    server_addr,
                    moh_hyper::ProxyHost::new(true, false),
                ));
                println!("moh_client: server on {server_addr}, proxy on {proxy_addr}");
                proxy_addr
            }
        };
        let report = moh_hyper::run_client(addr, &addr.to_string(), true).await?;
        for (t, n) in &report.pending {
            if *n > 0 {
                println!("moh_client: {} saw {n} PENDING", t.as_str());
            }
        }
        Ok::<_, moh_hyper::BoxError>(report)
    });
    match result {
        Ok(r) => println!("moh_client: done, {} events", r.events.len()),
        Err(e) => {
            eprintln!("moh_client: {e}");
            std::process::exit(1);
        }
    }
}
