package io.jouleflow.agent.sensor.model;

import io.jouleflow.agent.sensor.SettingValueException;
import io.jouleflow.api.PluginContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * The thermal design power the model scales CPU utilisation to, and how it was chosen: the {@code
 * TDP_WATTS} setting, else the built-in table by the {@code model name} in {@code cpuinfo}, else 10
 * W per logical CPU (the {@code cpuN} lines of {@code stat}), at least 10 W.
 *
 * @param watts the TDP, positive
 * @param reason how it was chosen, for the start-up line, e.g. {@code from TDP_WATTS}
 */
record Tdp(double watts, String reason) {

  /** The setting that overrides everything else; only this sensor parses it. */
  static final String SETTING = "TDP_WATTS";

  /** What {@link #SETTING} accepts; the agent's list of settings says the same. */
  static final String ACCEPTED = "watts in 1..5000";

  /** The default per logical CPU, and the least the default gives. */
  static final double WATTS_PER_CPU = 10;

  private static final double MIN_SETTING = 1;
  private static final double MAX_SETTING = 5000;
  private static final Pattern PER_CPU_LINE = Pattern.compile("cpu[0-9]+ .*");

  Tdp {
    if (!(watts > 0) || Double.isInfinite(watts)) {
      throw new IllegalArgumentException("TDP must be a positive number of watts: " + watts);
    }
  }

  /**
   * Chooses the TDP for this machine.
   *
   * @throws SettingValueException when {@code TDP_WATTS} is set but not watts in 1..5000
   */
  static Tdp choose(PluginContext context, TdpTable table) throws SettingValueException {
    Optional<String> setting = context.setting(SETTING).filter(text -> !text.isBlank());
    if (setting.isPresent()) {
      return fromSetting(setting.get());
    }
    return fromModel(context.procfs().resolve("cpuinfo"), context.procfs().resolve("stat"), table);
  }

  /** The watts without a needless {@code .0}: {@code 80}, {@code 65.5}. */
  String wattsText() {
    return format(watts);
  }

  private static Tdp fromSetting(String text) throws SettingValueException {
    try {
      double watts = Double.parseDouble(text.strip());
      if (watts >= MIN_SETTING && watts <= MAX_SETTING) {
        return new Tdp(watts, "from " + SETTING);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SettingValueException(SETTING, ACCEPTED, text);
  }

  private static Tdp fromModel(Path cpuinfo, Path stat, TdpTable table) {
    String model;
    try {
      model = modelName(cpuinfo);
    } catch (IOException e) {
      return perCpu(stat, "cannot read " + cpuinfo + ": " + ProcStat.reason(e));
    }
    if (model.isEmpty()) {
      return perCpu(stat, "no 'model name' in " + cpuinfo);
    }
    OptionalDouble watts = table.wattsFor(model);
    if (watts.isEmpty()) {
      return perCpu(stat, "no table entry for '" + model + "'");
    }
    return new Tdp(watts.getAsDouble(), "table entry for '" + model + "'");
  }

  private static Tdp perCpu(Path stat, String why) {
    int cpus = logicalCpus(stat);
    if (cpus == 0) {
      return new Tdp(
          WATTS_PER_CPU, format(WATTS_PER_CPU) + " W, no cpuN lines in " + stat + "; " + why);
    }
    return new Tdp(
        WATTS_PER_CPU * cpus, format(WATTS_PER_CPU) + " W × " + cpus + " logical CPUs; " + why);
  }

  /** The first {@code model name} value in {@code cpuinfo}, or empty (e.g. on many ARM kernels). */
  private static String modelName(Path cpuinfo) throws IOException {
    for (String line : Files.readAllLines(cpuinfo, StandardCharsets.ISO_8859_1)) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equals("model name")) {
        return line.substring(colon + 1).strip();
      }
    }
    return "";
  }

  /** How many {@code cpuN} lines {@code stat} has; 0 when it cannot be read. */
  private static int logicalCpus(Path stat) {
    List<String> lines;
    try {
      lines = Files.readAllLines(stat, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return 0;
    }
    return (int) lines.stream().filter(line -> PER_CPU_LINE.matcher(line).matches()).count();
  }

  private static String format(double watts) {
    return watts == Math.rint(watts) ? Long.toString((long) watts) : Double.toString(watts);
  }
}
