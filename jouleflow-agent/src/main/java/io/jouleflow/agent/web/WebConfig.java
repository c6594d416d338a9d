package io.jouleflow.agent.web;

import java.util.Map;
import java.util.Optional;

/**
 * The web config file (the exporter-toolkit format Prometheus users already write), parsed.
 *
 * @param tls {@code tls_server_config}; empty serves plain HTTP
 * @param users {@code basic_auth_users}: user name to bcrypt hash; empty asks for no password
 */
record WebConfig(Optional<TlsServerConfig> tls, Map<String, String> users) {

  /** No TLS, no auth: what the agent serves without a web config file. */
  static final WebConfig NONE = new WebConfig(Optional.empty(), Map.of());

  /** Freezes the users. */
  WebConfig {
    users = Map.copyOf(users);
  }
}
