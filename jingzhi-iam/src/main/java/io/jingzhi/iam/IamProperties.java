package io.jingzhi.iam;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of identity and access, prefix {@code jingzhi.iam}.
 *
 * @param adminPassword password of the first system administrator {@code admin} ({@code JINGZHI_ADMIN_PASSWORD});
 *     generated and printed once when empty
 * @param bootstrap path of the bootstrap file applied at every start ({@code JINGZHI_BOOTSTRAP}); none when empty
 */
@Validated
@ConfigurationProperties("jingzhi.iam")
public record IamProperties(
    String adminPassword,
    String bootstrap,
    @Valid @NotNull @DefaultValue Password password,
    @Valid @NotNull @DefaultValue Lockout lockout,
    @Valid @NotNull @DefaultValue Session session,
    @Valid @NotNull @DefaultValue Audit audit) {

  /** Password policy (等保三级: length, complexity, history, expiry). */
  public record Password(
      @DefaultValue("10") @Min(8) @Max(128) int minLength,
      @DefaultValue("3") @Min(1) @Max(4) int requiredClasses,
      @DefaultValue("5") @Min(0) @Max(24) int history,
      @DefaultValue("90d") Duration maxAge) {}

  /** Lockout after repeated failures. */
  public record Lockout(
      @DefaultValue("5") @Min(1) int maxFailures,
      @DefaultValue("15m") Duration duration) {}

  /** Portal sessions: absolute lifetime and idle timeout. */
  public record Session(
      @DefaultValue("8h") Duration ttl,
      @DefaultValue("30m") Duration idleTimeout) {}

  /** Audit trail; {@code key} is the base64 HMAC key shared by replicas ({@code JINGZHI_AUDIT_KEY}). */
  public record Audit(String key) {}
}
