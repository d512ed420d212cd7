/**
 * What farm-submit shows of itself in cspmonitor: a {@link org.raypool.submit.status.BatchSnapshot} of the batch
 * (images done of all, sessions running) sent by {@link org.raypool.submit.status.SubmitCsp} as a pool user.
 */
package org.raypool.submit.status;
