package io.jingzhi.iam.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Supplies the audit HMAC key: from configuration ({@code JINGZHI_AUDIT_KEY}, base64) when given — replicas
 * sharing one database must share it — otherwise from {@code <data-dir>/keys/audit-hmac.key}, created once.
 */
final class AuditKeyProvider {

  private AuditKeyProvider() {}

  static byte[] load(String configured, Path dataDir) {
    if (configured != null && !configured.isBlank()) {
      byte[] key = Base64.getDecoder().decode(configured.strip());
      if (key.length < 16) {
        throw new IllegalStateException("jingzhi.iam.audit.key must decode to at least 16 bytes");
      }
      return key;
    }
    Path file = dataDir.resolve("keys").resolve("audit-hmac.key");
    try {
      if (Files.exists(file)) {
        return Base64.getDecoder().decode(Files.readString(file).strip());
      }
      Files.createDirectories(file.getParent());
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      Files.writeString(file, Base64.getEncoder().encodeToString(key));
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system; the directory permissions have to do
      }
      return key;
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot read or create the audit key " + file, ex);
    }
  }
}
