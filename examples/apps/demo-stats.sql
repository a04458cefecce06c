-- 演示数据库 demo-stats：各区就业服务站 2025 年服务统计（数字为虚构，仅供演示）。
-- The bootstrap file's db_connections entry "demo-stats" runs this script once, when its H2 file database under the
-- data directory does not exist yet; the workflow rsj-subsidy-workflow reads it through a read-only connection.
-- Districts and stations match examples/knowledge/2026年各区就业服务站.csv.

CREATE TABLE service_station_stats (
  district          VARCHAR(20)  NOT NULL PRIMARY KEY,
  station_name      VARCHAR(100) NOT NULL,
  stations          INT          NOT NULL,
  staff             INT          NOT NULL,
  served_2025       INT          NOT NULL,
  placements_2025   INT          NOT NULL,
  subsidy_cases_2025 INT         NOT NULL,
  updated_on        DATE         NOT NULL
);

COMMENT ON TABLE service_station_stats IS '各区就业服务站2025年服务统计（演示数据）';
COMMENT ON COLUMN service_station_stats.district IS '区';
COMMENT ON COLUMN service_station_stats.station_name IS '服务站名称';
COMMENT ON COLUMN service_station_stats.stations IS '服务站及社区服务点数量';
COMMENT ON COLUMN service_station_stats.staff IS '工作人员数';
COMMENT ON COLUMN service_station_stats.served_2025 IS '2025年服务人次';
COMMENT ON COLUMN service_station_stats.placements_2025 IS '2025年帮扶实现就业人数';
COMMENT ON COLUMN service_station_stats.subsidy_cases_2025 IS '2025年受理就业创业补贴申请件数';
COMMENT ON COLUMN service_station_stats.updated_on IS '统计截止日期';

INSERT INTO service_station_stats
  (district, station_name, stations, staff, served_2025, placements_2025, subsidy_cases_2025, updated_on)
VALUES
  ('东城区', '东城区就业创业服务站', 6, 18, 12840, 2315, 964, DATE '2025-12-31'),
  ('西城区', '西城区就业创业服务站', 5, 15, 10275, 1890, 812, DATE '2025-12-31'),
  ('南湖区', '南湖区零工市场服务站', 4, 12, 15620, 3408, 537, DATE '2025-12-31'),
  ('北山区', '北山区就业创业服务站', 3, 9, 6430, 1122, 405, DATE '2025-12-31');
