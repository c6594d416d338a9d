package io.jouleflow.agent.sensor.rapl;

import io.jouleflow.api.UnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the RAPL zones under {@code class/powercap}: both its flat listing (symlinks to every zone
 * and subzone) and the nested layout ({@code intel-rapl:0/intel-rapl:0:0}), each zone counted once
 * by its real path, and an {@code intel-rapl-mmio} zone only where no other zone gives its series.
 */
final class RaplZoneFinder {

  private static final Logger log = LoggerFactory.getLogger(RaplZoneFinder.class);
  private static final String ZONE_PREFIX = "intel-rapl";
  private static final String MMIO_PREFIX = "intel-rapl-mmio";
  private static final int MAX_DEPTH = 3;
  private static final Pattern PACKAGE_NAME = Pattern.compile("package-(\\d+(?:-die-\\d+)?)");
  private static final Pattern SUBZONE_DIRECTORY =
      Pattern.compile("intel-rapl(?:-mmio)?:(\\d+):\\d+");

  private final Path powercap;

  RaplZoneFinder(Path powercap) {
    this.powercap = powercap;
  }

  /** The zones to read, in series order, at least one. */
  List<RaplZone> find() throws UnavailableException {
    if (!Files.isDirectory(powercap)) {
      throw new UnavailableException(
          "no powercap directory "
              + powercap
              + ": this machine exposes no RAPL energy counters (VM, unsupported CPU, or a"
              + " container that hides /sys/devices/virtual/powercap)");
    }
    List<RaplZone> zones = withoutDuplicates(describe(zoneDirectories()));
    if (zones.isEmpty()) {
      throw new UnavailableException(
          "no RAPL zones under "
              + powercap
              + ": this machine exposes no powercap energy counters (VM or unsupported CPU)");
    }
    return zones;
  }

  private Set<Path> zoneDirectories() throws UnavailableException {
    Set<Path> zones = new TreeSet<>();
    try {
      collect(powercap, 0, zones, new HashSet<>());
    } catch (IOException e) {
      throw new UnavailableException("cannot list " + powercap + ": " + e, e);
    }
    return zones;
  }

  private static void collect(Path directory, int depth, Set<Path> zones, Set<Path> visited)
      throws IOException {
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(directory, RaplZoneFinder::isZone)) {
      for (Path entry : entries) {
        Path real = entry.toRealPath();
        if (!Files.isDirectory(real) || !visited.add(real)) {
          continue;
        }
        if (Files.isRegularFile(real.resolve("energy_uj"))) {
          zones.add(real);
        }
        if (depth + 1 < MAX_DEPTH) {
          collect(real, depth + 1, zones, visited);
        }
      }
    }
  }

  private static boolean isZone(Path entry) {
    return fileName(entry).startsWith(ZONE_PREFIX);
  }

  private static List<RaplZone> describe(Set<Path> directories) {
    List<RaplZone> zones = new ArrayList<>();
    for (Path directory : directories) {
      describe(directory).ifPresent(zones::add);
    }
    return zones;
  }

  private static Optional<RaplZone> describe(Path directory) {
    Optional<String> name = readName(directory);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    boolean mmio = fileName(directory).startsWith(MMIO_PREFIX);
    Matcher packageName = PACKAGE_NAME.matcher(name.get());
    if (packageName.matches()) {
      return Optional.of(new RaplZone(directory, RaplDomain.PACKAGE, packageName.group(1), mmio));
    }
    if (name.get().equals("psys")) {
      return Optional.of(new RaplZone(directory, RaplDomain.PSYS, "0", mmio));
    }
    Optional<RaplDomain> domain = RaplDomain.subzone(name.get());
    Optional<String> device = domain.isPresent() ? packageOf(directory) : Optional.empty();
    if (domain.isEmpty() || device.isEmpty()) {
      log.debug("skipping powercap zone {}: unknown name '{}'", directory, name.get());
      return Optional.empty();
    }
    return Optional.of(new RaplZone(directory, domain.get(), device.get(), mmio));
  }

  /** The device of the package zone a subzone sits in, else the index in its directory name. */
  private static Optional<String> packageOf(Path subzone) {
    Path parent = subzone.getParent();
    Optional<String> parentName = parent == null ? Optional.empty() : readName(parent);
    Matcher packageName = PACKAGE_NAME.matcher(parentName.orElse(""));
    if (packageName.matches()) {
      return Optional.of(packageName.group(1));
    }
    Matcher directoryName = SUBZONE_DIRECTORY.matcher(fileName(subzone));
    return directoryName.matches() ? Optional.of(directoryName.group(1)) : Optional.empty();
  }

  private static Optional<String> readName(Path directory) {
    try {
      return Optional.of(
          Files.readString(directory.resolve("name"), StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      log.debug("skipping powercap zone {}: cannot read its name", directory, e);
      return Optional.empty();
    }
  }

  /** Keeps one zone per series, preferring a zone read through MSR over its MMIO twin. */
  private static List<RaplZone> withoutDuplicates(List<RaplZone> zones) {
    List<RaplZone> candidates = new ArrayList<>(zones);
    candidates.sort(Comparator.comparing(RaplZone::mmio).thenComparing(RaplZone::directory));
    List<RaplZone> kept = new ArrayList<>();
    for (RaplZone zone : candidates) {
      if (kept.stream().anyMatch(zone::sameSeries)) {
        log.debug(
            "skipping powercap zone {}: another zone reports {}", zone.directory(), zone.series());
      } else {
        kept.add(zone);
      }
    }
    kept.sort(RaplZone.SERIES_ORDER);
    return kept;
  }

  private static String fileName(Path path) {
    return String.valueOf(path.getFileName());
  }
}
