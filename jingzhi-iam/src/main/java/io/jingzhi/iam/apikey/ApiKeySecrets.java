package io.jingzhi.iam.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes and hashes key secrets. Keys carry 256 random bits, so a fast SHA-256 is a safe hash and lets the
 * gateway find a key by hash without a slow password hash on every call.
 */
public final class ApiKeySecrets {

  public static final String PREFIX = "sk-jz-";
  static final int VISIBLE = 12;

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A prototype digest, cloned per call: {@code MessageDigest.getInstance} walks the provider list every time
   * (a measurable part of an API call's CPU), a clone is a small array copy. Never used directly, so it is never
   * shared state.
   */
  private static final MessageDigest SHA_256 = sha256();

  private ApiKeySecrets() {}

  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String hash(String secret) {
    MessageDigest digest;
    try {
      digest = (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      digest = sha256(); // providers whose digests cannot be cloned
    }
    return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String visiblePrefix(String secret) {
    return secret.substring(0, Math.min(VISIBLE, secret.length()));
  }
}
