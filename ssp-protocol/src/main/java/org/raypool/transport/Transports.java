package org.raypool.transport;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.raypool.transport.sctp.SctpTransport;
import org.raypool.transport.tcp.TcpTransport;
import org.raypool.transport.tls.TlsPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the transport: SCTP where the kernel has it, else TCP (the {@code --transport auto|sctp|tcp} option). */
public final class Transports {

    private static final Logger log = LoggerFactory.getLogger(Transports.class);
    private static final AtomicBoolean fallbackLogged = new AtomicBoolean();

    private Transports() {}

    public static Transport auto() {
        return auto(TransportOptions.DEFAULTS);
    }

    /** SCTP if {@code SctpChannel.open()} works here (probed once), else TCP with one log line saying why. */
    public static Transport auto(TransportOptions options) {
        return auto(options, null);
    }

    private static Transport auto(TransportOptions options, IoLoop loop) {
        String reason = sctpUnavailableReason();
        if (reason == null) return new SctpTransport(options, loop);
        if (fallbackLogged.compareAndSet(false, true)) {
            log.info("SCTP not available in this kernel ({}); using TCP", reason);
        }
        return new TcpTransport(options, loop);
    }

    public static Transport forName(String name) {
        return forName(name, TransportOptions.DEFAULTS);
    }

    /**
     * {@code auto}, {@code sctp} or {@code tcp}, case-insensitive.
     *
     * @throws IllegalStateException for {@code sctp} where SCTP is not available, naming the cause and the fix
     * @throws IllegalArgumentException for any other name
     */
    public static Transport forName(String name, TransportOptions options) {
        return forName(name, options, null);
    }

    /**
     * Like {@link #forName(String, TransportOptions)}, with every association served by {@code loop} (null: a
     * reader thread per association).
     */
    public static Transport forName(String name, TransportOptions options, IoLoop loop) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "auto": return auto(options, loop);
            case "sctp": return new SctpTransport(options, loop);
            case "tcp": return new TcpTransport(options, loop);
            default: throw new IllegalArgumentException("unknown transport '" + name + "' (use auto, sctp or tcp)");
        }
    }

    /**
     * Like {@link #forName(String, TransportOptions, IoLoop)}; with {@code tls} (not null) every association is
     * mutual TLS 1.3 over TCP: {@code auto} picks TCP, {@code sctp} is refused (docs/security.md).
     *
     * @throws IllegalArgumentException for {@code sctp} with TLS, or an unknown name
     */
    public static Transport forName(String name, TransportOptions options, IoLoop loop, TlsPolicy tls) {
        if (tls == null) return forName(name, options, loop);
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "auto", "tcp": return new TcpTransport(options, loop, tls);
            case "sctp": throw new IllegalArgumentException("--transport sctp cannot be used with --credentials: "
                    + "the authenticated farm runs TLS over TCP (use --transport tcp or auto)");
            default: throw new IllegalArgumentException("unknown transport '" + name + "' (use auto, sctp or tcp)");
        }
    }

    /** Why SCTP cannot be used on this machine, or null when it can. */
    public static String sctpUnavailableReason() {
        try {
            return SctpTransport.unavailableReason();
        } catch (LinkageError e) {
            return "the JDK has no jdk.sctp module (" + e + ")";
        }
    }
}
