//! An RPC over HTTP v2 proxy (the IIS RpcProxy role) in front of ncacn_ip_tcp servers.
//!
//! ```text
//! cargo run --example rpch_proxy -- [--listen ADDR:PORT] [--allow SERVER:PORT]... \
//!     [--basic USER:PASSWORD | --anonymous] [--window BYTES] [--lifetime BYTES] [--no-adopt] \
//!     [--pcap FILE]
//! ```
//!
//! Clients open `RPC_IN_DATA` / `RPC_OUT_DATA` channels to `/rpc/rpcproxy.dll?SERVER:PORT`;
//! the proxy runs the inbound and outbound proxy roles and the server end of each virtual
//! connection itself, and relays the inner DCE/RPC PDUs over ncacn_ip_tcp to SERVER:PORT when
//! the allow-list names it. HTTP (1.1, and 1.0 requests) is served by hyper; each channel's
//! request and response bodies stream through it for the channel's whole life, between hyper
//! and the sans-io roles (see `support/rpch_proxy.rs`). Try it with the `epm_server` example
//! behind it:
//!
//! ```text
//! cargo run --example epm_server &
//! cargo run --example rpch_proxy -- --allow 127.0.0.1:1135
//! ```

#[path = "support/pcap.rs"]
mod pcap;
#[path = "support/rpch_proxy.rs"]
mod rpch_proxy;

use rpch_proxy::Options;

const USAGE: &str = "usage: rpch_proxy [options]

  --listen ADDR:PORT     where to listen for HTTP (default 127.0.0.1:8080)
  --allow SERVER:PORT    an ncacn_ip_tcp server clients may reach (repeatable;
                         SERVER may be *; default 127.0.0.1:1135, the epm_server example)
  --basic USER:PASSWORD  require HTTP Basic credentials (default oxwire:oxwire)
  --anonymous            admit clients without credentials
  --window BYTES         receive window of every hop (default 65536)
  --lifetime BYTES       OUT channel lifetime announced to the server (default 1073741824)
  --no-adopt             give every successor channel its own leg to the server (IN_R1,
                         OUT_R1) instead of handing it to the proxy that runs its
                         predecessor here (IN_R2, OUT_R2, the default as MS-RPCH requires)
  --pcap FILE            record the client connections and the server connections
                         (ncacn_ip_tcp) into a pcap file
  --help                 this text";

fn main() {
    let mut listen = "127.0.0.1:8080".to_string();
    let mut opts = Options {
        basic: Some(("oxwire".into(), "oxwire".into())),
        ..Options::default()
    };
    let mut pcap_file = None;
    let mut args = std::env::args().skip(1);
    let value = |args: &mut std::iter::Skip<std::env::Args>, what: &str| {
        args.next()
            .unwrap_or_else(|| die(&format!("{what} needs a value")))
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "--help" | "-h" => {
                println!("{USAGE}");
                return;
            }
            "--listen" => listen = value(&mut args, "--listen"),
            "--allow" => {
                let v = value(&mut args, "--allow");
                opts.allow
                    .push(rpch_proxy::parse_allow(&v).unwrap_or_else(|e| die(&e)));
            }
            "--basic" => {
                let v = value(&mut args, "--basic");
                let (u, p) = v
                    .split_once(':')
                    .unwrap_or_else(|| die("--basic wants USER:PASSWORD"));
                opts.basic = Some((u.into(), p.into()));
            }
            "--anonymous" => opts.basic = None,
            "--window" => {
                let w = value(&mut args, "--window")
                    .parse()
                    .unwrap_or_else(|_| die("--window wants a number"));
                opts.proxy.receive_window = w;
                opts.server.receive_window = w;
            }
            "--lifetime" => {
                opts.proxy.channel_lifetime = value(&mut args, "--lifetime")
                    .parse()
                    .unwrap_or_else(|_| die("--lifetime wants a number"));
            }
            "--no-adopt" => opts.adopt = false,
            "--pcap" => pcap_file = Some(value(&mut args, "--pcap")),
            other => die(&format!("unknown argument {other:?}")),
        }
    }
    if opts.allow.is_empty() {
        opts.allow.push(("127.0.0.1".into(), 1135));
    }
    let pcap = pcap_file.map(|f| {
        let file = std::fs::File::create(&f).unwrap_or_else(|e| die(&format!("{f}: {e}")));
        pcap::PcapWriter::new(Box::new(std::io::BufWriter::new(file)))
            .unwrap_or_else(|e| die(&format!("{f}: {e}")))
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| die(&e.to_string()));
    let r: std::io::Result<()> = rt.block_on(async {
        let l = tokio::net::TcpListener::bind(&listen).await?;
        let allow: Vec<String> = opts.allow.iter().map(|(h, p)| format!("{h}:{p}")).collect();
        let h = rpch_proxy::spawn(l, opts, pcap);
        eprintln!(
            "RPC over HTTP proxy on {}, relaying to {}",
            h.addr,
            allow.join(", ")
        );
        // The counters, whenever they changed.
        let mut last = rpch_proxy::Stats::default();
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(30)).await;
            let s = h.stats();
            if s != last {
                eprintln!("{s:?}");
                last = s;
            }
        }
    });
    if let Err(e) = r {
        die(&e.to_string());
    }
}

fn die(msg: &str) -> ! {
    eprintln!("rpch_proxy: {msg}\n\n{USAGE}");
    std::process::exit(2)
}
