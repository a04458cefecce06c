package io.jingzhi.gateway.metering;

import java.time.Instant;
import java.util.List;

/** A usage summary over {@code [from, to)}: one row per group. */
public record UsageSummary(Instant from, Instant to, String groupBy, List<UsageSummaryRow> rows) {}
