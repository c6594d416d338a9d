package io.jouleflow.agent.attribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's online CPUs, from {@code SYSFS_PATH/devices/system/cpu/online} ({@code 0-3,8-11}).
 * Only where that file cannot be read does it fall back to the JVM's count, which inside a
 * container limited in CPU counts the limit, not the machine.
 */
public final class OnlineCpus {

  private static final String ONLINE = "devices/system/cpu/online";

  private OnlineCpus() {}

  /** The online CPUs of the machine whose sysfs is at {@code sysfs}. */
  public static int count(Path sysfs) {
    try {
      int parsed = parse(Files.readString(sysfs.resolve(ONLINE), StandardCharsets.US_ASCII));
      if (parsed > 0) {
        return parsed;
      }
    } catch (IOException e) {
      // Falls back below.
    }
    return Runtime.getRuntime().availableProcessors();
  }

  /** How many CPUs a list like {@code 0-3,8-11} names; 0 when it is not such a list. */
  static int parse(String list) {
    String trimmed = list.strip();
    if (trimmed.isEmpty()) {
      return 0;
    }
    int count = 0;
    for (String range : trimmed.split(",", -1)) {
      int cpus = rangeSize(range.strip());
      if (cpus <= 0) {
        return 0;
      }
      count += cpus;
    }
    return count;
  }

  private static int rangeSize(String range) {
    try {
      int dash = range.indexOf('-');
      if (dash < 0) {
        return Integer.parseInt(range) >= 0 ? 1 : 0;
      }
      int first = Integer.parseInt(range.substring(0, dash));
      int last = Integer.parseInt(range.substring(dash + 1));
      return first >= 0 && last >= first ? last - first + 1 : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
