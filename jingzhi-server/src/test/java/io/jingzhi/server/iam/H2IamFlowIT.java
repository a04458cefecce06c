package io.jingzhi.server.iam;

/** The main identity flows on the embedded H2 database (PostgreSQL mode). */
class H2IamFlowIT extends IamFlows {

  @Override
  protected void executeDirectly(String sql) {
    jdbc.sql(sql).update();
  }
}
