package io.jingzhi.gateway.metering;

import io.jingzhi.common.error.ApiException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;

/** How a usage summary is grouped: the SQL of the group's key and of its readable label. */
enum GroupBy {
  MODEL("u.model", "u.model"),
  TENANT("u.tenant_id", "o.name"),
  PROJECT("u.project_id", "p.name"),
  APP("u.app_id", "a.code"),
  KEY("u.api_key_id", "k.name"),
  DAY("u.day_utc", "u.day_utc"),
  HOUR("u.hour_utc", "u.hour_utc");

  final String keySql;
  final String labelSql;

  GroupBy(String keySql, String labelSql) {
    this.keySql = keySql;
    this.labelSql = labelSql;
  }

  String groupBySql() {
    return keySql.equals(labelSql) ? keySql : keySql + ", " + labelSql;
  }

  boolean timeline() {
    return this == DAY || this == HOUR;
  }

  static GroupBy parse(String value) {
    String v = value == null ? "model" : value.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(g -> g.name().toLowerCase(Locale.ROOT).equals(v)).findFirst()
        .orElseThrow(() -> ApiException.invalid("group_by", "must be one of model, tenant, project, app, key, day, hour"));
  }

  /** The key of the current row as text: an id, a model name, a UTC date or an ISO-8601 UTC hour. */
  String key(ResultSet rs) throws SQLException {
    return switch (this) {
      case DAY -> {
        LocalDate day = rs.getObject("group_key", LocalDate.class);
        yield day == null ? null : day.toString();
      }
      case HOUR -> {
        OffsetDateTime hour = rs.getObject("group_key", OffsetDateTime.class);
        yield hour == null ? null : hour.withOffsetSameInstant(ZoneOffset.UTC).toInstant().toString();
      }
      default -> rs.getString("group_key");
    };
  }
}
