package io.jouleflow.dist.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the adapter's Python unit tests ({@code src/test/python/test_monitor_adapter.py}): each
 * shape of get_power and process_data, the class search, the interval, a crash, records JSON cannot
 * hold, the program through a pipe, a monitor ignoring stop_event, one that cannot load. Output
 * goes to a file, so a hung test ends at the time limit. Skips in one line without python3.
 */
class MonitorAdapterTest {

  @TempDir Path dir;

  @Test
  void thePythonUnitTestsPass() throws Exception {
    Optional<Path> python = Python.python3();
    assumeTrue(python.isPresent(), "python3 is not on PATH (Debian: apt-get install python3)");
    Path log = dir.resolve("unittest.log"); // a file, not a pipe: a hung python3 cannot block us
    Process tests =
        new ProcessBuilder(python.get().toString(), "-m", "unittest", "-v", "test_monitor_adapter")
            .directory(Python.TESTS.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    boolean ended = tests.waitFor(120, TimeUnit.SECONDS);
    if (!ended) {
      tests.descendants().forEach(ProcessHandle::destroyForcibly);
      tests.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String output = Files.readString(log);
    assertThat(ended).as("the tests ended within 120 s; output so far:%n%s", output).isTrue();

    assertThat(tests.exitValue()).as(output).isZero();
    assertThat(output).contains("Ran 16 tests").endsWith("OK\n");
  }
}
