package io.jouleflow.agent.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The merged text of every setting and where each came from, read as typed values. Every reader
 * fails with the one line a user sees, {@code NAME (from ORIGIN) is 'VALUE'; accepted: ...}, so the
 * sections that assemble {@link Settings} never word an error about a single value themselves.
 */
final class Values {

  private static final Pattern SIZE = Pattern.compile("([0-9]{1,19})\\s*((?:[KMGT]iB)?)");

  private final Map<Setting, String> texts;
  private final Map<Setting, String> origins;

  Values(Map<Setting, String> texts, Map<Setting, String> origins) {
    this.texts = Map.copyOf(texts);
    this.origins = Map.copyOf(origins);
  }

  /** Every setting's text, for plugins' and sensors' read-only views. */
  Map<Setting, String> texts() {
    return texts;
  }

  String text(Setting setting) {
    return texts.getOrDefault(setting, "");
  }

  /** Where the value came from: {@code default}, {@code file <path>}, {@code environment}... */
  String origin(Setting setting) {
    return origins.getOrDefault(setting, "default");
  }

  SettingsException invalid(Setting setting) {
    return SettingsException.invalid(setting, text(setting), origin(setting));
  }

  /** As {@link #invalid(Setting)}, with {@code more} after what is accepted. */
  SettingsException invalid(Setting setting, String more) {
    return SettingsException.invalid(setting, text(setting), origin(setting), more);
  }

  Optional<String> optional(Setting setting) {
    return text(setting).isEmpty() ? Optional.empty() : Optional.of(text(setting));
  }

  String nonEmpty(Setting setting) throws SettingsException {
    if (text(setting).isEmpty()) {
      throw invalid(setting);
    }
    return text(setting);
  }

  /** A non-empty value that {@code pattern} matches whole. */
  String matching(Setting setting, Pattern pattern) throws SettingsException {
    if (!pattern.matcher(nonEmpty(setting)).matches()) {
      throw invalid(setting);
    }
    return text(setting);
  }

  int integer(Setting setting, int min, int max) throws SettingsException {
    try {
      long value = Long.parseLong(text(setting));
      if (value >= min && value <= max) {
        return (int) value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(setting);
  }

  /** Decimal seconds in {@code min..max}, kept to the nanosecond. */
  Duration seconds(Setting setting, String min, String max) throws SettingsException {
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

  boolean bool(Setting setting) throws SettingsException {
    return switch (text(setting).toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(setting);
    };
  }

  /** The constant of {@code type} named by the value, in any case. */
  <E extends Enum<E>> E choice(Setting setting, Class<E> type) throws SettingsException {
    try {
      return Enum.valueOf(type, text(setting).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid(setting);
    }
  }

  /** One of {@code accepted}, in lower case. */
  String oneOf(Setting setting, Set<String> accepted) throws SettingsException {
    String value = text(setting).toLowerCase(Locale.ROOT);
    if (!accepted.contains(value)) {
      throw invalid(setting);
    }
    return value;
  }

  /**
   * An http or https URL with a host, a port in 1..65535 if any, and no fragment; an error shows it
   * without its secrets (see {@link RedactedUrl}).
   */
  URI url(Setting setting) throws SettingsException {
    URI uri;
    try {
      uri = new URI(text(setting));
    } catch (URISyntaxException e) {
      throw invalidUrl(setting, "not a URL (" + e.getReason() + " at index " + e.getIndex() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw invalidUrl(setting, "the scheme is not http or https");
    }
    if (uri.getHost() == null) {
      throw invalidUrl(setting, "no host name (or not host:port)");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw invalidUrl(setting, "port " + uri.getPort() + " is not in 1..65535");
    }
    if (uri.getRawFragment() != null) {
      throw invalidUrl(setting, "a fragment (#...) is never sent");
    }
    return uri;
  }

  /** A size in bytes in {@code min..max}: bytes, or a whole number with KiB, MiB, GiB or TiB. */
  long bytes(Setting setting, long min, long max) throws SettingsException {
    Matcher matcher = SIZE.matcher(text(setting).strip());
    if (matcher.matches()) {
      String unit = matcher.group(2);
      int shift = unit.isEmpty() ? 0 : 10 * (1 + "KMGT".indexOf(unit.charAt(0)));
      try {
        long number = Long.parseLong(matcher.group(1));
        if (number <= max >> shift && number << shift >= min) {
          return number << shift;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw invalid(setting);
  }

  /** An existing directory; empty only where the setting has no default. */
  Optional<Path> directory(Setting setting) throws SettingsException {
    if (text(setting).isEmpty() && setting.defaultValue().isEmpty()) {
      return Optional.empty();
    }
    Path path = Path.of(nonEmpty(setting));
    if (!Files.isDirectory(path)) {
      throw notA(setting, "directory");
    }
    return Optional.of(path);
  }

  /** A regular file this process can read, or empty. */
  Optional<Path> readableFile(Setting setting) throws SettingsException {
    if (text(setting).isEmpty()) {
      return Optional.empty();
    }
    Path path = Path.of(text(setting));
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw notA(setting, "readable file");
    }
    return Optional.of(path);
  }

  private SettingsException invalidUrl(Setting setting, String why) {
    return SettingsException.invalid(
        setting, RedactedUrl.of(text(setting)), origin(setting), "; here " + why);
  }

  private SettingsException notA(Setting setting, String what) {
    return new SettingsException(
        setting.name()
            + " (from "
            + origin(setting)
            + ") is '"
            + SettingsException.printable(text(setting))
            + "', which is not a "
            + what
            + "; accepted: "
            + setting.accepted());
  }
}
