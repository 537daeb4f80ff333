//! A MAPI over HTTP server on hyper (HTTP/1.1) hosting the server role for `/mapi/emsmdb/`
//! and `/mapi/nspi/`: answers Connect, Execute (RopLogon, RopGetPropertiesSpecific and
//! RopRelease request buffers, with canned answers), NotificationWait (held, with PENDING
//! keep-alives on the role's timer), Disconnect and PING.
//!
//! ```text
//! cargo run --example moh_server -- [--listen ADDR:PORT] [--pending-ms N] [--notify-ms N]
//! ```
//!
//! Try it with the client, directly or through the proxy:
//!
//! ```text
//! cargo run --example moh_server &
//! cargo run --example moh_proxy &
//! cargo run --example moh_client -- http://127.0.0.1:8081/mapi/emsmdb/
//! ```

#[path = "support/moh_hyper.rs"]
#[allow(dead_code)]
mod moh_hyper;

use std::time::Duration;

const USAGE: &str = "usage: moh_server [--listen ADDR:PORT] [--pending-ms N] [--notify-ms N]

  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080)
  --pending-ms N      PENDING period announced and kept (default 1000)
  --notify-ms N       how long a NotificationWait is held (default 2500)
  --help              this text";

fn main() {
    let mut listen = "127.0.0.1:8080".to_string();
    let mut timing = moh_hyper::ServerTiming {
        pending_period: Duration::from_millis(1000),
        notify_after: Duration::from_millis(2500),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || {
            args.next().unwrap_or_else(|| {
                eprintln!("{a} needs a value\n{USAGE}");
                std::process::exit(2)
            })
        };
        let ms = |v: String| {
            v.parse().map(Duration::from_millis).unwrap_or_else(|_| {
                eprintln!("not a number of milliseconds: {v}");
                std::process::exit(2)
            })
        };
        match a.as_str() {
            "--listen" => listen = value(),
            "--pending-ms" => timing.pending_period = ms(value()),
            "--notify-ms" => timing.notify_after = ms(value()),
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
    let rt = moh_hyper::runtime().expect("tokio runtime");
    rt.block_on(async {
        let listener = match tokio::net::TcpListener::bind(&listen).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("cannot listen on {listen}: {e}");
                std::process::exit(1);
            }
        };
        println!("moh_server: listening on http://{listen}/mapi/emsmdb/");
        moh_hyper::serve(listener, timing).await;
    });
}
