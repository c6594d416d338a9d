package io.jouleflow.agent.assembly;

import io.jouleflow.agent.config.Setting;
import io.jouleflow.agent.config.Settings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A sensor's own setting (see {@link Setting#owner()}) is parsed by that sensor when it opens, so a
 * value set for a sensor that does not run is never looked at: say so, rather than let a user
 * believe it took effect.
 */
final class IdleSensorSettings {

  private IdleSensorSettings() {}

  /** One line for each sensor setting given a value while its sensor is not in {@code running}. */
  static List<String> find(Settings settings, Collection<String> running) {
    List<String> lines = new ArrayList<>();
    for (Setting setting : Setting.values()) {
      Optional<String> owner = setting.owner();
      Optional<String> value = settings.value(setting);
      if (owner.isPresent()
          && !running.contains(owner.get())
          && value.isPresent()
          && !value.get().equals(setting.defaultValue())) {
        lines.add(
            setting.name()
                + " is set but the "
                + owner.get()
                + " sensor does not run (SENSORS="
                + String.join(",", settings.sensors())
                + "); it has no effect");
      }
    }
    return lines;
  }
}
