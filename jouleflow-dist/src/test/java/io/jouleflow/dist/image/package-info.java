/**
 * Tests of the container image: {@code deploy/Dockerfile} built on a local Debian stand-in with the
 * project's .deb, run with the Kubernetes DaemonSet's container settings, scraped and pushed to a
 * real Prometheus; the sensor image built {@code FROM} it; the image's health check.
 */
@NullMarked
package io.jouleflow.dist.image;

import org.jspecify.annotations.NullMarked;
