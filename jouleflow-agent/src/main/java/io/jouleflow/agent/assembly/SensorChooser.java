package io.jouleflow.agent.assembly;

import io.jouleflow.agent.config.Settings;
import io.jouleflow.agent.plugin.PluginViews;
import io.jouleflow.agent.sampling.NamedSensor;
import io.jouleflow.agent.sensor.SettingValueException;
import io.jouleflow.api.ScheduledSensor;
import io.jouleflow.api.SensorProvider;
import io.jouleflow.api.UnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the scheduled sensors {@code SENSORS} asks for, each with its own view of the settings:
 * with {@code auto}, what {@link AutoPolicy} chooses; a named sensor that cannot run is a start-up
 * error. Also probes every installed sensor, by the same opening code.
 */
final class SensorChooser {

  private static final Logger log = LoggerFactory.getLogger(SensorChooser.class);

  private final Map<String, SensorProvider> providers;
  private final PluginViews views;

  /** Sensors from {@code providers} (by lower-case name), opened with {@code views}. */
  SensorChooser(Map<String, SensorProvider> providers, PluginViews views) {
    this.providers = Map.copyOf(providers);
    this.views = views;
  }

  /**
   * The scheduled sensors among {@code names} (the {@code SENSORS} setting), opened, and the names
   * left for the plugin pipeline. On failure, the sensors opened before are closed again.
   */
  Chosen open(List<String> names) throws StartupException {
    List<NamedSensor> sensors = new ArrayList<>();
    List<String> others = new ArrayList<>();
    try {
      for (String name : names) {
        if (name.equals(Settings.AUTO)) {
          sensors.addAll(openAuto(names));
        } else if (providers.containsKey(name)) {
          sensors.add(openNamed(name));
        } else {
          others.add(name);
        }
      }
    } catch (StartupException e) {
      close(sensors);
      throw e;
    }
    return new Chosen(sensors, others);
  }

  /** Opens and closes every installed sensor, in the order {@code auto} tries them. */
  List<SensorProbe> probeAll() {
    List<SensorProbe> probes = new ArrayList<>();
    for (String name : AutoPolicy.order(providers.keySet())) {
      try {
        NamedSensor opened = open(name);
        try (ScheduledSensor sensor = opened.sensor()) {
          probes.add(new SensorProbe(opened.name(), true, opened.description(), sensor.series()));
        }
      } catch (UnavailableException e) {
        probes.add(
            new SensorProbe(
                provider(name).name(), false, String.valueOf(e.getMessage()), List.of()));
      }
    }
    return probes;
  }

  /** Closes sensors opened by {@link #open}. */
  static void close(List<NamedSensor> sensors) {
    sensors.forEach(sensor -> sensor.sensor().close());
  }

  /**
   * What {@link #open} chose.
   *
   * @param sensors the open scheduled sensors
   * @param others names that are no scheduled sensor: plugins for the pipeline
   */
  record Chosen(List<NamedSensor> sensors, List<String> others) {}

  private List<NamedSensor> openAuto(List<String> named) throws StartupException {
    AutoPolicy.Choice<NamedSensor> choice;
    List<NamedSensor> opened = new ArrayList<>();
    try {
      choice =
          AutoPolicy.choose(
              name -> providers.containsKey(name) && !named.contains(name),
              name -> {
                NamedSensor sensor = openTried(name);
                opened.add(sensor);
                return sensor;
              });
    } catch (WrongSetting e) {
      close(opened);
      throw new StartupException(
          "SENSORS=auto tried " + e.sensor + ", which cannot run: " + e.getMessage());
    }
    choice.extrasNotUsed().forEach((name, why) -> log.debug("{} not used: {}", name, why));
    NamedSensor cpu =
        choice
            .cpu()
            .orElseThrow(
                () ->
                    new StartupException(
                        "SENSORS=auto found nothing to measure: "
                            + String.join("; ", choice.passedOver())));
    List<NamedSensor> chosen = new ArrayList<>();
    chosen.add(withNote(cpu, choice.passedOver()));
    chosen.addAll(choice.extras());
    return chosen;
  }

  private NamedSensor openNamed(String name) throws StartupException {
    try {
      return open(name);
    } catch (UnavailableException e) {
      throw new StartupException("SENSORS=" + name + " cannot run: " + e.getMessage());
    }
  }

  /**
   * Opens the installed sensor {@code name} with its own view of the settings. A provider that
   * throws anything but {@link UnavailableException} (a third party's bug) is taken as unavailable
   * too, with what it threw as the reason: it must not take the start-up down with a stack trace.
   */
  private NamedSensor open(String name) throws UnavailableException {
    SensorProvider provider = provider(name);
    ScheduledSensor sensor;
    try {
      sensor = provider.open(views.of(name));
    } catch (RuntimeException | LinkageError e) {
      log.debug("sensor '{}' failed to open", name, e);
      throw new UnavailableException("it failed to open (" + e + ")", e);
    }
    return new NamedSensor(provider.name(), sensor.toString(), sensor);
  }

  /**
   * Opens a sensor {@code auto} tries: that it cannot run here passes it over, but a wrong value of
   * one of its own settings is the user's mistake and stops the agent.
   */
  private NamedSensor openTried(String name) throws UnavailableException {
    try {
      return open(name);
    } catch (SettingValueException e) {
      throw new WrongSetting(name, e);
    }
  }

  private SensorProvider provider(String name) {
    SensorProvider provider = providers.get(name);
    if (provider == null) {
      throw new IllegalStateException("no provider named " + name);
    }
    return provider;
  }

  /** The CPU source's description says why the sources before it were passed over. */
  private static NamedSensor withNote(NamedSensor sensor, List<String> passedOver) {
    if (passedOver.isEmpty()) {
      return sensor;
    }
    return new NamedSensor(
        sensor.name(),
        sensor.description() + "; " + String.join("; ", passedOver),
        sensor.sensor());
  }

  /** A sensor {@code auto} tried has a wrong setting; carried out of the policy's loop. */
  private static final class WrongSetting extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String sensor;

    WrongSetting(String sensor, SettingValueException cause) {
      super(cause.getMessage(), cause, false, false);
      this.sensor = sensor;
    }
  }
}
