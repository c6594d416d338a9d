package io.jouleflow.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jouleflow.agent.assembly.Agent;
import io.jouleflow.agent.fixture.Chromium;
import io.jouleflow.agent.fixture.FakePowercapTree;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page in a real headless Chromium (Debian's package), with a fake powercap tree whose
 * power swings: the chart draws, the watts change, and the page carries on after the agent stops
 * and starts again on the same port. Leaves a screenshot in {@code target/live-page.png} (the one
 * in docs/ is a copy).
 */
class LivePageIT {

  private static final int WIDTH = 1280;

  /** Markup in a path the page shows (the sensors' description): it must read as text. */
  private static final String MARKUP = "<img src=x onerror=alert(1)>";

  @TempDir Path dir;

  @Test
  void theChartDrawsTheWattsChangeAndThePageSurvivesTheAgentRestarting() throws Exception {
    assumeTrue(
        Chromium.executable().isPresent(),
        "LivePageIT skipped: no chromium on the PATH (bin/test installs Debian's chromium)");
    FakePowercapTree tree =
        FakePowercapTree.builder(dir.resolve(MARKUP).resolve("sys"))
            .packages(2)
            .subzones("core", "dram")
            .build();
    try (PowerWave wave = new PowerWave(tree)) {
      Agent agent = startAgent(tree.root(), 0);
      int port = agent.port();
      try (Chromium page =
          Chromium.open("http://127.0.0.1:" + port + "/", dir.resolve("chromium"), WIDTH, 1000)) {
        await("the chart draws")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> number(page, "+document.getElementById('chart').dataset.points") > 40);
        assertThat(number(page, INKED_PIXELS)).isGreaterThan(1000);
        assertThat(page.evaluate("document.getElementById('state').textContent"))
            .isEqualTo("\"live\"");
        assertThat(page.evaluate("document.querySelectorAll('#power td.n').length"))
            .isEqualTo("7"); // 6 series and the host total's row
        String total = page.evaluate("document.getElementById('total').textContent");
        await("the host total changes")
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () -> !page.evaluate("document.getElementById('total').textContent").equals(total));
        assertThat(page.evaluate("document.getElementById('uptime').textContent")).contains(" s");
        assertThat(page.evaluate("document.querySelector('main').textContent")).contains(MARKUP);
        assertThat(page.evaluate("document.querySelectorAll('main img').length")).isEqualTo("0");
        assertThat(page.dialogs()).as("dialogs the page opened").isZero();
        assertThat(number(page, "jouleflowLive.niceMax(97)")).isEqualTo(200);

        agent.close();
        await("the page notices the agent went away")
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    page.evaluate("document.getElementById('state').textContent")
                        .contains("reconnecting"));
        double lastBefore = number(page, NEWEST_TIME);
        agent = startAgent(tree.root(), port);
        await("the page reconnects and shows new values")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> number(page, NEWEST_TIME) > lastBefore + 2000);
        assertThat(page.evaluate("document.getElementById('state').textContent"))
            .isEqualTo("\"live\"");
        scrape(port, "prometheus");
        await("the scraper in the page's table")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(250))
            .until(
                () ->
                    page.evaluate("document.getElementById('consumers').textContent")
                        .contains("prometheus"));
        await("half a minute of watts for the screenshot")
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    number(page, "jouleflowLive.t[jouleflowLive.t.length-1]-jouleflowLive.t[0]")
                        > 45_000);
        Files.write(Path.of("target/live-page.png"), page.screenshot(WIDTH));
        assertThat(page.exceptions()).as("uncaught exceptions in the page").isEmpty();
      } finally {
        agent.close();
      }
    }
  }

  private static final String INKED_PIXELS =
      "(() => { const c = document.getElementById('chart');"
          + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
          + " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; })()";

  private static final String NEWEST_TIME = "jouleflowLive.t[jouleflowLive.t.length - 1] || 0";

  private static void scrape(int port, String consumer) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/metrics?consumer=" + consumer))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
    }
  }

  private static double number(Chromium page, String expression) {
    return Double.parseDouble(page.evaluate(expression).replace("\"", ""));
  }

  private static Agent startAgent(Path sysfs, int port) throws Exception {
    return RaplAgents.start(sysfs, Map.of("EXPORTER_PORT", Integer.toString(port)));
  }

  /**
   * Drives every zone of {@code tree} with power that swings over 20 s: packages 30 ± 10 W, their
   * cores 60 % of that, DRAM 5 ± 1 W.
   */
  private static final class PowerWave implements AutoCloseable {
    private static final double PERIOD_S = 20;
    private final FakePowercapTree tree;
    private final Thread driver;
    private final long start = System.nanoTime();
    private volatile boolean stopped;

    PowerWave(FakePowercapTree tree) {
      this.tree = tree;
      this.driver = Thread.ofPlatform().daemon().name("power-wave").start(this::drive);
    }

    private void drive() {
      while (!stopped) {
        double seconds = (System.nanoTime() - start) / 1e9;
        for (String key : tree.seriesKeys()) {
          tree.setEnergyMicrojoules(key, (long) (joules(key, seconds) * 1e6));
        }
        try {
          Thread.sleep(5); // the fake hardware's update rate, not a wait for a condition
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    /** The energy since the start: the integral of base + swing × sin(2πt / period). */
    private static double joules(String key, double seconds) {
      double base = key.startsWith("dram") ? 5 : key.startsWith("core") ? 18 : 30;
      double swing = key.startsWith("dram") ? 1 : key.startsWith("core") ? 6 : 10;
      double phase = key.endsWith("1") ? Math.PI / 2 : 0;
      double omega = 2 * Math.PI / PERIOD_S;
      return base * seconds + swing / omega * (Math.cos(phase) - Math.cos(omega * seconds + phase));
    }

    @Override
    public void close() throws InterruptedException {
      stopped = true;
      driver.join(5000);
      tree.close();
    }
  }
}
