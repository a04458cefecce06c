package io.jingzhi.guard.event;

import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The CSV form of guard events: one line per decision, times in UTC ISO-8601, excerpts masked. */
final class EventCsv {

  static final String HEADER = "id,at,tenant_id,org_id,user_id,username,app_id,app_name,api_key_id,model,source_ip,"
      + "channel,direction,action,enforced,risk_level,categories,policy,latency_us,excerpt,full_text";

  private EventCsv() {}

  static String line(GuardEvent e) {
    return Stream.of(e.id(), e.at(), e.tenantId(), e.orgId(), e.userId(), e.username(), e.appId(), e.appName(),
            e.apiKeyId(), e.model(), e.sourceIp(), e.channel(), e.direction(), e.action(), e.enforced(),
            e.riskLevel(), String.join(" ", e.categories()), e.policy(), e.latencyUs(), e.excerpt(), e.fullText())
        .map(EventCsv::cell).collect(Collectors.joining(","));
  }

  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    // Checked texts come from anyone: a leading =, +, - or @ would run as a formula in a spreadsheet.
    if (!(value instanceof Number) && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
