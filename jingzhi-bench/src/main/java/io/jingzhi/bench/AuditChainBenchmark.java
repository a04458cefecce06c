package io.jingzhi.bench;

import io.jingzhi.iam.audit.AuditChain;
import io.jingzhi.iam.audit.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of sealing one audit event (HMAC-SHA256 over the canonical event) against the baseline of a plain
 * SHA-256 of the same bytes, in the same run: tells what the keyed, length-prefixed chain adds per event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class AuditChainBenchmark {

  private AuditChain chain;
  private AuditEvent event;
  private byte[] plain;

  @Setup
  public void setUp() {
    chain = new AuditChain("benchmark-key-32-bytes-long!!!!!".getBytes(StandardCharsets.UTF_8));
    String after = "{\"id\":42,\"code\":\"jxw\",\"name\":\"市经济和信息化局\",\"parent_id\":1,\"tenant\":true}";
    event = new AuditEvent(42, Instant.parse("2026-11-28T10:00:00Z"), 1L, "admin", 1L, "127.0.0.1", "org.create",
        "org", "42", "市经济和信息化局", null, after, "success", null, "req-1", AuditChain.GENESIS, null);
    plain = (event.prevHash() + event.id() + event.action() + after).getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public String sealEvent() {
    return chain.hash(event);
  }

  @Benchmark
  public byte[] baselinePlainSha256() throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(plain);
  }
}
