package io.jouleflow.agent.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Whether a program can be found, the way a shell's {@code exec} looks for it. */
final class Executables {

  private Executables() {}

  /**
   * Whether {@code program} names an executable file: as a path when it holds a slash, else in one
   * of the folders of {@code path} ({@code PATH}).
   */
  static boolean found(String program, @Nullable String path) {
    if (program.isEmpty()) {
      return false;
    }
    if (program.contains("/")) {
      return executable(Path.of(program));
    }
    if (path == null) {
      return false;
    }
    for (String folder : path.split(File.pathSeparator, -1)) {
      if (executable(Path.of(folder.isEmpty() ? "." : folder).resolve(program))) {
        return true;
      }
    }
    return false;
  }

  private static boolean executable(Path file) {
    return Files.isRegularFile(file) && Files.isExecutable(file);
  }
}
