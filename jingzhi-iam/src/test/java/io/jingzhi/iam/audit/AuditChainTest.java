package io.jingzhi.iam.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditChainTest {

  private final AuditChain chain = new AuditChain("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  private static AuditEvent event(String prev, String targetName, String detail) {
    return new AuditEvent(7, Instant.parse("2026-05-01T08:00:00.123Z"), 1L, "admin", 1L, "10.0.0.1", "org.create",
        "org", "5", targetName, null, "{\"name\":\"甲局\"}", "success", detail, "req-1", prev, null);
  }

  @Test
  void theHashIsAStableHmacSha256() {
    String hash = chain.hash(event(AuditChain.GENESIS, "甲局", null));
    assertThat(hash).hasSize(64).matches("[0-9a-f]{64}");
    assertThat(chain.hash(event(AuditChain.GENESIS, "甲局", null))).isEqualTo(hash);
  }

  @Test
  void everyFieldAndThePreviousLinkChangeTheHash() {
    String hash = chain.hash(event(AuditChain.GENESIS, "甲局", null));
    assertThat(chain.hash(event(AuditChain.GENESIS, "乙局", null))).isNotEqualTo(hash);
    assertThat(chain.hash(event("1".repeat(64), "甲局", null))).isNotEqualTo(hash);
    assertThat(chain.hash(event(AuditChain.GENESIS, "甲局", ""))).as("null differs from empty").isNotEqualTo(hash);
  }

  @Test
  void aValueCannotBeShiftedIntoTheNextField() {
    var a = new AuditEvent(1, Instant.EPOCH, null, "ab", null, null, "x", null, null, "c", null, null, "success",
        null, null, AuditChain.GENESIS, null);
    var b = new AuditEvent(1, Instant.EPOCH, null, "a", null, null, "bx", null, null, "c", null, null, "success",
        null, null, AuditChain.GENESIS, null);
    assertThat(chain.hash(a)).isNotEqualTo(chain.hash(b));
  }

  @Test
  void withoutTheKeyTheHashCannotBeReproduced() {
    var other = new AuditChain("another-key-another-key-32-bytes".getBytes(StandardCharsets.UTF_8));
    var e = event(AuditChain.GENESIS, "甲局", null);
    assertThat(other.hash(e)).isNotEqualTo(chain.hash(e));
  }
}
