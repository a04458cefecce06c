package io.jingzhi.common.db;

import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates every module's schema in dependency order with its own Flyway history, so modules can add
 * migrations independently. The same scripts run on H2 (PostgreSQL mode) and on PostgreSQL.
 */
public class ModuleMigrations {

  private static final Logger log = LoggerFactory.getLogger(ModuleMigrations.class);

  private final DataSource dataSource;
  private final List<ModuleSchema> schemas;

  public ModuleMigrations(DataSource dataSource, List<ModuleSchema> schemas) {
    this.dataSource = dataSource;
    this.schemas = schemas.stream().sorted(Comparator.comparingInt(ModuleSchema::order)).toList();
  }

  public void migrate() {
    for (ModuleSchema schema : schemas) {
      var result = Flyway.configure()
          .dataSource(dataSource)
          .locations(schema.location())
          .table(schema.historyTable())
          .baselineOnMigrate(true)
          .baselineVersion("0")
          // Features of one module are developed side by side; a lower version merged later still applies.
          .outOfOrder(true)
          .load()
          .migrate();
      log.info("Schema of module {}: {} migration(s) applied, now at {}", schema.module(),
          result.migrationsExecuted, result.targetSchemaVersion);
    }
  }

  public List<ModuleSchema> schemas() {
    return schemas;
  }
}
