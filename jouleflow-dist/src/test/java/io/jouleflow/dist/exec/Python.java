package io.jouleflow.dist.exec;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Where the adapter, its samples and a python3 are. */
final class Python {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path ADAPTER = ROOT.resolve("jouleflow-dist/src/exec/monitor_adapter.py");
  static final Path TESTS = ROOT.resolve("jouleflow-dist/src/test/python");

  private Python() {}

  /** python3 on PATH, if there is one. */
  static Optional<Path> python3() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, "python3"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** The sample monitor_impl.py of one shape, e.g. {@code free_item}. */
  static Path sample(String shape) {
    return TESTS.resolve("monitors").resolve(shape).resolve("monitor_impl.py");
  }
}
