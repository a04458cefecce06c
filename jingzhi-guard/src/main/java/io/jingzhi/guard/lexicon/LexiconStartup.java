package io.jingzhi.guard.lexicon;

import io.jingzhi.guard.engine.lexicon.LexiconEntry;
import io.jingzhi.guard.engine.lexicon.StarterLexicon;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * At start: the shipped starter list becomes the global bank's version 1 (once, however many replicas start), a
 * later shipped list that differs is merged into it as a new version (what operators changed stays), and every
 * enabled bank is compiled into the live store.
 */
@Component
@Order(15)
class LexiconStartup implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(LexiconStartup.class);

  private final LexiconService service;
  private final LexiconLoader loader;

  LexiconStartup(LexiconService service, LexiconLoader loader) {
    this.service = service;
    this.loader = loader;
  }

  @Override
  public void run(ApplicationArguments args) {
    List<LexiconEntry> shipped = StarterLexicon.load().entries();
    try {
      if (service.seedStarter(shipped)) {
        log.info("Seeded the global keyword bank from the starter list");
      }
    } catch (DataIntegrityViolationException e) {
      log.info("The starter bank was seeded by another replica");
    }
    service.updateStarter(shipped)
        .ifPresent(summary -> log.info("Updated the starter bank from the shipped list: {}", summary));
    loader.poll();
  }
}
