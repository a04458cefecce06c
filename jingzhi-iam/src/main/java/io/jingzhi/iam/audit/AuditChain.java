package io.jingzhi.iam.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes the link hash of an audit event: an HMAC-SHA256 over the previous link's hash and every stored
 * field. Editing, deleting or reordering a stored event breaks the chain at that event; with the key held
 * outside the database, somebody with only database access cannot forge a consistent chain either.
 */
public final class AuditChain {

  public static final String GENESIS = "0".repeat(64);
  private static final char SEP = '\u001f';

  private final byte[] key;

  public AuditChain(byte[] key) {
    this.key = key.clone();
  }

  public String hash(AuditEvent e) {
    StringBuilder s = new StringBuilder(512);
    append(s, e.prevHash());
    append(s, e.id());
    append(s, e.occurredAt().toEpochMilli());
    append(s, e.actorId());
    append(s, e.actorName());
    append(s, e.tenantId());
    append(s, e.sourceIp());
    append(s, e.action());
    append(s, e.targetType());
    append(s, e.targetId());
    append(s, e.targetName());
    append(s, e.before());
    append(s, e.after());
    append(s, e.result());
    append(s, e.detail());
    append(s, e.requestId());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(s.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("HmacSHA256 unavailable", ex);
    }
  }

  private static void append(StringBuilder s, Object value) {
    // Length-prefixed, so a separator inside a value cannot shift fields.
    String text = value == null ? "\u0000" : value.toString();
    s.append(text.length()).append(':').append(text).append(SEP);
  }
}
