package io.jingzhi.iam.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Stored key hashes must stay SHA-256 hex: keys created before any change are found by this hash. */
class ApiKeySecretsTest {

  @Test
  void hashesAreSha256HexOfTheUtf8Secret() {
    assertThat(ApiKeySecrets.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(ApiKeySecrets.hash(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void concurrentCallersGetTheSameHashes() {
    List<String> secrets = IntStream.range(0, 2000).mapToObj(i -> ApiKeySecrets.generate()).toList();
    List<String> sequential = secrets.stream().map(ApiKeySecrets::hash).toList();
    assertThat(secrets.parallelStream().map(ApiKeySecrets::hash).toList()).isEqualTo(sequential);
  }
}
