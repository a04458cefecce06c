package io.jingzhi.knowledge.ingest;

/**
 * Lets long steps stop cooperatively: between files and between embedding batches a step asks whether its job
 * is still running and stops with {@link Stopped} when it was paused, cancelled or deleted.
 */
interface JobControl {

  /** Throws {@link Stopped} when the job should not go on. */
  void check();

  /** The job left the running state; {@code state} is where it went (paused, cancelled, or null when deleted). */
  final class Stopped extends RuntimeException {
    final String state;

    Stopped(String state) {
      super("job " + state, null, false, false);
      this.state = state;
    }
  }
}
