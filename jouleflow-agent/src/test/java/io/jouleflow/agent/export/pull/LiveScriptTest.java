package io.jouleflow.agent.export.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * live.js under node with a stub page ({@code live-harness.js}): the events of a stream go in, what
 * the page shows comes out. Skipped where node is not installed.
 */
class LiveScriptTest {

  private static final String HELLO =
      "[\"hello\",{\"intervalMs\":100,\"series\":["
          + "{\"labels\":{\"source\":\"rapl\",\"domain\":\"package\",\"device\":\"0\"},"
          + "\"inHostTotal\":true},"
          + "{\"labels\":{\"source\":\"nvml\",\"domain\":\"gpu\",\"device\":\"0\"},"
          + "\"inHostTotal\":true}],\"history\":{\"t\":[],\"w\":[]}}]";

  @Test
  void theChartsTopIsRoundAndAbovePeaksJustUnderAPowerOfTen() throws Exception {
    String page = run("[" + HELLO + "]");

    // 9.6, 97 and 960 W had no top at all (the chart drew nothing, its scale read "NaN W")
    assertThat(page).contains("\"niceMax\":[2,6,10,20,200,2000,2000]");
  }

  @Test
  void aGpuReadLessOftenThanTheRowsKeepsItsWattsInTheTotalAndTheChart() throws Exception {
    String page =
        run(
            "["
                + HELLO
                + ",[\"watts\",{\"t\":[1000,1100,1200,1300],"
                + "\"w\":[[40,57],[40,null],[40,null],[40,null]],\"skipped\":0}],"
                + "[\"watts\",{\"t\":[1500,1600,1700,1800,1900],"
                + "\"w\":[[40,50],[40,null],[40,60],[40,null],[40,null]],\"skipped\":0}],"
                + "[\"watts\",{\"t\":[2000,2100],\"w\":[[40,null],[40,null]],\"skipped\":0}]]");

    assertThat(page).contains("\"total\":\"100.0\""); // 40 W and the GPU's last 60 W
    assertThat(page).contains("\"totals\":[97,95,100]"); // each bucket with the GPU's watts
    assertThat(page).contains("\"w\":[[40,57],[40,55],[40,null]]"); // the GPU's mean of 50 and 60
    assertThat(page).contains("\"points\":8"); // 3 + 2 + 3: no line ends at a missing GPU value
  }

  private static String run(String events) throws IOException, InterruptedException {
    Optional<Path> node =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
            .map(dir -> Path.of(dir, "node"))
            .filter(Files::isExecutable)
            .findFirst();
    assumeTrue(node.isPresent(), "LiveScriptTest skipped: no node on the PATH");
    Path harness = Path.of("src/test/resources/io/jouleflow/agent/export/pull/live-harness.js");
    Path script = Path.of("src/main/resources/io/jouleflow/agent/export/pull/live.js");
    Process process =
        new ProcessBuilder(node.get().toString(), harness.toString(), script.toString())
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().write(events.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
