//! HTTPS works out of the box: a call over TLS 1.3 to a local server whose certificate is made
//! here and trusted through the client builder, and refused when it is not trusted.

use std::sync::Arc;

use client_runtime::{Client, Error};
use reqwest::Method;
use rustls::ProtocolVersion;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// A self-signed certificate for 127.0.0.1, as PEM and as the server's chain and key.
fn certificate() -> (String, CertificateDer<'static>, PrivateKeyDer<'static>) {
    let key = rcgen::KeyPair::generate().expect("key pair");
    let params = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()]).expect("params");
    let cert = params.self_signed(&key).expect("self-signed certificate");
    let der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    (cert.pem(), cert.der().clone(), der)
}

/// Serves one JSON answer per TLS connection and reports each handshake's protocol version.
async fn server(
    chain: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
) -> (String, mpsc::UnboundedReceiver<Option<ProtocolVersion>>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(vec![chain], key)
        .expect("server certificate");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (report, versions) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let report = report.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let _ = report.send(tls.get_ref().1.protocol_version());
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let body = br#"{"secure":true}"#;
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.write_all(body).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (format!("https://{addr}/v2"), versions)
}

#[tokio::test]
async fn a_call_over_tls13_to_a_trusted_certificate() {
    let (pem, chain, key) = certificate();
    let (base_url, mut versions) = server(chain, key).await;
    let client = Client::builder("test-key-123")
        .base_url(&base_url)
        .add_root_certificate(reqwest::Certificate::from_pem(pem.as_bytes()).expect("pem"))
        .build()
        .expect("client");
    let body = client
        .request(Method::GET, "/ping")
        .send()
        .await
        .expect("HTTPS call");
    assert_eq!(body, serde_json::json!({ "secure": true }));
    assert_eq!(versions.recv().await, Some(Some(ProtocolVersion::TLSv1_3)));
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused() {
    let (_pem, chain, key) = certificate();
    let (base_url, _versions) = server(chain, key).await;
    let client = Client::builder("test-key-123")
        .base_url(&base_url)
        .max_retries(0)
        .build()
        .expect("client");
    let err = client
        .request(Method::GET, "/ping")
        .send()
        .await
        .expect_err("a self-signed certificate nobody trusts");
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
}
