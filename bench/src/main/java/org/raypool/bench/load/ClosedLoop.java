package org.raypool.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.raypool.transport.tls.Credentials;

/**
 * N clients, each on its own TCP connection and thread, sending the same request back-to-back: each keeps
 * {@code outstanding} requests in flight (1 = a strict closed loop: send, wait for the answer, send the next)
 * and records every request's round trip. The run has a warm-up (not counted) and a measured window; a request
 * counts for latency if it was sent and answered inside the window, for throughput if it was answered inside.
 * The same code drives the registrar and the echo server, so their figures compare like for like.
 */
final class ClosedLoop {

    /** What the clients measured; latencies in nanoseconds. */
    record Result(String target, int clients, int outstanding, long completed, long windowNanos, Histogram latency,
                  long serverCpuNanos, long clientCpuNanos, long machineBusyNanos, int responseBytes) {

        double perSecond() {
            return completed * 1e9 / windowNanos;
        }

        /** Server CPU time per answered request, microseconds (all its threads, GC and JIT included). */
        double serverCpuMicrosPerRequest() {
            return serverCpuNanos / 1e3 / Math.max(1, completed);
        }

        double clientCpuMicrosPerRequest() {
            return clientCpuNanos / 1e3 / Math.max(1, completed);
        }

        /**
         * CPUs kept busy by everything else on the machine during the window (other engineers' builds): all
         * busy CPU time from /proc/stat minus the server's and the clients' own. The noise indicator of the row.
         */
        double otherCpus() {
            return Math.max(0, machineBusyNanos - serverCpuNanos - clientCpuNanos) / (double) windowNanos;
        }

        double millis(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1e6;
        }

        double maxMillis() {
            return latency.getMaxValue() / 1e6;
        }
    }

    /** Checks the first answer a client gets (decoding it in full); later answers are checked by type only. */
    interface FirstAnswerCheck {
        void check(ByteBuffer frame) throws Exception;
    }

    private ClosedLoop() {}

    /**
     * @param request      one encoded ASAP message
     * @param answerType   the ASAP type every answer must have
     * @param serverCpu    the server's process CPU time in nanoseconds, read at the window's start and end
     * @param tls          each client's credentials for mutual TLS to a registrar; null: plain TCP
     */
    static Result run(String target, InetSocketAddress address, byte[] request, int answerType, FirstAnswerCheck check,
                      int clients, int outstanding, Duration warmup, Duration window, LongSupplier serverCpu,
                      Credentials tls) throws IOException, InterruptedException {
        if (clients < 1 || outstanding < 1) throw new IllegalArgumentException("clients and outstanding must be >= 1");
        ByteBuffer frame = FramedChannel.frame(request);
        List<FramedChannel> channels = new ArrayList<>();
        List<Client> running = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) channels.add(FramedChannel.connect(address, tls));
            long startAt = System.nanoTime() + 50_000_000L;
            long windowStart = startAt + warmup.toNanos();
            long windowEnd = windowStart + window.toNanos();
            for (int i = 0; i < clients; i++) {
                Client c = new Client(channels.get(i), frame, answerType, check, outstanding, startAt, windowStart,
                        windowEnd);
                c.thread = new Thread(c, target + "-client-" + i);
                c.thread.setDaemon(true);
                running.add(c);
                c.thread.start();
            }
            sleepUntil(windowStart);
            long server0 = serverCpu.getAsLong();
            long client0 = ownCpu();
            long machine0 = MachineCpu.busyNanos();
            sleepUntil(windowEnd);
            long server1 = serverCpu.getAsLong();
            long client1 = ownCpu();
            long machine1 = MachineCpu.busyNanos();
            Histogram all = new Histogram(3);
            long completed = 0;
            int responseBytes = 0;
            for (Client c : running) {
                c.thread.join(window.toMillis() + 30_000);
                if (c.thread.isAlive()) throw new IOException(c.thread.getName() + " did not finish (no answer?)");
                if (c.failure.get() != null) {
                    throw new IOException(c.thread.getName() + " failed: " + c.failure.get(), c.failure.get());
                }
                all.add(c.latency);
                completed += c.completed;
                responseBytes = c.responseBytes;
            }
            return new Result(target, clients, outstanding, completed, windowEnd - windowStart, all,
                    server1 - server0, client1 - client0, machine1 - machine0, responseBytes);
        } finally {
            for (FramedChannel ch : channels) ch.close();
            for (Client c : running) c.thread.join(2000);
        }
    }

    private static long ownCpu() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) LockSupport.parkNanos(left);
    }

    private static final class Client implements Runnable {
        final FramedChannel channel;
        final ByteBuffer request;
        final int answerType;
        final FirstAnswerCheck check;
        final long[] sentAt;
        final long startAt;
        final long windowStart;
        final long windowEnd;
        final Histogram latency = new Histogram(3);
        final AtomicReference<Exception> failure = new AtomicReference<>();
        Thread thread;
        long completed;
        int responseBytes;

        Client(FramedChannel channel, ByteBuffer request, int answerType, FirstAnswerCheck check, int outstanding,
               long startAt, long windowStart, long windowEnd) {
            this.channel = channel;
            this.request = request;
            this.answerType = answerType;
            this.check = check;
            this.sentAt = new long[outstanding];
            this.startAt = startAt;
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
        }

        @Override
        public void run() {
            try {
                loop();
            } catch (Exception e) {
                failure.set(e);
            }
        }

        private void loop() throws Exception {
            sleepUntil(startAt);
            int k = sentAt.length;
            long sent = 0;
            long answered = 0;
            while (true) {
                if (System.nanoTime() < windowEnd) {
                    while (sent - answered < k) {
                        sentAt[(int) (sent++ % k)] = System.nanoTime();
                        channel.write(request);
                    }
                } else if (sent == answered) {
                    return;
                }
                ByteBuffer answer = channel.next();
                long now = System.nanoTime();
                long then = sentAt[(int) (answered++ % k)];
                if ((answer.get(0) & 0xFF) != answerType) {
                    throw new IOException("answer of type 0x" + Integer.toHexString(answer.get(0) & 0xFF)
                            + ", expected 0x" + Integer.toHexString(answerType));
                }
                if (answered == 1) {
                    responseBytes = answer.getShort(2) & 0xFFFF;
                    check.check(answer.duplicate().limit(responseBytes));
                }
                if (now >= windowStart && now <= windowEnd) {
                    completed++;
                    if (then >= windowStart) latency.recordValue(now - then);
                }
            }
        }
    }
}
