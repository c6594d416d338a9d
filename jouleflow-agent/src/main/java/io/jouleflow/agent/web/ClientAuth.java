package io.jouleflow.agent.web;

import java.util.Arrays;
import java.util.Optional;

/** {@code client_auth_type}: whether a client certificate is asked for, required and verified. */
enum ClientAuth {
  NO_CLIENT_CERT("NoClientCert", false, false, false),
  REQUEST_CLIENT_CERT("RequestClientCert", true, false, false),
  REQUIRE_ANY_CLIENT_CERT("RequireAnyClientCert", true, true, false),
  VERIFY_CLIENT_CERT_IF_GIVEN("VerifyClientCertIfGiven", true, false, true),
  REQUIRE_AND_VERIFY_CLIENT_CERT("RequireAndVerifyClientCert", true, true, true);

  final String yamlName;
  final boolean asks;
  final boolean requires;
  final boolean verifies;

  ClientAuth(String yamlName, boolean asks, boolean requires, boolean verifies) {
    this.yamlName = yamlName;
    this.asks = asks;
    this.requires = requires;
    this.verifies = verifies;
  }

  static Optional<ClientAuth> named(String name) {
    if (name.equals("RequireClientCert")) {
      return Optional.of(REQUIRE_ANY_CLIENT_CERT); // exporter-toolkit's older name for it
    }
    return Arrays.stream(values()).filter(auth -> auth.yamlName.equals(name)).findFirst();
  }

  static String names() {
    return String.join(", ", Arrays.stream(values()).map(auth -> auth.yamlName).toList());
  }
}
