package io.jouleflow.agent.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/** When files were last changed, to re-read them only after a change. */
record FileStamp(List<String> parts) {

  /** Freezes the parts. */
  FileStamp {
    parts = List.copyOf(parts);
  }

  /** The modification times and sizes of {@code files}; a missing file counts as a change. */
  static FileStamp of(List<Path> files) {
    return new FileStamp(files.stream().map(FileStamp::stamp).toList());
  }

  private static String stamp(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return attributes.lastModifiedTime() + "/" + attributes.size() + "/" + attributes.fileKey();
    } catch (IOException e) {
      return "unreadable";
    }
  }
}
