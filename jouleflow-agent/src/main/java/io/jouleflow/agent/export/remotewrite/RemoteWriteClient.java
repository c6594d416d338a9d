package io.jouleflow.agent.export.remotewrite;

import io.jouleflow.agent.config.PushSettings;
import io.jouleflow.agent.runtime.Clock;
import io.jouleflow.agent.runtime.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs request bodies to the remote-write endpoint over HTTP/1.1 (never h2c) with the protocol's
 * headers, which configured extra headers cannot override, and the credentials' {@code
 * Authorization}; to the URL without its user information, which the credentials turn into basic
 * auth.
 */
final class RemoteWriteClient implements AutoCloseable {

  /** The remote-write protocol version sent in {@code X-Prometheus-Remote-Write-Version}. */
  static final String PROTOCOL_VERSION = "0.1.0";

  /** How much of an answer body is read, for the log. */
  static final int MAX_ANSWER_BYTES = 1024;

  private static final Logger log = LoggerFactory.getLogger(RemoteWriteClient.class);

  private final HttpClient http;
  private final ExecutorService executor;
  private final URI url;
  private final Map<String, String> headers;
  private final Credentials credentials;
  private final Clock clock;

  private RemoteWriteClient(
      HttpClient http,
      ExecutorService executor,
      URI url,
      Map<String, String> headers,
      Credentials credentials,
      Clock clock) {
    this.clock = clock;
    this.http = http;
    this.executor = executor;
    this.url = url;
    this.headers = headers;
    this.credentials = credentials;
  }

  /** A client for the settings' endpoint, TLS options and headers. */
  static RemoteWriteClient create(
      PushSettings push, Credentials credentials, String version, Clock clock) throws IOException {
    Optional<SSLContext> tls = TlsContexts.create(push);
    ExecutorService executor =
        Executors.newThreadPerTaskExecutor(Threads.virtual("jouleflow-shipper-http-"));
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(push.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor);
    tls.ifPresent(builder::sslContext);
    if (tls.orElse(null) instanceof NoTlsContext) {
      builder.sslParameters(new SSLParameters()); // else the client asks the context for its own
    }
    Map<String, String> headers = new LinkedHashMap<>();
    push.headers().forEach((name, value) -> keepUnlessReserved(headers, name, value));
    headers.put("Content-Encoding", "snappy");
    headers.put("Content-Type", "application/x-protobuf");
    headers.put("X-Prometheus-Remote-Write-Version", PROTOCOL_VERSION);
    headers.put("User-Agent", "jouleflow/" + version);
    return new RemoteWriteClient(
        builder.build(), executor, push.endpoint(), headers, credentials, clock);
  }

  /**
   * POSTs {@code body}, waiting at most {@code timeout} for the answer.
   *
   * @throws IOException when no answer came: refused, reset, timed out, TLS failed
   */
  Response send(byte[] body, Duration timeout) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::setHeader);
    credentials.authorization().ifPresent(value -> request.setHeader("Authorization", value));
    HttpResponse<InputStream> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    String answer;
    try (InputStream in = response.body()) {
      answer = new String(in.readNBytes(MAX_ANSWER_BYTES), StandardCharsets.UTF_8);
    }
    int status = response.statusCode();
    Optional<Duration> retryAfter = Optional.empty();
    if (status == 429 || status == 503) {
      retryAfter =
          response
              .headers()
              .firstValue("Retry-After")
              .flatMap(v -> RetryAfter.parse(v, Instant.ofEpochMilli(clock.wallMillis())));
    }
    return new Response(status, answer, retryAfter);
  }

  /** Stops the client's threads; a request in flight fails. */
  @Override
  public void close() {
    http.shutdownNow();
    executor.shutdownNow();
  }

  private static void keepUnlessReserved(Map<String, String> headers, String name, String value) {
    if (PushSettings.RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      log.warn("REMOTE_WRITE_HEADERS: ignoring {}, a header jouleflow sets itself", name);
    } else {
      headers.put(name, value);
    }
  }
}
