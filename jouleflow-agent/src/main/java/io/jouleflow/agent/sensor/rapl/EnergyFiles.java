package io.jouleflow.agent.sensor.rapl;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens an {@code energy_uj} file for reading: the seam through which tests simulate a counter
 * readable by root only, which chmod cannot do for a test running as root.
 */
@FunctionalInterface
interface EnergyFiles {

  /** Opens the files of the real file system. */
  EnergyFiles DEFAULT = path -> FileChannel.open(path, StandardOpenOption.READ);

  /** Opens {@code path} for reading. */
  FileChannel open(Path path) throws IOException;
}
