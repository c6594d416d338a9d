package io.jouleflow.agent.cli;

import io.jouleflow.agent.assembly.Installation;
import io.jouleflow.agent.assembly.SensorProbe;
import io.jouleflow.agent.assembly.StartupException;
import io.jouleflow.agent.attribution.AttributionUnavailableException;
import io.jouleflow.agent.attribution.CgroupCpu;
import io.jouleflow.agent.attribution.EnergySplit;
import io.jouleflow.agent.config.AttributionSettings;
import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.plugin.PluginProbe;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jouleflow sensors}: what each installed sensor would measure here, or why not; whether
 * each free-running plugin and exec program could run, or why not; and whether energy per workload
 * can be attributed here (which cgroup hierarchy, how many CPUs and workloads), or why not.
 */
final class SensorsCommand {

  private final Settings settings;
  private final PrintWriter out;

  SensorsCommand(Settings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
  }

  int run() throws StartupException {
    List<SensorProbe> probes;
    List<PluginProbe> plugins;
    try (Installation installation = Installation.load(settings)) {
      probes = installation.probe();
      plugins = installation.probePlugins();
    }
    for (SensorProbe probe : probes) {
      out.printf(
          "%-8s %-12s %s%n",
          probe.name(),
          probe.available() ? "available" : "unavailable",
          probe.available() ? probe.domains() : probe.detail());
      if (probe.available()) {
        out.printf("%-8s %-12s %s%n", "", "", probe.detail());
      }
    }
    for (PluginProbe plugin : plugins) {
      out.printf("%-8s %-12s %s%n", plugin.name(), status(plugin.status()), plugin.detail());
    }
    List<String> auto = SensorProbe.autoChoice(probes);
    out.println("SENSORS=auto runs: " + (auto.isEmpty() ? "nothing" : String.join(", ", auto)));
    List<String> running = new ArrayList<>(settings.sensors());
    if (running.remove(Settings.AUTO)) {
      running.addAll(auto);
    }
    out.println(
        "attribution: "
            + (!settings.attribution().enabled() || splitsEnergy(probes, running)
                ? attribution(settings.attribution(), settings.sysfs())
                : "unavailable: no sensor that SENSORS="
                    + String.join(",", settings.sensors())
                    + " runs measures the CPUs' energy to split"));
    out.flush();
    return 0;
  }

  private static String status(PluginProbe.Status status) {
    return switch (status) {
      case AVAILABLE -> "available";
      case UNAVAILABLE -> "unavailable";
      case NOT_NAMED -> "not named";
    };
  }

  /** Whether the sensors that run give a series that energy per workload splits, as the agent's. */
  private static boolean splitsEnergy(List<SensorProbe> probes, List<String> running) {
    return probes.stream()
        .filter(probe -> probe.available() && running.contains(probe.name()))
        .flatMap(probe -> probe.series().stream())
        .anyMatch(EnergySplit::splits);
  }

  /**
   * The attribution line's text: {@code off (ATTRIBUTION_LEVEL=off)}, {@code unavailable: why}, or
   * the hierarchy's description with the online CPUs and the workloads found now.
   */
  static String attribution(AttributionSettings attribution, Path sysfs) {
    if (!attribution.enabled()) {
      return "off (ATTRIBUTION_LEVEL=off)";
    }
    try (CgroupCpu cpu = CgroupCpu.open(attribution.cgroupPath(), sysfs, attribution.level())) {
      String line = cpu.hierarchy().description() + ", " + cpu.cpus() + " CPUs";
      try {
        return line + ", " + cpu.read().workloads().size() + " workloads";
      } catch (RuntimeException e) {
        return line;
      }
    } catch (AttributionUnavailableException e) {
      return "unavailable: " + e.getMessage();
    }
  }
}
