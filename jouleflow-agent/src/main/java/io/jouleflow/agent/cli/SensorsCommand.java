package io.jouleflow.agent.cli;

import io.jouleflow.agent.assembly.Installation;
import io.jouleflow.agent.assembly.SensorProbe;
import io.jouleflow.agent.assembly.StartupException;
import io.jouleflow.agent.config.Settings;
import java.io.PrintWriter;
import java.util.List;

/** {@code jouleflow sensors}: what each installed sensor would measure here, or why not. */
final class SensorsCommand {

  private final Settings settings;
  private final PrintWriter out;

  SensorsCommand(Settings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
  }

  int run() throws StartupException {
    List<SensorProbe> probes;
    try (Installation installation = Installation.load(settings)) {
      probes = installation.probe();
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
    List<String> auto = SensorProbe.autoChoice(probes);
    out.println("SENSORS=auto runs: " + (auto.isEmpty() ? "nothing" : String.join(", ", auto)));
    out.flush();
    return 0;
  }
}
