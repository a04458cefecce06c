package io.jingzhi.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.http.MediaType;

/** Assertions on the platform's RFC 9457 error responses. */
public final class Problems {

  private Problems() {}

  /** The response is a problem with this status and code, carrying the request id it was answered under. */
  public static TestApi.Res assertProblem(TestApi.Res res, int status, String code) {
    assertThat(res.status()).as("status of %s", res).isEqualTo(status);
    assertThat(res.header("Content-Type")).as("content type of %s", res)
        .startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    var json = res.json();
    assertThat(json.get("status").asInt()).isEqualTo(status);
    if (code != null) {
      assertThat(json.get("code").asString()).as("code of %s", res).isEqualTo(code);
    } else {
      assertThat(json.get("code")).as("code of %s", res).isNotNull();
    }
    assertThat(json.get("title")).isNotNull();
    assertThat(json.get("type")).isNotNull();
    assertThat(json.get("request_id")).as("request_id of %s", res).isNotNull();
    assertThat(json.get("request_id").asString()).isEqualTo(res.header("X-Request-Id"));
    return res;
  }

  /** The field names listed in a validation problem's {@code errors}. */
  public static java.util.List<String> fields(TestApi.Res res) {
    var errors = res.json().get("errors");
    return errors == null ? java.util.List.of() : errors.valueStream().map(e -> e.get("field").asString()).toList();
  }

  /** The messages listed for one field in a validation problem. */
  public static java.util.List<String> messages(TestApi.Res res, String field) {
    var errors = res.json().get("errors");
    return errors == null ? java.util.List.of() : errors.valueStream()
        .filter(e -> e.get("field").asString().equals(field)).map(e -> e.get("message").asString()).toList();
  }
}
