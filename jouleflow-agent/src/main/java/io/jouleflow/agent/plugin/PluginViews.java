package io.jouleflow.agent.plugin;

import io.jouleflow.agent.config.Settings;
import io.jouleflow.api.PluginContext;

/**
 * What each installed plugin, scheduled sensor or free-running collector, opens with: a read-only
 * view of the agent's settings and of its own {@code PLUGIN_<NAME>_<KEY>} settings, which {@link
 * PluginLoader#views} has checked against the keys its provider declares. Immutable.
 */
public final class PluginViews {

  private final Settings settings;
  private final OwnSettings own;

  PluginViews(Settings settings, OwnSettings own) {
    this.settings = settings;
    this.own = own;
  }

  /** The view of the plugin named {@code name} (lower-cased, as {@code SENSORS} writes it). */
  public PluginContext of(String name) {
    return new PluginView(settings, own.of(name));
  }
}
