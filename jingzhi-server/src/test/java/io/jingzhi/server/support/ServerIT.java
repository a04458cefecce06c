package io.jingzhi.server.support;

import io.jingzhi.server.JingzhiApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of integration tests: the real server on a random port, over a fresh in-memory H2 database in
 * PostgreSQL mode and a fresh data directory. Subclasses for PostgreSQL override the datasource.
 * The context is closed after each class: Spring would otherwise reuse it (and its database) for every
 * class with the same configuration, so one class's data (or a tampered audit chain) would leak into the next.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(classes = JingzhiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServerIT {

  public static final String ADMIN_PASSWORD = "Admin#Passw0rd-IT";

  @LocalServerPort
  protected int port;

  @Autowired
  protected JdbcClient jdbc;

  protected TestApi api;

  protected IamFixtures fx;

  @DynamicPropertySource
  static void embedded(DynamicPropertyRegistry registry) throws Exception {
    Path dataDir = Files.createTempDirectory("jingzhi-it-");
    registry.add("jingzhi.data-dir", dataDir::toString);
    registry.add("jingzhi.iam.admin-password", () -> ADMIN_PASSWORD);
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:it-" + UUID.randomUUID()
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
  }

  @BeforeEach
  void setUpApi() {
    api = new TestApi(port);
    fx = new IamFixtures(api, jdbc, ADMIN_PASSWORD);
  }

  protected String adminToken() {
    return api.login("admin", ADMIN_PASSWORD);
  }

  protected static Map<String, Object> map(Object... keyValues) {
    var m = new java.util.LinkedHashMap<String, Object>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }
}
