/**
 * SCTP through jdk.sctp. One-to-one sockets ({@code SctpChannel}/{@code SctpServerChannel}) where RSPLIB uses a
 * one-to-many socket: the packets are the same (INIT with all bound addresses, PPID per protocol, stream 0), and
 * a channel per association fits the reader-thread model, gives each association its own send lock and lets an
 * ABORT or SHUTDOWN end exactly one association. The price is a thread per association and no autoclose.
 */
package org.raypool.transport.sctp;
