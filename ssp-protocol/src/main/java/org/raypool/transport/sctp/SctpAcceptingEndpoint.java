package org.raypool.transport.sctp;

import com.sun.nio.sctp.SctpChannel;
import com.sun.nio.sctp.SctpStandardSocketOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.Channel;
import java.util.List;
import java.util.Set;
import org.raypool.transport.AbstractListeningEndpoint;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.IoLoop;
import org.raypool.transport.TransportOptions;
import org.raypool.wire.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What SCTP's listening sockets share: one socket whose associations come out as one-to-one channels. */
abstract class SctpAcceptingEndpoint<S extends Channel> extends AbstractListeningEndpoint<S, SctpChannel> {

    private static final Logger log = LoggerFactory.getLogger(SctpAcceptingEndpoint.class);

    protected final S socket;
    protected final IoLoop loop;

    SctpAcceptingEndpoint(S socket, List<InetSocketAddress> bound, Set<Protocol> protocols,
                          AssociationListener listener, TransportOptions options, IoLoop loop) {
        super("sctp", "association", bound, protocols, listener, options);
        this.socket = socket;
        this.loop = loop;
    }

    @Override
    protected void startAssociation(SctpChannel channel, AssociationListener listener, TransportOptions options)
            throws IOException {
        new SctpAssociation(channel, protocols(), listener, options, loop).start();
    }

    @Override
    protected void abort(SctpChannel channel) {
        try {
            channel.setOption(SctpStandardSocketOptions.SO_LINGER, 0);
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do for an association nobody has seen
        }
    }

    @Override
    protected boolean continueAfterInterruptedPause() {
        return false;
    }

    @Override
    protected void closeSockets() {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("sctp close of {} failed: {}", localAddresses(), e.toString());
        }
    }
}
