package io.jouleflow.agent.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures slf4j-simple before the first logger exists: level from {@code LOG_LEVEL}, ISO
 * timestamps, short logger names, to standard error.
 */
final class Logging {

  private Logging() {}

  static void configure(String level) {
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", level);
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
    setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
    setIfAbsent("org.slf4j.simpleLogger.levelInBrackets", "false");
  }

  static Logger logger(Class<?> type) {
    return LoggerFactory.getLogger(type);
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
