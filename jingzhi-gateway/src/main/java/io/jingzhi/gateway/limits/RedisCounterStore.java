package io.jingzhi.gateway.limits;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Counters in Redis, shared by every gateway replica. Each operation is one Lua script, so checking and charging
 * all levels of a call is atomic across replicas; every key expires on its own (rate cells when they are full
 * again, quotas after their period, lease sets after the lease time), so nothing leaks when a node dies.
 * Time comes from the caller's clock (replicas keep NTP time), which keeps the arithmetic identical to the
 * in-memory store. Works on a standalone or Sentinel-managed Redis; the keys of one call are not hash-tagged
 * for Redis Cluster.
 */
public class RedisCounterStore implements CounterStore {

  private static final String ACQUIRE = """
      local now = tonumber(ARGV[1])
      local lease = ARGV[2]
      local tats = {}
      for i = 1, #KEYS do
        local b = 2 + (i - 1) * 4
        local kind, limit, amount, window = ARGV[b + 1], tonumber(ARGV[b + 2]), tonumber(ARGV[b + 3]), tonumber(ARGV[b + 4])
        local key = KEYS[i]
        if kind == 'r' then
          local tat = tonumber(redis.call('GET', key) or now)
          if tat < now then tat = now end
          local nt = tat + amount * (window / limit)
          if nt - window > now then return {i, math.ceil(nt - window - now)} end
          tats[i] = nt
        elseif kind == 'q' then
          if tonumber(redis.call('GET', key) or '0') >= limit then return {i, window} end
        else
          redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
          if redis.call('ZCARD', key) >= limit then return {i, 1000} end
        end
      end
      for i = 1, #KEYS do
        local b = 2 + (i - 1) * 4
        local kind, amount, window = ARGV[b + 1], tonumber(ARGV[b + 3]), tonumber(ARGV[b + 4])
        local key = KEYS[i]
        if kind == 'r' then
          redis.call('SET', key, string.format('%.3f', tats[i]), 'PX', math.ceil(tats[i] - now) + 1000)
        elseif kind == 'q' then
          redis.call('INCRBY', key, amount)
          redis.call('PEXPIRE', key, window + 3600000)
        else
          redis.call('ZADD', key, now + window, lease)
          redis.call('PEXPIRE', key, window)
        end
      end
      return {0, 0}
      """;

  private static final String ADJUST = """
      local now = tonumber(ARGV[1])
      for i = 1, #KEYS do
        local b = 1 + (i - 1) * 4
        local kind, limit, amount, window = ARGV[b + 1], tonumber(ARGV[b + 2]), tonumber(ARGV[b + 3]), tonumber(ARGV[b + 4])
        local key = KEYS[i]
        if kind == 'r' then
          local tat = tonumber(redis.call('GET', key) or now)
          if tat < now then tat = now end
          local nt = tat + amount * (window / limit)
          if nt <= now then
            redis.call('DEL', key)
          else
            redis.call('SET', key, string.format('%.3f', nt), 'PX', math.ceil(nt - now) + 1000)
          end
        elseif kind == 'q' and redis.call('EXISTS', key) == 1 then
          redis.call('INCRBY', key, amount)
        end
      end
      return 0
      """;

  private static final String RELEASE = """
      for i = 1, #KEYS do redis.call('ZREM', KEYS[i], ARGV[1]) end
      return 0
      """;

  private static final String RENEW = """
      local expiry = tonumber(ARGV[2]) + tonumber(ARGV[3])
      for i = 1, #KEYS do
        redis.call('ZADD', KEYS[i], 'XX', expiry, ARGV[1])
        redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[3]))
      end
      return 0
      """;

  private final RedisClient client;
  private final String prefix;
  private final Clock clock;
  private final Object connecting = new Object();
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile long lastConnectFailure;

