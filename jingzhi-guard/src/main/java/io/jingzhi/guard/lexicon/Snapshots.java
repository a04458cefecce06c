package io.jingzhi.guard.lexicon;

import io.jingzhi.guard.engine.RiskLevel;
import io.jingzhi.guard.engine.lexicon.LexiconEntry;
import io.jingzhi.guard.engine.lexicon.RiskType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The content of a bank version as stored: gzip'd JSON rows {@code [term, risk_type, level, requires, kind, note]}. */
final class Snapshots {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<List<List<String>>> ROWS = new TypeReference<>() {};

  private Snapshots() {}

  static byte[] write(Collection<LexiconEntry> entries) {
    List<List<String>> rows = entries.stream().map(e -> Arrays.asList(e.term(),
        e.riskType() == null ? null : e.riskType().code(),
        e.level() == null ? null : e.level().name().toLowerCase(Locale.ROOT), String.join("|", e.requires()),
        e.kind().name().toLowerCase(Locale.ROOT), e.note())).toList();
    var bytes = new ByteArrayOutputStream();
    try (var gzip = new GZIPOutputStream(bytes)) {
      gzip.write(JSON.writeValueAsBytes(rows));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static List<LexiconEntry> read(byte[] snapshot) {
    try (var gzip = new GZIPInputStream(new ByteArrayInputStream(snapshot))) {
      return JSON.readValue(gzip.readAllBytes(), ROWS).stream().map(r -> new LexiconEntry(r.get(0),
          r.get(1) == null ? null : RiskType.byCode(r.get(1)).orElseThrow(),
          r.get(2) == null ? null : RiskLevel.valueOf(r.get(2).toUpperCase(Locale.ROOT)),
          r.get(3).isEmpty() ? List.of() : List.of(r.get(3).split("\\|")),
          LexiconEntry.Kind.valueOf(r.get(4).toUpperCase(Locale.ROOT)), r.get(5))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
