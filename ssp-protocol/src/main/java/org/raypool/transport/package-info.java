/**
 * The association API that ASAP, ENRP and SSP run over, with interchangeable SCTP and TCP implementations
 * ({@link org.raypool.transport.Transports#auto()} picks one) and UDP multicast for announces.
 *
 * <p>It knows bytes and {@link org.raypool.wire.Protocol} ids only; the codecs sit above it. Usage:
 * <pre>{@code
 * Transport t = Transports.forName(options.transport());          // auto | sctp | tcp
 * ListeningEndpoint ep = t.listen(List.of(new InetSocketAddress(3863)), Protocol.ASAP, listener);
 * Association a = t.connect(List.of(registrar), Protocol.ASAP, listener, Duration.ofSeconds(5));
 * a.send(Protocol.ASAP, codec.encode(message));
 * }</pre>
 *
 * <p>Threading, by default: blocking I/O with one daemon reader thread per association (named after the
 * association id) and one acceptor thread per listening socket. Listener callbacks run on the reader thread, so one
 * association's events are ordered (established, messages, exactly one comm-lost) and a listener needs no
 * locking per association; a callback that throws is logged and reading goes on. Sends run on the caller's
 * thread under a per-association lock, so concurrent senders never interleave frames; a send that blocks longer
 * than the send timeout aborts the association, which is how a peer that stopped reading is detected. A listener
 * that sends from its callback stops reading while it waits, so hand long or bulk replies to another thread.
 * A thread per association is plenty for a render farm's tens to hundreds of associations and keeps every
 * failure local to its association.
 *
 * <p>Threading with an {@link org.raypool.transport.IoLoop} ({@code new TcpTransport(options, loop)},
 * {@code Transports.forName(name, options, loop)}): the loop's one thread selects over all the associations'
 * non-blocking channels, reads, calls the listeners and writes what a send from the loop could not write at
 * once, as RSPLIB's select() loop; acceptors stay threads of their own. The registrar's event loop is such a
 * loop, so it answers a request on the thread that read it and owns the handlespace, with no hand-off between
 * threads. A send from the loop never blocks (its output is queued, still under the send timeout; a peer
 * leaving more than 1 MiB unread is not read until it catches up); a send from another thread blocks as above.
 */
package org.raypool.transport;
