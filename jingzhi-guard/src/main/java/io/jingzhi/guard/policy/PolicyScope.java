package io.jingzhi.guard.policy;

import java.util.List;

/**
 * Who and when a policy applies to. As a scope every non-empty list must fit the check (an empty list fits
 * everyone); as a policy's exceptions a check is exempt when it fits any one entry of any list.
 *
 * @param apps app ids
 * @param models model names (or aliases as the caller used them)
 * @param users user ids or usernames
 * @param roles role codes
 * @param orgs org ids; sub-orgs are included
 * @param ips source IP addresses or CIDR ranges (IPv4 and IPv6)
 * @param times time windows in Asia/Shanghai
 */
public record PolicyScope(List<Long> apps, List<String> models, List<String> users, List<String> roles,
    List<Long> orgs, List<String> ips, List<TimeWindow> times) {

  public static final PolicyScope EVERYONE = new PolicyScope(null, null, null, null, null, null, null);

  public PolicyScope {
    apps = apps == null ? List.of() : List.copyOf(apps);
    models = models == null ? List.of() : List.copyOf(models);
    users = users == null ? List.of() : List.copyOf(users);
    roles = roles == null ? List.of() : List.copyOf(roles);
    orgs = orgs == null ? List.of() : List.copyOf(orgs);
    ips = ips == null ? List.of() : List.copyOf(ips);
    times = times == null ? List.of() : List.copyOf(times);
  }

  public boolean isEmpty() {
    return apps.isEmpty() && models.isEmpty() && users.isEmpty() && roles.isEmpty() && orgs.isEmpty()
        && ips.isEmpty() && times.isEmpty();
  }

  /**
   * Days of the week (1 = Monday … 7 = Sunday; empty = every day) and a time range {@code HH:mm}–{@code HH:mm},
   * end exclusive; {@code 24:00} ends at midnight, and a range whose end is before its start runs overnight.
   */
  public record TimeWindow(List<Integer> days, String from, String to) {

    public TimeWindow {
      days = days == null ? List.of() : List.copyOf(days);
    }
  }
}
