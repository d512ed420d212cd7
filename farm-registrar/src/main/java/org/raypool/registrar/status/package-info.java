/**
 * What the registrar shows of itself: {@link org.raypool.registrar.status.RegistrarSnapshot} (pools, PEs, ENRP
 * peers), taken on the event loop by {@link org.raypool.registrar.status.RegistrarStatus}; the counters of {@link
 * org.raypool.registrar.status.RegistrarMetrics}; and the two ways out: CSP reports to cspmonitor ({@link
 * org.raypool.registrar.status.RegistrarCsp}) and the HTTP status page, JSON and /metrics ({@link
 * org.raypool.registrar.status.RegistrarHttp}). Nothing here reads registrar state off the loop.
 */
package org.raypool.registrar.status;
