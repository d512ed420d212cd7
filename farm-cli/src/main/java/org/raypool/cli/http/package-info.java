/**
 * The programs' small HTTP status side ({@code --http}): {@link org.raypool.cli.http.StatusHttpServer} on the JDK's
 * built-in server, JSON written by Jackson, {@link org.raypool.cli.http.PrometheusText} for {@code /metrics} and a
 * {@link org.raypool.cli.http.LatencyHistogram}. Read-only: every route is a GET.
 */
package org.raypool.cli.http;
