package io.jouleflow.agent.plugin.exec;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** How the collector waits before starting the program again; a seam for tests. */
@FunctionalInterface
interface Pause {

  /** Waits for {@code delay}, or less when {@code closed} opens first. */
  void pause(Duration delay, CountDownLatch closed) throws InterruptedException;

  /** Waits on the latch, so that {@code close()} ends the wait at once. */
  Pause UNTIL_CLOSED =
      (delay, closed) -> {
        boolean unused = closed.await(delay.toNanos(), TimeUnit.NANOSECONDS);
      };
}
