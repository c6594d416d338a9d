package io.jouleflow.agent.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import io.jouleflow.agent.config.SettingsLoader;
import io.jouleflow.agent.plugin.PluginProbe;
import io.jouleflow.agent.plugin.PluginProbe.Status;
import io.jouleflow.api.Collector;
import io.jouleflow.api.CollectorProvider;
import io.jouleflow.api.PluginContext;
import io.jouleflow.api.UnavailableException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jouleflow sensors}' view of the free-running plugins of a jar in {@code PLUGINS_DIR} and
 * of the exec programs: whether each could run, and why not, with nothing started.
 */
class PluginProbeTest {

  @TempDir Path dir;

  @Test
  void namedPluginsAreOpenedUnnamedOnesListedMissingOnesAndBadJarsSaid() throws Exception {
    jar(dir);
    Files.writeString(dir.resolve("broken.jar"), "not a jar");

    List<PluginProbe> probes =
        probe(Map.of("SENSORS", "auto,steady,absent,nope", "PLUGINS_DIR", dir.toString()));

    assertThat(probes)
        .containsExactly(
            new PluginProbe("absent", Status.UNAVAILABLE, "no device here"),
            new PluginProbe("idle", Status.NOT_NAMED, "installed; add idle to SENSORS to run it"),
            new PluginProbe(
                "nope",
                Status.UNAVAILABLE,
                "SENSORS names it, but it is not installed; installed: [absent, idle, model, msr,"
                    + " nvml, rapl, steady]"),
            new PluginProbe("steady", Status.AVAILABLE, "a steady 5 W"),
            new PluginProbe(
                "jar",
                Status.UNAVAILABLE,
                "jar " + dir.resolve("broken.jar") + " cannot be read (zip END header not found)"));
  }

  @Test
  void execProgramsSayWhetherTheirProgramCanRun() throws Exception {
    assertThat(probe(Map.of("EXEC_COMMAND", "sh -c 'echo {}'")))
        .containsExactly(
            new PluginProbe(
                "exec",
                Status.AVAILABLE,
                "runs sh -c 'echo {}' and reads JSON lines from its stdout"));
    assertThat(probe(Map.of("EXEC_COMMAND", "/no/such/program --flag")))
        .singleElement()
        .satisfies(
            probe -> {
              assertThat(probe.status()).isEqualTo(Status.UNAVAILABLE);
              assertThat(probe.detail()).contains("/no/such/program").contains("not found");
            });
  }

  @Test
  void anExecPluginNamedInSensorsIsListedOnceWithWhyNot() throws Exception {
    assertThat(probe(Map.of("SENSORS", "auto,exec", "EXEC_COMMAND", "sh -c 'echo {}'")))
        .containsExactly(
            new PluginProbe(
                "exec",
                Status.UNAVAILABLE,
                "SENSORS names 'exec', an exec plugin: exec programs run from EXEC_COMMAND"
                    + " (EXEC_COMMAND_<NAME> in the CONFIG_FILE) without being named in SENSORS;"
                    + " accepted: SENSORS without exec; the program: runs sh -c 'echo {}' and reads"
                    + " JSON lines from its stdout"));
  }

  @Test
  void aPluginNamedWithoutPluginsDirSaysSo() throws Exception {
    assertThat(probe(Map.of("SENSORS", "rapl,gpu-power")))
        .containsExactly(
            new PluginProbe(
                "gpu-power",
                Status.UNAVAILABLE,
                "SENSORS names it, but it is not installed; installed: [model, msr, nvml, rapl]"
                    + " (PLUGINS_DIR is not set)"));
  }

  private static List<PluginProbe> probe(Map<String, String> environment) throws Exception {
    Map<String, String> all = new HashMap<>(environment);
    all.putIfAbsent("SENSORS", "auto");
    try (Installation installation = Installation.load(SettingsLoader.load(all, Map.of()))) {
      return installation.probePlugins();
    }
  }

  /**
   * Writes {@code dir/collectors.jar}, registering {@link Steady}, {@link Absent}, {@link Idle}.
   */
  private static void jar(Path dir) throws IOException {
    try (OutputStream file = Files.newOutputStream(dir.resolve("collectors.jar"));
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry("META-INF/services/" + CollectorProvider.class.getName()));
      for (Class<?> provider : List.of(Steady.class, Absent.class, Idle.class)) {
        out.write((provider.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      out.closeEntry();
    }
  }

  /** {@code steady}: opens. */
  public static final class Steady implements CollectorProvider {
    @Override
    public String name() {
      return "steady";
    }

    @Override
    public String description() {
      return "a steady 5 W";
    }

    @Override
    public Collector open(PluginContext context) {
      return sink -> {
        throw new AssertionError("probing must not run a collector");
      };
    }
  }

  /** {@code absent}: cannot run here. */
  public static final class Absent implements CollectorProvider {
    @Override
    public String name() {
      return "absent";
    }

    @Override
    public String description() {
      return "a device that is not here";
    }

    @Override
    public Collector open(PluginContext context) throws UnavailableException {
      throw new UnavailableException("no device here");
    }
  }

  /** {@code idle}: installed, never named. */
  public static final class Idle implements CollectorProvider {
    @Override
    public String name() {
      return "idle";
    }

    @Override
    public String description() {
      return "never opened";
    }

    @Override
    public Collector open(PluginContext context) {
      throw new AssertionError("an unnamed plugin must not be opened");
    }
  }
}
