package io.jouleflow.agent.plugin;

import io.jouleflow.api.CollectorProvider;
import io.jouleflow.api.SensorProvider;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers {@link ServiceLoader} finds through one class loader, by name (lower-cased, as
 * {@code SENSORS} writes them).
 *
 * @param sensors the scheduled sensors' providers
 * @param collectors the free-running plugins' providers
 */
record Providers(Map<String, SensorProvider> sensors, Map<String, CollectorProvider> collectors) {

  private static final Logger log = LoggerFactory.getLogger(Providers.class);
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");
  private static final int MAX_FAILURES = 100;

  /**
   * Finds every provider through {@code loader}. One that cannot be loaded or names itself badly is
   * logged and added to {@code problems}.
   *
   * @throws PluginException if two providers share a name
   */
  static Providers find(ClassLoader loader, List<String> problems) throws PluginException {
    Map<String, Object> byName = new HashMap<>();
    Map<String, SensorProvider> sensors =
        find(SensorProvider.class, SensorProvider::name, loader, byName, problems);
    Map<String, CollectorProvider> collectors =
        find(CollectorProvider.class, CollectorProvider::name, loader, byName, problems);
    return new Providers(sensors, collectors);
  }

  /** The keys a collector's provider declares, upper-cased; none if it fails to say. */
  static Set<String> settingKeys(CollectorProvider provider) {
    return settingKeys(provider.name(), provider::settingKeys);
  }

  /** The keys a sensor's provider declares, upper-cased; none if it fails to say. */
  static Set<String> settingKeys(SensorProvider provider) {
    return settingKeys(provider.name(), provider::settingKeys);
  }

  private static Set<String> settingKeys(String name, Supplier<Set<String>> declared) {
    try {
      return declared.get().stream()
          .map(key -> key.toUpperCase(Locale.ROOT))
          .collect(Collectors.toUnmodifiableSet());
    } catch (RuntimeException | LinkageError e) {
      log.warn("plugin '{}' failed to list its settings; it gets none", name, e);
      return Set.of();
    }
  }

  private static <P> Map<String, P> find(
      Class<P> type,
      Function<P, String> naming,
      ClassLoader loader,
      Map<String, Object> byName,
      List<String> problems)
      throws PluginException {
    Map<String, P> found = new TreeMap<>();
    Iterator<P> providers = ServiceLoader.load(type, loader).iterator();
    int failures = 0;
    while (failures < MAX_FAILURES) {
      try {
        if (!providers.hasNext()) {
          break;
        }
        P provider = providers.next();
        String name = naming.apply(provider).toLowerCase(Locale.ROOT);
        if (!NAME.matcher(name).matches()) {
          problem(problems, provider.getClass().getName() + " has an invalid name '" + name + "'");
          continue;
        }
        Object other = byName.putIfAbsent(name, provider);
        if (other != null) {
          throw duplicate(name, other, provider, loader);
        }
        found.put(name, provider);
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        failures++;
        problem(problems, type.getSimpleName() + " " + OneLine.of(e.getMessage()));
      }
    }
    return found;
  }

  private static PluginException duplicate(
      String name, Object first, Object second, ClassLoader loader) {
    return new PluginException(
        "two plugins are named '"
            + name
            + "': "
            + first.getClass().getName()
            + " ("
            + PluginJars.origin(first, loader)
            + ") and "
            + second.getClass().getName()
            + " ("
            + PluginJars.origin(second, loader)
            + "); remove one from PLUGINS_DIR");
  }

  private static void problem(List<String> problems, String problem) {
    log.warn("plugin skipped: {}", problem);
    problems.add(problem);
  }
}
