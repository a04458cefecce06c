package io.jingzhi.iam.user;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Passwords are hashed with Argon2id (BouncyCastle) at Spring Security's recommended cost. */
@Configuration(proxyBeanMethods = false)
public class PasswordHashing {

  @Bean
  PasswordEncoder passwordEncoder() {
    return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
  }
}
