package io.jingzhi.iam.bootstrap;

import java.util.Optional;

/**
 * Where {@code ${NAME}} references of the bootstrap file are looked up. The server reads the Spring
 * environment (process environment first, then system properties and configuration); tests pass a map.
 */
@FunctionalInterface
public interface EnvLookup {

  /** The value of a variable, or empty when it is not set. */
  Optional<String> find(String name);
}
