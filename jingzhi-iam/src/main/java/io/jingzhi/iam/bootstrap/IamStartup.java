package io.jingzhi.iam.bootstrap;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** At every start, after the schemas are migrated: built-in roles, the first administrator, the bootstrap file. */
@Component
@Order(10)
class IamStartup implements ApplicationRunner {

  private final FirstStart firstStart;
  private final Bootstrapper bootstrapper;

  IamStartup(FirstStart firstStart, Bootstrapper bootstrapper) {
    this.firstStart = firstStart;
    this.bootstrapper = bootstrapper;
  }

  @Override
  public void run(ApplicationArguments args) {
    firstStart.run();
    bootstrapper.applyConfigured();
  }
}
