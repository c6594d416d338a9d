package io.jouleflow.agent.cli;

/** The agent's version, from the jar's manifest. */
final class Version {

  private Version() {}

  static String current() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
