package io.jouleflow.agent.web;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code tls_server_config} of the web config file.
 *
 * @param certFile the server's certificate chain (PEM)
 * @param keyFile its private key (PEM, PKCS#8)
 * @param clientCaFile the CA certificates client certificates are verified against
 * @param clientAuth whether a client certificate is asked for, required and verified
 * @param protocols the TLS versions accepted, from {@code min_version} (TLS 1.2 at least) to {@code
 *     max_version}
 */
record TlsServerConfig(
    Path certFile,
    Path keyFile,
    Optional<Path> clientCaFile,
    ClientAuth clientAuth,
    List<String> protocols) {

  /** Freezes the protocols. */
  TlsServerConfig {
    protocols = List.copyOf(protocols);
  }
}
