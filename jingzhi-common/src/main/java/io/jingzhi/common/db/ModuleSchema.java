package io.jingzhi.common.db;

/**
 * A module's database schema: its Flyway scripts live in {@code classpath:db/migration/<module>} and its
 * history in {@code flyway_history_<module>}. Modules migrate in ascending {@code order}, so a module
 * may reference the tables of the modules it depends on.
 */
public record ModuleSchema(String module, int order) {

  public String location() {
    return "classpath:db/migration/" + module;
  }

  public String historyTable() {
    return "flyway_history_" + module;
  }
}
