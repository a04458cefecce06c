package io.jingzhi.knowledge.dictionary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.stereotype.Component;

/** The shipped government dictionary ({@code knowledge/dictionary-starter.csv}): abbreviations, terms and 转义. */
@Component
public class StarterDictionary {

  static final String RESOURCE = "/knowledge/dictionary-starter.csv";

  private final List<EntrySpec> entries;

  StarterDictionary() {
    try (InputStream in = StarterDictionary.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      entries = List.copyOf(DictionaryFiles.read(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<EntrySpec> entries() {
    return entries;
  }
}
