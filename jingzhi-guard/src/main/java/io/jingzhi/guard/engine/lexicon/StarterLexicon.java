package io.jingzhi.guard.engine.lexicon;

import io.jingzhi.guard.engine.GuardException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The starter bank shipped with the module ({@code guard/lexicon-starter.csv}), written for this project. */
public final class StarterLexicon {

  public static final String RESOURCE = "/guard/lexicon-starter.csv";

  private StarterLexicon() {}

  public static Lexicon load() {
    try (InputStream in = StarterLexicon.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new GuardException("starter lexicon missing from the classpath: " + RESOURCE);
      }
      return new Lexicon("starter-1", Instant.EPOCH,
          LexiconIo.readCsv(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new GuardException("cannot read the starter lexicon", e);
    }
  }
}
