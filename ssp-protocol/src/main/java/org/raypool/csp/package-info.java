/**
 * Sending Component Status Reports to a {@code cspmonitor} (docs/protocol/csp.md §6): {@link
 * org.raypool.csp.CspReporter} asks its component for a {@link org.raypool.csp.ComponentStatus} every interval and
 * sends it; {@link org.raypool.csp.CspConfig} is the monitor and the interval; {@link org.raypool.csp.LocationText} is
 * RSPLIB's "host: addresses" text.
 */
package org.raypool.csp;
