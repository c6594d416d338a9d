package io.jouleflow.agent.plugin;

import io.jouleflow.agent.config.Settings;
import io.jouleflow.api.Collector;
import io.jouleflow.api.CollectorProvider;
import io.jouleflow.api.PluginContext;
import io.jouleflow.api.SensorProvider;
import io.jouleflow.api.UnavailableException;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the installed plugins: {@link SensorProvider}s (scheduled sensors) and {@link
 * CollectorProvider}s (free-running collectors) registered for {@link java.util.ServiceLoader} on
 * the class path and in every jar of {@code PLUGINS_DIR}. Finding a provider opens nothing; {@link
 * #views} checks the plugins' own settings and {@link #openCollectors} opens the collectors the
 * settings name. Close it after the plugins it opened are closed: that closes the jars.
 */
public final class PluginLoader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PluginLoader.class);

  private final ClassLoader loader;
  private final @Nullable URLClassLoader jars;
  private final Map<String, SensorProvider> sensors;
  private final Map<String, CollectorProvider> collectors;
  private final List<String> problems;

  private PluginLoader(
      ClassLoader loader, @Nullable URLClassLoader jars, Providers found, List<String> problems) {
    this.loader = loader;
    this.jars = jars;
    this.sensors = Collections.unmodifiableMap(found.sensors());
    this.collectors = Collections.unmodifiableMap(found.collectors());
    this.problems = List.copyOf(problems);
  }

  /**
   * Finds the providers on the class path and, when {@code pluginsDir} is given, in its jars. A jar
   * or provider that cannot be loaded is logged and skipped (it shows in the error if {@code
   * SENSORS} names a plugin that is then missing).
   *
   * @throws PluginException if the folder cannot be listed, or two providers share a name
   */
  public static PluginLoader load(Optional<Path> pluginsDir) throws PluginException {
    ClassLoader parent = PluginLoader.class.getClassLoader();
    List<String> problems = new ArrayList<>();
    URLClassLoader jars = null;
    if (pluginsDir.isPresent()) {
      jars = PluginJars.open(pluginsDir.get(), parent, problems);
    }
    ClassLoader loader = jars != null ? jars : parent;
    try {
      return new PluginLoader(loader, jars, Providers.find(loader, problems), problems);
    } catch (PluginException e) {
      closeQuietly(jars);
      throw e;
    }
  }

  /**
   * The class loader plugins come from: the agent's own, or one over the jars of {@code
   * PLUGINS_DIR} with the agent's as parent.
   */
  public ClassLoader classLoader() {
    return loader;
  }

  /**
   * Every installed scheduled sensor by its name, lower-cased (the built-in {@code rapl} and {@code
   * model} and those of plugin jars), for the sensor chooser.
   */
  public Map<String, SensorProvider> sensorProviders() {
    return sensors;
  }

  /** Every installed free-running plugin by its name, lower-cased. */
  public Map<String, CollectorProvider> collectorProviders() {
    return collectors;
  }

  /** Every installed plugin's name, scheduled or free-running, sorted. */
  public Set<String> installed() {
    Set<String> all = new TreeSet<>(sensors.keySet());
    all.addAll(collectors.keySet());
    return Collections.unmodifiableSet(all);
  }

  /** One line per jar or provider that could not be loaded. */
  public List<String> problems() {
    return problems;
  }

  /**
   * Checks every {@code PLUGIN_<NAME>_<KEY>} setting against the keys the installed sensors and
   * collectors declare, and gives each plugin its view of the settings. Call it even when no plugin
   * is named: the check of the plugin settings is a start-up check of its own.
   *
   * @throws PluginException naming the first plugin setting no installed plugin declares, and what
   *     is accepted
   */
  public PluginViews views(Settings settings) throws PluginException {
    for (String name : settings.sensors()) {
      String prefix = OwnSettings.prefix(name);
      boolean configured =
          settings.plugins().own().keySet().stream().anyMatch(k -> k.startsWith(prefix));
      if (configured && !sensors.containsKey(name) && !collectors.containsKey(name)) {
        // The plugin the settings are for is missing: say that, not that its settings are unknown.
        throw new PluginException(missing(name));
      }
    }
    return new PluginViews(settings, OwnSettings.sort(settings.plugins().own(), declaredKeys()));
  }

  /**
   * Checks that every one of {@code names} (the names of {@code SENSORS} that are no scheduled
   * sensor) is installed, then opens those free-running plugins, each with its view from {@code
   * views}: a read-only view of the settings and of its own settings only.
   *
   * @throws PluginException naming the cause: a name nothing provides (listing what is installed),
   *     or a plugin that cannot run here; the plugins opened before are closed again
   */
  public List<CollectorPlugin> openCollectors(PluginViews views, Collection<String> names)
      throws PluginException {
    for (String name : names) {
      if (!collectors.containsKey(name)) {
        throw new PluginException(missing(name));
      }
    }
    List<CollectorPlugin> opened = new ArrayList<>();
    try {
      for (String name : names) {
        opened.add(open(name, views.of(name)));
      }
    } catch (PluginException e) {
      opened.forEach(plugin -> plugin.collector().close());
      throw e;
    }
    return opened;
  }

  /** Closes the plugin jars; plugins that are still running may then fail to load classes. */
  @Override
  public void close() {
    closeQuietly(jars);
  }

  private CollectorPlugin open(String name, PluginContext context) throws PluginException {
    CollectorProvider provider = collectors.get(name);
    if (provider == null) {
      throw new PluginException(missing(name));
    }
    Collector collector = null;
    try {
      collector = provider.open(context);
      String description = OneLine.of(provider.description());
      return new CollectorPlugin(name, description, collector, provider.processor(context));
    } catch (UnavailableException e) {
      throw new PluginException("SENSORS=" + name + " cannot run: " + OneLine.of(e.getMessage()));
    } catch (RuntimeException | LinkageError e) {
      if (collector != null) {
        collector.close();
      }
      log.debug("plugin '{}' failed to open", name, e);
      throw new PluginException(
          "SENSORS="
              + name
              + " cannot run: plugin "
              + provider.getClass().getName()
              + " ("
              + PluginJars.origin(provider, loader)
              + ") failed to open: "
              + OneLine.of(e.toString()));
    }
  }

  private String missing(String name) {
    String message =
        "SENSORS names '"
            + name
            + "', but no such sensor or plugin is installed; installed: "
            + installed();
    if (jars == null) {
      message += " (PLUGINS_DIR is not set)";
    }
    if (!problems.isEmpty()) {
      message += "; could not load: " + String.join("; ", problems);
    }
    return message;
  }

  private Map<String, Set<String>> declaredKeys() {
    Map<String, Set<String>> declared = new HashMap<>();
    sensors.forEach((name, provider) -> declared.put(name, Providers.settingKeys(provider)));
    collectors.forEach((name, provider) -> declared.put(name, Providers.settingKeys(provider)));
    return declared;
  }

  private static void closeQuietly(@Nullable URLClassLoader jars) {
    if (jars == null) {
      return;
    }
    try {
      jars.close();
    } catch (IOException e) {
      log.debug("closing the plugin jars failed", e);
    }
  }
}
