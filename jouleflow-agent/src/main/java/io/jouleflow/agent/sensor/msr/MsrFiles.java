package io.jouleflow.agent.sensor.msr;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens a CPU's {@code msr} device file for reading: the seam through which tests simulate a file
 * only root (or CAP_SYS_RAWIO) may open, which chmod cannot do for a test running as root.
 */
@FunctionalInterface
interface MsrFiles {

  /** Opens the files of the real file system. */
  MsrFiles DEFAULT = path -> FileChannel.open(path, StandardOpenOption.READ);

  /** Opens {@code path} for reading. */
  FileChannel open(Path path) throws IOException;
}
