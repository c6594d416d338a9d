package io.jouleflow.agent.sensor.msr;

import io.jouleflow.agent.sensor.ReadableFiles;
import io.jouleflow.api.UnavailableException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The MSR device files under {@code MSR_PATH} that a sensor reads, {@code N/msr} for logical CPU
 * {@code N}: each opened once, on first use, and kept open until {@link #close()}.
 */
final class MsrFileSet implements AutoCloseable {

  private final Path directory;
  private final ReadableFiles files;
  private final Map<Integer, MsrFile> opened = new TreeMap<>();

  private MsrFileSet(Path directory, ReadableFiles files) {
    this.directory = directory;
    this.files = files;
  }

  /**
   * The files under {@code directory}, opened through {@code files}.
   *
   * @throws UnavailableException with the fix when {@code directory} holds no {@code N/msr} file,
   *     as when the msr kernel module is not loaded
   */
  static MsrFileSet under(Path directory, ReadableFiles files) throws UnavailableException {
    if (!hasMsrFiles(directory)) {
      throw new UnavailableException(
          "no MSR device files under " + directory + ": load the msr kernel module (modprobe msr)");
    }
    return new MsrFileSet(directory, files);
  }

  /** The directory holding the files, {@code MSR_PATH}. */
  Path directory() {
    return directory;
  }

  /**
   * The file of logical CPU {@code cpu}, opened on first use.
   *
   * @throws UnavailableException naming the file (and the fix, for a permission failure)
   */
  MsrFile of(int cpu) throws UnavailableException {
    MsrFile file = opened.get(cpu);
    if (file == null) {
      file = MsrFile.open(directory.resolve(Integer.toString(cpu)).resolve("msr"), files);
      opened.put(cpu, file);
    }
    return file;
  }

  /** The files of {@code cpus}, in the same order. */
  List<MsrFile> of(List<Integer> cpus) throws UnavailableException {
    List<MsrFile> files = new ArrayList<>(cpus.size());
    for (int cpu : cpus) {
      files.add(of(cpu));
    }
    return files;
  }

  /** Closes every file opened; never throws. */
  @Override
  public void close() {
    opened.values().forEach(MsrFile::close);
  }

  private static boolean hasMsrFiles(Path directory) throws UnavailableException {
    if (!Files.isDirectory(directory)) {
      return false;
    }
    try (DirectoryStream<Path> cpus =
        Files.newDirectoryStream(directory, entry -> isCpuNumber(entry.getFileName()))) {
      for (Path cpu : cpus) {
        if (Files.exists(cpu.resolve("msr"))) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UnavailableException("cannot list " + directory + ": " + MsrFile.reason(e), e);
    }
  }

  private static boolean isCpuNumber(Path name) {
    String text = String.valueOf(name);
    return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
