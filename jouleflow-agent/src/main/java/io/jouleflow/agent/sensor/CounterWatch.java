package io.jouleflow.agent.sensor;

import io.jouleflow.agent.runtime.Clock;

/**
 * What a sensor's energy counters share to tell wraps from resets: the clock that times their
 * readings and where resets are counted.
 *
 * @param clock times the readings
 * @param resets counts and logs counter resets
 */
public record CounterWatch(Clock clock, CounterResets resets) {

  /** The agent's: the system clock and {@link CounterResets#SHARED}. */
  public static CounterWatch system() {
    return new CounterWatch(Clock.SYSTEM, CounterResets.SHARED);
  }
}