  public RedisCounterStore(String url, String prefix, Duration timeout, Clock clock) {
    RedisURI uri = RedisURI.create(url);
    uri.setTimeout(timeout);
    this.client = RedisClient.create(uri);
    // Fail at once while disconnected instead of queueing: the failure mode (open or closed) decides, fast.
    client.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
        .build());
    this.prefix = prefix.endsWith(":") ? prefix : prefix + ":";
    this.clock = clock;
  }

  /** The prefix every key gets. */
  public String prefix() {
    return prefix;
  }

  @Override
  public Outcome acquire(List<Check> checks, String lease) {
    if (checks.isEmpty()) {
      return Outcome.GRANTED;
    }
    List<String> args = new ArrayList<>(List.of(Long.toString(clock.millis()), lease));
    List<Object> answer = run(ACQUIRE, ScriptOutputType.MULTI, keys(checks), withChecks(args, checks));
    int failed = ((Long) answer.get(0)).intValue();
    return failed == 0 ? Outcome.GRANTED : new Outcome(failed - 1, (Long) answer.get(1));
  }

  @Override
  public void adjust(List<Check> checks) {
    if (!checks.isEmpty()) {
      List<String> args = new ArrayList<>(List.of(Long.toString(clock.millis())));
      run(ADJUST, ScriptOutputType.INTEGER, keys(checks), withChecks(args, checks));
    }
  }

  @Override
  public void release(List<String> concurrencyKeys, String lease) {
    if (!concurrencyKeys.isEmpty()) {
      run(RELEASE, ScriptOutputType.INTEGER, prefixed(concurrencyKeys), List.of(lease));
    }
  }

  @Override
  public void renew(List<String> concurrencyKeys, String lease, long ttlMillis) {
    if (!concurrencyKeys.isEmpty()) {
      run(RENEW, ScriptOutputType.INTEGER, prefixed(concurrencyKeys),
          List.of(lease, Long.toString(clock.millis()), Long.toString(ttlMillis)));
    }
  }

  @Override
  public long used(String quotaKey) {
    try {
      String value = commands().get(prefix + quotaKey);
      return value == null ? 0 : Long.parseLong(value);
    } catch (RedisException e) {
      throw new CounterStoreUnavailable("Redis is unavailable: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      c.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  private <T> T run(String script, ScriptOutputType type, String[] keys, List<String> args) {
    String[] values = args.toArray(String[]::new);
    try {
      RedisCommands<String, String> redis = commands();
      String sha = redis.digest(script);
      try {
        return redis.evalsha(sha, type, keys, values);
      } catch (RedisNoScriptException e) {
        return redis.eval(script, type, keys, values);
      }
    } catch (RedisException e) {
      throw new CounterStoreUnavailable("Redis is unavailable: " + e.getMessage(), e);
    }
  }

  private RedisCommands<String, String> commands() {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      return c.sync();
    }
    synchronized (connecting) {
      if (connection == null) {
        if (clock.millis() - lastConnectFailure < 1000) {
          throw new CounterStoreUnavailable("Redis is unavailable (last connection attempt failed just now)", null);
        }
        try {
          connection = client.connect();
        } catch (RedisException e) {
          lastConnectFailure = clock.millis();
          throw e;
        }
      }
      return connection.sync();
    }
  }

  private String[] keys(List<Check> checks) {
    return checks.stream().map(c -> prefix + c.key()).toArray(String[]::new);
  }

  private String[] prefixed(List<String> keys) {
    return keys.stream().map(k -> prefix + k).toArray(String[]::new);
  }

  private static List<String> withChecks(List<String> args, List<Check> checks) {
    for (Check c : checks) {
      args.add(switch (c.kind()) {
        case RATE -> "r";
        case QUOTA -> "q";
        case CONCURRENCY -> "c";
      });
      args.add(Long.toString(c.limit()));
      args.add(Long.toString(c.amount()));
      args.add(Long.toString(c.windowMillis()));
    }
    return args;
  }
}
