package io.jingzhi.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.AgentProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RunWorkersTest {

  private static AgentProperties properties(int workers, int queue) {
    var source = new MapConfigurationPropertySource(java.util.Map.of("jingzhi.agent.runs.workers",
        Integer.toString(workers), "jingzhi.agent.runs.queue", Integer.toString(queue)));
    return new Binder(source).bindOrCreate("jingzhi.agent", AgentProperties.class);
  }

  @Test
  void admitsWorkersPlusQueueThenRefusesWith429UntilAPlaceIsFree() throws Exception {
    var workers = new RunWorkers(properties(1, 2), new SimpleMeterRegistry());
    try {
      var a = workers.admit();
      var b = workers.admit();
      var c = workers.admit();
      assertThatThrownBy(workers::admit).isInstanceOfSatisfying(AgentException.class, e -> {
        assertThat(e.status().value()).isEqualTo(429);
        assertThat(e.code()).isEqualTo("run.queue_full");
      });
      a.release();
      a.release(); // twice is once
      var d = workers.admit();
      assertThatThrownBy(workers::admit).isInstanceOf(AgentException.class);
      var ran = new CountDownLatch(1);
      workers.execute(d, ran::countDown);
      ran.await();
      b.release();
      c.release();
    } finally {
      workers.destroy();
    }
  }

  @Test
  void aPlaceIsGivenBackWhenTheTaskEnds() throws Exception {
    var workers = new RunWorkers(properties(1, 0), new SimpleMeterRegistry());
    try {
      var done = new CountDownLatch(1);
      workers.execute(workers.admit(), () -> { });
      workers.execute(waitForPlace(workers), done::countDown);
      done.await();
    } finally {
      workers.destroy();
    }
  }

  /** Takes the place as soon as the previous task gave it back (admission is non-blocking by design). */
  private static RunWorkers.Permit waitForPlace(RunWorkers workers) {
    while (true) {
      try {
        return workers.admit();
      } catch (AgentException full) {
        Thread.onSpinWait();
      }
    }
  }
}
