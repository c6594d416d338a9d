package io.jouleflow.agent.plugin;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class loader of the jars in {@code PLUGINS_DIR}: one {@link URLClassLoader} over every
 * readable {@code *.jar}, with the agent's class loader as parent (so the api, and the agent's own
 * providers, come from there). A jar that cannot be read is skipped, logged and kept as a problem.
 */
final class PluginJars {

  private static final Logger log = LoggerFactory.getLogger(PluginJars.class);

  private PluginJars() {}

  /**
   * A class loader over the readable jars of {@code dir}, sorted by name.
   *
   * @param problems receives one line per unreadable jar
   * @throws PluginException if the folder cannot be listed
   */
  static URLClassLoader open(Path dir, ClassLoader parent, List<String> problems)
      throws PluginException {
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars(dir)) {
      try {
        new JarFile(jar.toFile()).close();
        urls.add(jar.toUri().toURL());
      } catch (IOException | SecurityException e) {
        String problem = "jar " + jar + " cannot be read (" + e.getMessage() + ")";
        log.warn("PLUGINS_DIR: {}; skipped", problem);
        problems.add(problem);
      }
    }
    return new URLClassLoader("jouleflow-plugins", urls.toArray(new URL[0]), parent);
  }

  private static List<Path> jars(Path dir) throws PluginException {
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir, "*.jar")) {
      for (Path jar : listing) {
        if (Files.isRegularFile(jar)) {
          jars.add(jar);
        }
      }
    } catch (IOException | SecurityException e) {
      throw new PluginException(
          "PLUGINS_DIR '"
              + dir
              + "' cannot be listed ("
              + e.getMessage()
              + "); accepted: a directory");
    }
    jars.sort(null);
    return jars;
  }

  /** Where a provider's class came from: its jar's file name, or {@code class path}. */
  static String origin(Object provider, ClassLoader jars) {
    Class<?> type = provider.getClass();
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || type.getClassLoader() != jars) {
      return "class path";
    }
    try {
      return String.valueOf(Path.of(source.getLocation().toURI()).getFileName());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return source.getLocation().toString();
    }
  }
}
