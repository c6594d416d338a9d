package io.jouleflow.agent.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a web config file: {@code tls_server_config} and {@code basic_auth_users}; an unknown key,
 * a TLS version below 1.2 or a password that is not a bcrypt hash is an error. Relative file names
 * are resolved against the config file's folder, as the exporter toolkit does.
 */
final class WebConfigParser {

  private static final Set<String> TOP = Set.of("tls_server_config", "basic_auth_users");
  private static final Set<String> TLS =
      Set.of(
          "cert_file",
          "key_file",
          "client_ca_file",
          "client_auth_type",
          "min_version",
          "max_version");
  private static final List<String> VERSIONS = List.of("TLS12", "TLS13");
  private static final Pattern BCRYPT =
      Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");
  private static final int MAX_FILE_BYTES = 1 << 20;

  private final Path file;

  private WebConfigParser(Path file) {
    this.file = file;
  }

  /** Parses {@code file}. */
  static WebConfig parse(Path file) throws WebConfigException {
    return new WebConfigParser(file).parse();
  }

  private WebConfig parse() throws WebConfigException {
    Map<String, @Nullable Object> top = mapping(load(), "the file");
    for (String key : top.keySet()) {
      if (!TOP.contains(key)) {
        throw error("unknown key '" + key + "'; accepted: " + String.join(", ", sorted(TOP)));
      }
    }
    Optional<TlsServerConfig> tls =
        top.get("tls_server_config") == null
            ? Optional.empty()
            : Optional.of(tls(mapping(top.get("tls_server_config"), "tls_server_config")));
    return new WebConfig(tls, users(top.get("basic_auth_users")));
  }

  private @Nullable Object load() throws WebConfigException {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw error("is larger than 1 MiB");
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      LoadSettings settings =
          LoadSettings.builder()
              .setAllowDuplicateKeys(false)
              .setMaxAliasesForCollections(0)
              .setLabel(file.toString())
              .build();
      return new Load(settings).loadFromString(text);
    } catch (IOException e) {
      throw error("cannot be read (" + e.getClass().getSimpleName() + ")");
    } catch (YamlEngineException e) {
      String message = String.valueOf(e.getMessage()).strip().replaceAll("\\s+", " ");
      throw error("is not valid YAML (" + message + ")");
    }
  }

  private TlsServerConfig tls(Map<String, @Nullable Object> tls) throws WebConfigException {
    for (String key : tls.keySet()) {
      if (!TLS.contains(key)) {
        throw error(
            "unknown key 'tls_server_config."
                + key
                + "'; accepted: "
                + String.join(", ", sorted(TLS)));
      }
    }
    Path cert = path(tls, "cert_file").orElseThrow(() -> missing("cert_file"));
    Path key = path(tls, "key_file").orElseThrow(() -> missing("key_file"));
    Optional<Path> clientCa = path(tls, "client_ca_file");
    String authName = text(tls, "client_auth_type");
    ClientAuth auth;
    if (authName.isEmpty()) {
      auth =
          clientCa.isPresent()
              ? ClientAuth.REQUIRE_AND_VERIFY_CLIENT_CERT
              : ClientAuth.NO_CLIENT_CERT;
    } else {
      auth =
          ClientAuth.named(authName)
              .orElseThrow(
                  () ->
                      error(
                          "tls_server_config.client_auth_type is '"
                              + authName
                              + "'; accepted: "
                              + ClientAuth.names()));
    }
    if (auth == ClientAuth.NO_CLIENT_CERT && clientCa.isPresent()) {
      // As exporter-toolkit: a CA that would never be used is a mistake, not a choice.
      throw error(
          "tls_server_config.client_ca_file is set but client_auth_type is NoClientCert; set"
              + " client_auth_type (e.g. RequireAndVerifyClientCert) or remove client_ca_file");
    }
    if (auth.verifies && clientCa.isEmpty()) {
      throw error("tls_server_config.client_auth_type " + authName + " needs client_ca_file");
    }
    return new TlsServerConfig(cert, key, clientCa, auth, protocols(tls));
  }

  private List<String> protocols(Map<String, @Nullable Object> tls) throws WebConfigException {
    int min = version(tls, "min_version", "TLS12");
    int max = version(tls, "max_version", "TLS13");
    if (max < min) {
      throw error("tls_server_config.max_version is below min_version");
    }
    return List.of("TLSv1.2", "TLSv1.3").subList(min, max + 1);
  }

  private int version(Map<String, @Nullable Object> tls, String key, String otherwise)
      throws WebConfigException {
    String value = text(tls, key);
    int index = VERSIONS.indexOf(value.isEmpty() ? otherwise : value);
    if (index < 0) {
      throw error(
          "tls_server_config."
              + key
              + " is '"
              + value
              + "'; accepted: TLS12 or TLS13 (nothing below TLS 1.2)");
    }
    return index;
  }

  private Map<String, String> users(@Nullable Object node) throws WebConfigException {
    Map<String, String> users = new LinkedHashMap<>();
    if (node == null) {
      return users;
    }
    for (Map.Entry<String, Object> entry : mapping(node, "basic_auth_users").entrySet()) {
      if (!(entry.getValue() instanceof String hash) || !BCRYPT.matcher(hash).matches()) {
        throw error(
            "basic_auth_users."
                + entry.getKey()
                + " is not a bcrypt hash ($2y$, $2a$ or $2b$, cost 04..31, e.g. from"
                + " 'htpasswd -nBC 10 USER')");
      }
      users.put(entry.getKey(), hash);
    }
    return users;
  }

  private Optional<Path> path(Map<String, @Nullable Object> tls, String key)
      throws WebConfigException {
    String value = text(tls, key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    Path folder = file.toAbsolutePath().getParent();
    return Optional.of(folder == null ? Path.of(value) : folder.resolve(value));
  }

  private String text(Map<String, @Nullable Object> map, String key) throws WebConfigException {
    Object value = map.get(key);
    if (value == null) {
      return "";
    }
    if (!(value instanceof String text)) {
      throw error("tls_server_config." + key + " is not a string");
    }
    return text.strip();
  }

  private Map<String, @Nullable Object> mapping(@Nullable Object node, String what)
      throws WebConfigException {
    if (node == null) {
      return Map.of();
    }
    if (!(node instanceof Map<?, ?> map)) {
      throw error(what + " is not a mapping of keys to values");
    }
    Map<String, @Nullable Object> result = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        throw error(what + " has a key that is not a string: " + entry.getKey());
      }
      result.put(key, entry.getValue());
    }
    return result;
  }

  private WebConfigException missing(String key) {
    return error("tls_server_config." + key + " is missing");
  }

  private WebConfigException error(String problem) {
    return new WebConfigException("WEB_CONFIG_FILE " + file + ": " + problem);
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }
}
