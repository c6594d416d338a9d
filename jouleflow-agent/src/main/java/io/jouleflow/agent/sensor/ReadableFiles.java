package io.jouleflow.agent.sensor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens a counter file for reading (RAPL's {@code energy_uj}, a CPU's {@code msr}): the seam
 * through which tests simulate a file only root may open, which chmod cannot do for a test running
 * as root.
 */
@FunctionalInterface
public interface ReadableFiles {

  /** Opens the files of the real file system. */
  ReadableFiles DEFAULT = path -> FileChannel.open(path, StandardOpenOption.READ);

  /** Opens {@code path} for reading. */
  FileChannel open(Path path) throws IOException;
}
