package io.jouleflow.agent.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses merged text values into {@link Settings}, naming the first wrong one and its origin. */
final class SettingsParser {

  private static final Set<String> LOG_LEVELS = Set.of("error", "warn", "info", "debug", "trace");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");
  private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "content-encoding",
          "content-type",
          "content-length",
          "x-prometheus-remote-write-version",
          "user-agent",
          "host",
          "authorization",
          "connection",
          "transfer-encoding");

  private final Map<Setting, String> values;
  private final Map<Setting, String> origins;
  private final Map<String, String> extra;

  SettingsParser(
      Map<Setting, String> values, Map<Setting, String> origins, Map<String, String> extra) {
    this.values = values;
    this.origins = origins;
    this.extra = extra;
  }

  Settings parse() throws SettingsException {
    if (!text(Setting.NVML_INTERVAL_SECONDS).isEmpty()) {
      seconds(Setting.NVML_INTERVAL_SECONDS, "0.001", "3600");
    }
    return new Settings(
        (int) integer(Setting.EXPORTER_PORT, 0, 65535),
        nonEmpty(Setting.EXPORTER_ADDRESS),
        interval(),
        (int) integer(Setting.MAX_QUEUE_LEN, 1, 1 << 24),
        sensors(),
        directory(Setting.SYSFS_PATH).orElseThrow(),
        directory(Setting.PROCFS_PATH).orElseThrow(),
        optionalNumber(Setting.TDP_WATTS, 1, 5000),
        choice(Setting.EXPORT_MODE, Settings.ExportMode.class),
        push(),
        plugins(),
        oneOf(Setting.LOG_LEVEL, LOG_LEVELS),
        values);
  }

  private Duration interval() throws SettingsException {
    Duration interval = seconds(Setting.SCRAPE_INTERVAL_SECONDS, "0.001", "3600");
    if (!text(Setting.SCRAPE_INTERVAL_S).isEmpty()
        && !seconds(Setting.SCRAPE_INTERVAL_S, "0.001", "3600").equals(interval)) {
      if (origin(Setting.SCRAPE_INTERVAL_SECONDS).equals("default")) {
        return seconds(Setting.SCRAPE_INTERVAL_S, "0.001", "3600");
      }
      throw new SettingsException(
          "SCRAPE_INTERVAL_S (from "
              + origin(Setting.SCRAPE_INTERVAL_S)
              + ") is '"
              + text(Setting.SCRAPE_INTERVAL_S)
              + "' but SCRAPE_INTERVAL_SECONDS (from "
              + origin(Setting.SCRAPE_INTERVAL_SECONDS)
              + ") is '"
              + text(Setting.SCRAPE_INTERVAL_SECONDS)
              + "'; accepted: one of them, or both equal");
    }
    return interval;
  }

  private List<String> sensors() throws SettingsException {
    List<String> names =
        Arrays.stream(text(Setting.SENSORS).split(","))
            .map(name -> name.strip().toLowerCase(Locale.ROOT))
            .toList();
    if (names.isEmpty() || !names.stream().allMatch(name -> NAME.matcher(name).matches())) {
      throw invalid(Setting.SENSORS);
    }
    if (names.stream().distinct().count() != names.size()) {
      throw invalid(Setting.SENSORS);
    }
    return names;
  }

  private PushSettings push() throws SettingsException {
    Optional<String> username = optionalText(Setting.REMOTE_WRITE_USERNAME);
    Optional<Path> password = readableFile(Setting.REMOTE_WRITE_PASSWORD_FILE);
    Optional<Path> token = readableFile(Setting.REMOTE_WRITE_BEARER_TOKEN_FILE);
    requireTogether(Setting.REMOTE_WRITE_USERNAME, Setting.REMOTE_WRITE_PASSWORD_FILE);
    if (username.isPresent() && token.isPresent()) {
      throw contradiction(Setting.REMOTE_WRITE_USERNAME, Setting.REMOTE_WRITE_BEARER_TOKEN_FILE);
    }
    requireTogether(Setting.REMOTE_WRITE_CERT_FILE, Setting.REMOTE_WRITE_KEY_FILE);
    return new PushSettings(
        url(Setting.REMOTE_WRITE_URL),
        seconds(Setting.PUSH_INTERVAL_S, "0.1", "3600"),
        (int) integer(Setting.MAX_SAMPLES_PER_SEND, 1, 1_000_000),
        (int) integer(Setting.MAX_RETRY_BATCHES, 1, 100_000),
        seconds(Setting.REMOTE_WRITE_TIMEOUT_S, "0.1", "300"),
        username,
        password,
        token,
        headers(),
        readableFile(Setting.REMOTE_WRITE_CA_FILE),
        readableFile(Setting.REMOTE_WRITE_CERT_FILE),
        readableFile(Setting.REMOTE_WRITE_KEY_FILE),
        bool(Setting.REMOTE_WRITE_INSECURE_SKIP_VERIFY),
        seconds(Setting.SHUTDOWN_PUSH_TIMEOUT_S, "0", "60"));
  }

  private PluginSettings plugins() throws SettingsException {
    Map<String, List<String>> exec = new LinkedHashMap<>();
    if (!text(Setting.EXEC_COMMAND).isEmpty()) {
      exec.put("exec", command(Setting.EXEC_COMMAND.name(), text(Setting.EXEC_COMMAND)));
    }
    Map<String, String> own = new TreeMap<>();
    for (Map.Entry<String, String> entry : extra.entrySet()) {
      Matcher matcher = SettingsLoader.EXEC_KEY.matcher(entry.getKey());
      if (matcher.matches()) {
        String name = "exec-" + matcher.group(1).toLowerCase(Locale.ROOT).replace('_', '-');
        exec.put(name, command(entry.getKey(), entry.getValue()));
      } else {
        own.put(entry.getKey(), entry.getValue());
      }
    }
    String metric = nonEmpty(Setting.METRIC_DEFAULT);
    if (!METRIC.matcher(metric).matches()) {
      throw invalid(Setting.METRIC_DEFAULT);
    }
    return new PluginSettings(
        directory(Setting.PLUGINS_DIR),
        exec,
        (int) integer(Setting.RAW_QUEUE_SIZE, 1, 10_000_000),
        (int) integer(Setting.PROC_QUEUE_SIZE, 1, 10_000_000),
        (int) integer(Setting.MAX_RECORD_QUEUE_LEN, 1, 1 << 24),
        (int) integer(Setting.MAX_SERIES, 1, 1_000_000),
        nonEmpty(Setting.SERVICE_LABEL),
        metric,
        own);
  }

  private static List<String> command(String key, String line) throws SettingsException {
    try {
      List<String> words = SettingsLoader.words(line);
      if (!words.isEmpty()) {
        return words;
      }
    } catch (IllegalArgumentException e) {
      throw new SettingsException(
          key
              + " is '"
              + line
              + "' ("
              + e.getMessage()
              + "); accepted: "
              + Setting.EXEC_COMMAND.accepted());
    }
    throw new SettingsException(key + " is empty; accepted: " + Setting.EXEC_COMMAND.accepted());
  }

  private Map<String, String> headers() throws SettingsException {
    Map<String, String> headers = new LinkedHashMap<>();
    String text = text(Setting.REMOTE_WRITE_HEADERS);
    if (text.isEmpty()) {
      return headers;
    }
    for (String pair : text.split(",")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? "" : pair.substring(0, equals).strip();
      if (!HEADER.matcher(name).matches()
          || RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw invalid(
            Setting.REMOTE_WRITE_HEADERS,
            "; these are set by jouleflow: "
                + String.join(", ", new java.util.TreeSet<>(RESERVED_HEADERS)));
      }
      headers.put(name, pair.substring(equals + 1).strip());
    }
    return headers;
  }

  private String text(Setting setting) {
    return values.getOrDefault(setting, "");
  }

  private String origin(Setting setting) {
    return origins.getOrDefault(setting, "default");
  }

  private SettingsException invalid(Setting setting) {
    return invalid(setting, "");
  }

  private SettingsException invalid(Setting setting, String more) {
    return new SettingsException(
        setting.name()
            + " (from "
            + origin(setting)
            + ") is '"
            + text(setting)
            + "'; accepted: "
            + setting.accepted()
            + more);
  }

  private SettingsException contradiction(Setting one, Setting other) {
    return new SettingsException(
        one.name()
            + " (from "
            + origin(one)
            + ") and "
            + other.name()
            + " (from "
            + origin(other)
            + ") contradict each other; accepted: one of them");
  }

  private void requireTogether(Setting one, Setting other) throws SettingsException {
    if (text(one).isEmpty() != text(other).isEmpty()) {
      Setting set = text(one).isEmpty() ? other : one;
      Setting missing = set == one ? other : one;
      throw new SettingsException(
          set.name()
              + " (from "
              + origin(set)
              + ") needs "
              + missing.name()
              + "; accepted: both or neither");
    }
  }

  private long integer(Setting setting, long min, long max) throws SettingsException {
    try {
      long value = Long.parseLong(text(setting));
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(setting);
  }

  private String nonEmpty(Setting setting) throws SettingsException {
    if (text(setting).isEmpty()) {
      throw invalid(setting);
    }
    return text(setting);
  }

  private Optional<String> optionalText(Setting setting) {
    return text(setting).isEmpty() ? Optional.empty() : Optional.of(text(setting));
  }

  private boolean bool(Setting setting) throws SettingsException {
    return switch (text(setting).toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(setting);
    };
  }

  private Duration seconds(Setting setting, String min, String max) throws SettingsException {
    try {
      BigDecimal value = new BigDecimal(text(setting));
      if (value.compareTo(new BigDecimal(min)) >= 0 && value.compareTo(new BigDecimal(max)) <= 0) {
        return Duration.ofNanos(value.movePointRight(9).longValue());
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(setting);
  }

  private URI url(Setting setting) throws SettingsException {
    try {
      URI uri = new URI(text(setting));
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw invalid(setting);
  }

  private <E extends Enum<E>> E choice(Setting setting, Class<E> type) throws SettingsException {
    try {
      return Enum.valueOf(type, text(setting).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid(setting);
    }
  }

  private String oneOf(Setting setting, Set<String> accepted) throws SettingsException {
    String value = text(setting).toLowerCase(Locale.ROOT);
    if (!accepted.contains(value)) {
      throw invalid(setting);
    }
    return value;
  }

  private Optional<Path> directory(Setting setting) throws SettingsException {
    if (text(setting).isEmpty() && setting.defaultValue().isEmpty()) {
      return Optional.empty();
    }
    Path path = Path.of(nonEmpty(setting));
    if (!Files.isDirectory(path)) {
      throw new SettingsException(
          setting.name()
              + " (from "
              + origin(setting)
              + ") is '"
              + text(setting)
              + "', which is not a directory; accepted: "
              + setting.accepted());
    }
    return Optional.of(path);
  }

  private Optional<Path> readableFile(Setting setting) throws SettingsException {
    if (text(setting).isEmpty()) {
      return Optional.empty();
    }
    Path path = Path.of(text(setting));
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new SettingsException(
          setting.name()
              + " (from "
              + origin(setting)
              + ") is '"
              + text(setting)
              + "', which is not a readable file; accepted: "
              + setting.accepted());
    }
    return Optional.of(path);
  }

  private OptionalDouble optionalNumber(Setting setting, double min, double max)
      throws SettingsException {
    if (text(setting).isEmpty()) {
      return OptionalDouble.empty();
    }
    try {
      double value = Double.parseDouble(text(setting));
      if (value >= min && value <= max) {
        return OptionalDouble.of(value);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(setting);
  }
}
