package io.jingzhi.iam.bootstrap;

import io.jingzhi.iam.apikey.ApiKey;
import java.util.List;
import java.util.Map;

/**
 * What checking a file against the stored state decided: the passwords of the accounts to create and what to do
 * with each API key, by entry path. The applier follows it; it never resolves a secret itself.
 *
 * @param passwords resolved passwords of accounts that do not exist yet, by user entry path
 * @param keys the action for each key entry, by key entry path
 * @param warnings things worth telling the operator that do not stop the start
 */
record BootstrapPlan(Map<String, String> passwords, Map<String, KeyAction> keys, List<String> warnings) {

  /** What happens to one key entry. */
  sealed interface KeyAction {}

  /** Store a new key; {@code generated} keys are printed once after the commit. */
  record Create(String secret, boolean generated) implements KeyAction {}

  /** The explicit value changed: revoke the stored key and store the new value under the same name. */
  record Replace(ApiKey old, String secret) implements KeyAction {}

  /** The key exists and stays; its models, limits and expiry are refreshed from the file. */
  record Keep(ApiKey existing) implements KeyAction {}

  /** Nothing is done (the key was revoked by someone; bootstrap never brings a revoked key back). */
  record Skip() implements KeyAction {}
}
