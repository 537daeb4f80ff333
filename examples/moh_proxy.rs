//! A relaying MAPI over HTTP proxy on hyper (HTTP/1.1) hosting the passive proxy role: every
//! request and response passes unchanged and the role pairs them, follows the session
//! contexts and decodes each Execute's ROPs. It prints each pair as it completes (ROP names
//! for Execute).
//!
//! ```text
//! cargo run --example moh_proxy -- [--listen ADDR:PORT] [--upstream ADDR:PORT]
//! ```
//!
//! The defaults sit between the `moh_server` example (127.0.0.1:8080) and clients on
//! 127.0.0.1:8081:
//!
//! ```text
//! cargo run --example moh_server &
//! cargo run --example moh_proxy &
//! cargo run --example moh_client -- http://127.0.0.1:8081/mapi/emsmdb/
//! ```

#[path = "support/moh_hyper.rs"]
#[allow(dead_code)]
mod moh_hyper;

use std::net::SocketAddr;

const USAGE: &str = "usage: moh_proxy [--listen ADDR:PORT] [--upstream ADDR:PORT]

  --listen ADDR:PORT    where to listen (default 127.0.0.1:8081)
  --upstream ADDR:PORT  the MAPI over HTTP server (default 127.0.0.1:8080)
  --help                this text";

fn main() {
    let mut listen = "127.0.0.1:8081".to_string();
    let mut upstream = "127.0.0.1:8080".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || {
            args.next().unwrap_or_else(|| {
                eprintln!("{a} needs a value\n{USAGE}");
                std::process::exit(2)
            })
        };
        match a.as_str() {
            "--listen" => listen = value(),
            "--upstream" => upstream = value(),
            "--help" | "-h" => {
                println!("{USAGE}");
                return;
            }
            _ => {
                eprintln!("unknown argument {a}\n{USAGE}");
                std::process::exit(2);
            }
        }
    }
    let upstream: SocketAddr = upstream.parse().unwrap_or_else(|_| {
        eprintln!("--upstream needs ADDR:PORT, got {upstream}");
        std::process::exit(2)
    });
    let rt = moh_hyper::runtime().expect("tokio runtime");
    rt.block_on(async {
        let listener = match tokio::net::TcpListener::bind(&listen).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("cannot listen on {listen}: {e}");
                std::process::exit(1);
            }
        };
        println!("moh_proxy: {listen} -> {upstream}");
        moh_hyper::proxy(listener, upstream, moh_hyper::ProxyHost::new(true, false)).await;
    });
}
