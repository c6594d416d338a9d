package io.jouleflow.agent.sensor.exec;

/** The exec collector's view of time, so that tests can fix it. */
interface ExecClock {

  /** Monotonic nanoseconds, for rate limits and run times. */
  long nanoTime();

  /** Wall-clock milliseconds since the epoch, for records that carry no timestamp. */
  long wallMillis();

  /** The system clocks. */
  ExecClock SYSTEM =
      new ExecClock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public long wallMillis() {
          return System.currentTimeMillis();
        }
      };
}
