package io.jouleflow.agent.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Every setting of the agent: its environment name (the primary name, also the key in a settings
 * file), its command-line flag, its default, and what it accepts. {@code --help} and the README's
 * settings table are written from this list. A setting that one sensor owns ({@link #owner()}) is
 * listed here too, so that it has a flag and a line in the help, but only that sensor parses it.
 */
public enum Setting {
  EXPORTER_PORT(
      "9092",
      "0..65535 (0 picks a free port)",
      "Port of the HTTP server (/metrics, /-/healthy, /-/ready), in every export mode."),
  EXPORTER_ADDRESS(
      "0.0.0.0",
      "an IP address or host name",
      "Address the HTTP server (/metrics, /-/healthy) listens on; anyone who reaches it can read"
          + " the agent: bind 127.0.0.1 or a private address, or set WEB_CONFIG_FILE."),
  WEB_CONFIG_FILE(
      "",
      "empty or a readable YAML file in the exporter-toolkit web config format",
      "TLS and basic auth of the HTTP server (tls_server_config, basic_auth_users); read again"
          + " when it or its certificates change. Also --web.config.file."),
  SCRAPE_INTERVAL_SECONDS(
      "0.1", "a number of seconds in 0.001..3600", "Sampling interval of the scheduled sensors."),
  SCRAPE_INTERVAL_S(
      "",
      "empty or a number of seconds in 0.001..3600, equal to SCRAPE_INTERVAL_SECONDS if both are"
          + " set",
      "The remote-write seed's name for SCRAPE_INTERVAL_SECONDS."),
  MAX_QUEUE_LEN(
      "1000",
      "an integer in 1..16777216",
      "Sample rows (one per interval) kept for each consumer; rounded up to a power of two. Hold at"
          + " least two scrape intervals: rows = 2 × scrape interval / sampling interval."),
  MAX_CONSUMERS(
      "16",
      "an integer in 1..10000",
      "Scrapers of /metrics tracked (each has its own cursor); a new one beyond it evicts the least"
          + " recently seen, counted in jouleflow_consumers_evicted_total."),
  SENSORS(
      "auto",
      "a comma-separated list of auto, rapl, msr, model, nvml and plugin names",
      "Sensors and plugins to run; auto: RAPL powercap, else MSR, else the model estimate, plus"
          + " NVML GPUs when present."),
  SYSFS_PATH("/sys", "a directory", "Root of the sysfs tree that holds class/powercap."),
  PROCFS_PATH("/proc", "a directory", "Root of the procfs tree that holds stat and cpuinfo."),
  TDP_WATTS(
      "",
      "empty (from the CPU model, else 10 W per logical CPU) or watts in 1..5000",
      "Thermal design power the model estimate scales CPU utilisation to.",
      "model"),
  MSR_PATH(
      "/dev/cpu", "a directory", "Root of the MSR device files (N/msr) of the msr sensor.", "msr"),
  NVML_LIBRARY(
      "",
      "empty (libnvidia-ml.so.1 from the library path) or a library file",
      "The NVML library of the nvml sensor.",
      "nvml"),
  NVML_INTERVAL_SECONDS(
      "",
      "empty (the sampling interval, at least 0.05) or a number of seconds in 0.001..3600",
      "How often GPUs are read; their counters refresh every 20 to 100 ms.",
      "nvml"),
  CGROUP_PATH(
      "/sys/fs/cgroup",
      "a directory",
      "Where the cgroup hierarchies are mounted: v2 (also at unified/ beside v1), else v1"
          + " cpuacct; energy per workload reads each workload's CPU time there."),
  ATTRIBUTION_INTERVAL_SECONDS(
      "1",
      "a number of seconds in 0.01..60, a multiple of SCRAPE_INTERVAL_SECONDS",
      "How often the energy is split over the workloads, on the sampler's ticks; by default 1 s"
          + " or, where that is not a whole number of ticks, the next whole number above it."),
  ATTRIBUTION_LEVEL(
      "pod",
      "pod, container or off",
      "Energy per workload: a Kubernetes pod as one workload, each of its containers, or no"
          + " attribution."),
  MAX_WORKLOADS(
      "500",
      "an integer in 1..100000",
      "Workloads with series of their own; beyond it the smallest of each interval fold into"
          + " kind=\"other\", counted in jouleflow_workloads_folded_total."),
  ATTRIBUTION_MAX_BYTES(
      "8MiB",
      "a size in 1MiB..1GiB: bytes, or a number with KiB, MiB, GiB or TiB",
      "Most bytes the energy per workload's table takes: it keeps the rows that span"
          + " MAX_QUEUE_LEN sampling intervals, fewer where they do not fit (at least 16)."),
  EXPORT_MODE(
      "pull", "pull, push or both", "Serve /metrics (pull), send remote write (push), or both."),
  REMOTE_WRITE_URL(
      "http://prometheus:9090/api/v1/write",
      "an http or https URL with a host, no fragment; a port in 1..65535 if any",
      "Remote-write endpoint, e.g. Prometheus /api/v1/write, Mimir /api/v1/push; user:password@"
          + " in it is sent as basic auth. Logged with user and query values as <secret>."),
  PUSH_INTERVAL_S("5", "a number of seconds in 0.1..3600", "How often the shipper sends."),
  MAX_SAMPLES_PER_SEND("2000", "an integer in 1..1000000", "Samples per remote-write request."),
  MAX_RETRY_BATCHES(
      "100",
      "an integer in 1..100000",
      "Failed requests kept for retry, oldest first; beyond it the oldest is dropped and counted."),
  REMOTE_WRITE_TIMEOUT_S("10", "a number of seconds in 0.1..300", "Timeout of one request."),
  REMOTE_WRITE_USERNAME("", "empty or a user name", "Basic-auth user name."),
  REMOTE_WRITE_PASSWORD_FILE(
      "", "empty or a readable file", "File holding the basic-auth password (never logged)."),
  REMOTE_WRITE_BEARER_TOKEN_FILE(
      "", "empty or a readable file", "File holding a bearer token (never logged)."),
  REMOTE_WRITE_HEADERS(
      "",
      "empty or Name=value pairs separated by commas (names RFC 7230 tokens, values without"
          + " control characters)",
      "Extra request headers, e.g. X-Scope-OrgID=team-a; cannot override the protocol's headers."),
  EXTERNAL_LABELS(
      "instance=<hostname>",
      "empty (none) or name=value pairs separated by commas; <hostname> in a value is this host's"
          + " name",
      "Labels added to every pushed series, e.g. instance=<hostname>,dc=eu; a series' own wins."),
  REMOTE_WRITE_CA_FILE("", "empty or a readable PEM file", "CA certificates to trust for https."),
  REMOTE_WRITE_CERT_FILE(
      "", "empty or a readable PEM file", "Client certificate for mutual TLS (with the key file)."),
  REMOTE_WRITE_KEY_FILE(
      "", "empty or a readable PEM file (PKCS#8)", "Private key of the client certificate."),
  REMOTE_WRITE_INSECURE_SKIP_VERIFY(
      "false", "true or false", "Skip verifying the server's certificate (testing only)."),
  SHUTDOWN_PUSH_TIMEOUT_S(
      "3", "a number of seconds in 0..60", "On SIGTERM, how long the last push may take."),
  SPOOL_DIR(
      "",
      "empty or a folder this user can create and write",
      "Remote-write requests wait on disk here until the receiver has them, so a crash or a"
          + " restart loses none; empty: in memory only."),
  SPOOL_MAX_BYTES(
      "256MiB",
      "a size in 1MiB..1TiB: bytes, or a number with KiB, MiB, GiB or TiB",
      "Most bytes the spool's files take, or one request more when a single request is larger;"
          + " beyond it the oldest requests are dropped and counted."),
  PLUGINS_DIR(
      "", "empty or a directory", "Folder of plugin jars, loaded with the class path's plugins."),
  EXEC_COMMAND(
      "",
      "empty or a command line (program and arguments, shell-style quoting)",
      "A program writing JSON lines of records or pyJoules dictionaries, run as plugin 'exec'."),
  EXEC_MAX_RECORDS_PER_SECOND(
      "10000",
      "an integer in 1..1000000",
      "Records each exec plugin may write per second; beyond, a line is shed (counted) and its"
          + " output is not read until the budget refills, so the program waits."),
  RAW_QUEUE_SIZE(
      "10000", "an integer in 1..10000000", "Raw records queued per plugin before processing."),
  PROC_QUEUE_SIZE(
      "10000", "an integer in 1..10000000", "Processed records queued before the buffer."),
  MAX_RECORD_QUEUE_LEN(
      "65536",
      "an integer in 1..16777216",
      "Plugin records kept for each consumer; rounded up to a power of two."),
  MAX_SERIES(
      "10000",
      "an integer in 1..1000000",
      "Distinct plugin series kept; records beyond are rejected and counted."),
  SERVICE_LABEL(
      "exec", "a label value", "The source label of exec records that carry none (pyJoules form)."),
  METRIC_DEFAULT(
      "pyjoules_remote_write_energy_uj",
      "a metric name",
      "Metric name of records that carry none (pyJoules form)."),
  LOG_LEVEL("info", "error, warn, info, debug or trace", "Log verbosity."),
  CONFIG_FILE(
      "",
      "empty or a readable properties file",
      "Optional settings file: KEY=value lines with the names of this table.");

  private final String defaultValue;
  private final String accepted;
  private final String description;
  private final String owner;

  Setting(String defaultValue, String accepted, String description) {
    this(defaultValue, accepted, description, "");
  }

  Setting(String defaultValue, String accepted, String description, String owner) {
    this.defaultValue = defaultValue;
    this.accepted = accepted;
    this.description = description;
    this.owner = owner;
  }

  /** The command-line flag, e.g. {@code --exporter-port}. */
  public String flag() {
    return "--" + name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The flag and its other names, e.g. the ecosystem's {@code --web.config.file}. */
  public String[] flags() {
    return this == WEB_CONFIG_FILE
        ? new String[] {flag(), "--web.config.file"}
        : new String[] {flag()};
  }

  /** The value used when nothing sets this setting; empty means none. */
  public String defaultValue() {
    return defaultValue;
  }

  /** What values are accepted, for error messages and help. */
  public String accepted() {
    return accepted;
  }

  /** One sentence saying what the setting does. */
  public String description() {
    return description;
  }

  /**
   * The sensor that owns this setting and alone parses it, when it is opened; empty for the agent's
   * own settings. Loading leaves an owned setting as text, so a value for a sensor that does not
   * run cannot stop the agent; whoever opens the sensors can warn about it instead.
   */
  public Optional<String> owner() {
    return owner.isEmpty() ? Optional.empty() : Optional.of(owner);
  }
}
