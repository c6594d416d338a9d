package io.jouleflow.dist.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the adapter's Python unit tests ({@code src/test/python/test_monitor_adapter.py}): each
 * shape of get_power and process_data, the class search, the interval, a crash, the program through
 * a pipe. Skips in one line without python3.
 */
class MonitorAdapterTest {

  @Test
  void thePythonUnitTestsPass() throws Exception {
    Optional<Path> python = Python.python3();
    assumeTrue(python.isPresent(), "python3 is not on PATH (Debian: apt-get install python3)");
    Process tests =
        new ProcessBuilder(python.get().toString(), "-m", "unittest", "-v", "test_monitor_adapter")
            .directory(Python.TESTS.toFile())
            .redirectErrorStream(true)
            .start();
    tests.getOutputStream().close();
    String output = new String(tests.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tests.waitFor(120, TimeUnit.SECONDS)).as(output).isTrue();

    assertThat(tests.exitValue()).as(output).isZero();
    assertThat(output).contains("Ran 13 tests").endsWith("OK\n");
  }
}
