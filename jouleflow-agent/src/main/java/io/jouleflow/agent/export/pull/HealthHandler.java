package io.jouleflow.agent.export.pull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/** {@code /-/healthy} and {@code /-/ready}: 200 when the condition holds, 503 before. */
final class HealthHandler implements HttpHandler {

  private final BooleanSupplier condition;
  private final String word;

  HealthHandler(BooleanSupplier condition, String word) {
    this.condition = condition;
    this.word = word;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      boolean ok = condition.getAsBoolean();
      Responses.send(
          exchange,
          ok ? 200 : 503,
          "text/plain; charset=utf-8",
          ok
              ? "jouleflow is " + word + ".\n"
              : "jouleflow is not " + word.toLowerCase() + " yet.\n");
    }
  }
}
