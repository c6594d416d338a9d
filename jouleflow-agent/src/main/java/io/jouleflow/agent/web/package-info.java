/**
 * The agent's HTTP server: a small HTTP/1.1 acceptor that serves the exporters' handlers on exact
 * paths, with request limits (431, 414, read and idle timeouts, a connection cap that closes the
 * longest-waiting connection first) and the web config file (TLS with certificates re-read when
 * they change, basic auth with bcrypt hashes). Uses only metrics, runtime and config.
 */
@NullMarked
package io.jouleflow.agent.web;

import org.jspecify.annotations.NullMarked;
