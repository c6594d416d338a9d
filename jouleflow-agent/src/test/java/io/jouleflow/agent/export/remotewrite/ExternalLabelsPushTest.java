package io.jouleflow.agent.export.remotewrite;

import static io.jouleflow.agent.export.remotewrite.RemoteWriteShipperTest.T0;
import static io.jouleflow.agent.export.remotewrite.RemoteWriteShipperTest.fastBackoff;
import static io.jouleflow.agent.export.remotewrite.RemoteWriteShipperTest.feed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jouleflow.agent.buffer.SampleRing;
import io.jouleflow.agent.metrics.SelfMetric;
import io.jouleflow.agent.runtime.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every pushed series, the data and the self-metrics, carries the external labels. */
class ExternalLabelsPushTest {

  @Test
  void theSamplesAndTheSelfMetricsCarryTheExternalLabels() throws Exception {
    SampleRing rows = new SampleRing(64, 3);
    rows.append(T0, new double[] {1, 2, 3});
    try (ReceiverStub receiver = ReceiverStub.start()) {
      TestPush push = new TestPush(receiver.url());
      push.externalLabels = Map.of("instance", "node-7", "dc", "eu-1");
      push.shutdownTimeout = Duration.ofMillis(500);
      try (RemoteWriteShipper shipper =
          RemoteWriteShipper.start(
              push.build(),
              feed(rows),
              "test-version",
              () -> List.of(SelfMetric.buildInfo("test-version")),
              fastBackoff(),
              Clock.SYSTEM)) {
        await().until(() -> Requests.bySeries(receiver.accepted()).size() >= 4);
        assertThat(shipper.description()).endsWith(" s with labels {dc=eu-1, instance=node-7}");
      }
      assertThat(Requests.bySeries(receiver.accepted()).keySet())
          .contains(
              "__name__=jouleflow_energy_joules_total,dc=eu-1,device=0,domain=package,"
                  + "instance=node-7,source=rapl",
              "__name__=jouleflow_build_info,dc=eu-1,instance=node-7,version=test-version",
              "__name__=jouleflow_remote_write_samples_sent_total,dc=eu-1,instance=node-7")
          .allSatisfy(key -> assertThat(key).contains(",dc=eu-1,").contains("instance=node-7"));
    }
  }
}
