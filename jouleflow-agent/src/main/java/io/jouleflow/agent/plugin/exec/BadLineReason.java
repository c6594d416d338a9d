package io.jouleflow.agent.plugin.exec;

import java.util.Locale;

/** Why a line of an exec plugin's stdout gave no records. */
enum BadLineReason {
  /** Not parsable as JSON (also a truncated object, or {@code NaN}). */
  NOT_JSON,
  /** Valid JSON, but not an object: an array, a number, a string. */
  NOT_OBJECT,
  /** Something after the object's closing brace. */
  TRAILING_DATA,
  /** Longer than the line limit; the rest of the line is skipped. */
  TOO_LONG,
  /** A key that appears twice in the object. */
  DUPLICATE_KEY,
  /** A key that does not belong to the line's form, e.g. {@code tag} next to {@code value}. */
  UNKNOWN_KEY,
  /** A known key with a value of the wrong type, e.g. {@code "labels": []}. */
  WRONG_TYPE,
  /** A label name that appears twice inside {@code labels}. */
  DUPLICATE_LABEL,
  /** A label value that is not a string. */
  LABEL_VALUE_NOT_STRING,
  /** A record without {@code value}, or a pyJoules dictionary without any domain. */
  MISSING_VALUE,
  /** A {@code value} or domain that is not a finite number, e.g. {@code "12.5"}. */
  VALUE_NOT_NUMBER;

  /** The reason as a metric label value, e.g. {@code duplicate_label}. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
