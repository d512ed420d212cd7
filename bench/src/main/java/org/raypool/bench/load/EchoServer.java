package org.raypool.bench.load;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The ceiling of the registrar load benchmark: a trivial loopback TCP server that sends every framed message
 * straight back, one thread per connection, no decoding, no allocation per message. Whatever a client measures
 * against it is the cost of the client, the JVM and the kernel's loopback path, which no ASAP server can beat.
 *
 * <p>Usage: {@code EchoServer [PORT]} (default 0 = any free port). Listens on 127.0.0.1 only, prints
 * {@code echo listening on 127.0.0.1:PORT} once it accepts connections and runs until it is killed.
 */
public final class EchoServer implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private volatile boolean open = true;

    private EchoServer(int port) throws IOException {
        server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        acceptor = new Thread(this::acceptLoop, "echo-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static EchoServer start(int port) throws IOException {
        return new EchoServer(port);
    }

    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    private void acceptLoop() {
        while (open) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!open) return;
                System.err.println("echo: accept failed: " + e);
                continue;
            }
            Thread t = new Thread(() -> echo(channel), "echo-" + channel.socket().getPort());
            t.setDaemon(true);
            t.start();
        }
    }

    private static void echo(SocketChannel channel) {
        try (FramedChannel framed = new FramedChannel(channel)) {
            while (true) {
                ByteBuffer frame = framed.next();
                framed.write(frame);
            }
        } catch (EOFException e) {
            // the client is done
        } catch (IOException e) {
            if (channel.isOpen()) System.err.println("echo: connection failed: " + e);
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        EchoServer echo = start(port);
        System.out.println("echo listening on 127.0.0.1:" + echo.address().getPort());
        System.out.flush();
        echo.acceptor.join();
    }
}
