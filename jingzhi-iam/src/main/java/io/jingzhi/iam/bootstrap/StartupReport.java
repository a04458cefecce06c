package io.jingzhi.iam.bootstrap;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Tells the operator where to log in once the platform is ready; the generated password only at first start. */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class StartupReport implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

  private final FirstStart firstStart;
  private final WebServerApplicationContext context;
  private final String publicUrl;
  private final Path dataDir;

  StartupReport(FirstStart firstStart, WebServerApplicationContext context,
      @Value("${jingzhi.public-url:}") String publicUrl, @Value("${jingzhi.data-dir:./data}") Path dataDir) {
    this.firstStart = firstStart;
    this.context = context;
    this.publicUrl = publicUrl;
    this.dataDir = dataDir;
  }

  @Override
  public void run(ApplicationArguments args) {
    String url = publicUrl != null && !publicUrl.isBlank() ? publicUrl
        : "http://127.0.0.1:" + context.getWebServer().getPort();
    String password = firstStart.adminCreated() ? firstStart.effectiveAdminPassword()
        : "(set at first start; JINGZHI_ADMIN_PASSWORD only applies to a new installation)";
    String banner = """

        ==================================================================
          京智 Jingzhi is ready   %s
          Log in as:  admin (system administrator)
          Password:   %s
          The same password opens secadmin (security administrator) and
          auditor (audit administrator) on a new installation: change them.
          Data:       %s
        ==================================================================
        """.formatted(url, password, dataDir.toAbsolutePath().normalize());
    log.info(banner);
  }
}
