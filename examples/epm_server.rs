//! An ncacn_ip_tcp endpoint mapper serving a fixed table: answers bind, ept_lookup, ept_map
//! and ept_lookup_handle_free.
//!
//! ```text
//! cargo run --example epm_server -- [--listen ADDR:PORT] [--entry "UUID MAJOR.MINOR BINDING [ANNOTATION]"]...
//! ```
//!
//! Without `--entry` the table holds the Exchange interfaces (EMSMDB, AsyncEMSMDB, RFR, NSPI)
//! on 127.0.0.1. The default address is 127.0.0.1:1135 (port 135 needs privileges).

#[path = "support/epm_server.rs"]
mod epm_server;

use std::sync::Arc;

const USAGE: &str =
    "usage: epm_server [--listen ADDR:PORT] [--entry \"UUID MAJOR.MINOR BINDING [ANNOTATION]\"]...

  --listen ADDR:PORT  where to listen (default 127.0.0.1:1135)
  --entry ENTRY       an endpoint map element, e.g.
                      \"f5cc5a18-4264-101a-8c59-08002b2f8426 56.0 ncacn_ip_tcp:10.0.0.5[6004] NSPI\"
                      (repeatable; default: the Exchange interfaces on 127.0.0.1)
  --help              this text";

fn main() {
    let mut listen = "127.0.0.1:1135".to_string();
    let mut table = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--help" | "-h" => {
                println!("{USAGE}");
                return;
            }
            "--listen" => listen = args.next().unwrap_or_else(|| die("--listen needs a value")),
            "--entry" => {
                let e = args.next().unwrap_or_else(|| die("--entry needs a value"));
                table.push(epm_server::Entry::parse(&e).unwrap_or_else(|e| die(&e)));
            }
            other => die(&format!("unknown argument {other:?}")),
        }
    }
    if table.is_empty() {
        table = epm_server::default_table();
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| die(&e.to_string()));
    let r: std::io::Result<()> = rt.block_on(async {
        let l = tokio::net::TcpListener::bind(&listen).await?;
        eprintln!(
            "endpoint mapper on {} with {} entries",
            l.local_addr()?,
            table.len()
        );
        epm_server::serve(l, Arc::new(table)).await
    });
    if let Err(e) = r {
        die(&e.to_string());
    }
}

fn die(msg: &str) -> ! {
    eprintln!("epm_server: {msg}\n\n{USAGE}");
    std::process::exit(2)
}
