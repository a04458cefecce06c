package io.jingzhi.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Jingzhi (京智): the one Spring Boot application that assembles every module. */
@SpringBootApplication(scanBasePackages = "io.jingzhi")
@EnableScheduling
public class JingzhiApplication {

  public static void main(String[] args) {
    SpringApplication.run(JingzhiApplication.class, args);
  }
}
