/**
 * What the worker shows of itself: {@link org.raypool.worker.status.WorkerSnapshot} (sessions, what they render,
 * cache, serve window, registrar, the last sessions' results) read from the live objects by {@link
 * org.raypool.worker.status.WorkerStatus}, sent to cspmonitor by {@link org.raypool.worker.status.WorkerCsp} and
 * served with {@code --http} by {@link org.raypool.worker.status.WorkerHttp}.
 */
package org.raypool.worker.status;
