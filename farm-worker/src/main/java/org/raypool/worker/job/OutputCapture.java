package org.raypool.worker.job;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives ssrun's stdout and stderr: each line goes to the worker log with the session id, and the last lines
 * are kept for error messages. Memory stays bounded whatever the job prints (long lines are split, logging stops
 * after a number of lines while the tail keeps moving).
 */
final class OutputCapture {
    private static final Logger log = LoggerFactory.getLogger("org.raypool.worker.job.ssrun");
    static final int MAX_LINE_BYTES = 4096;

    private final String sessionId;
    private final int tailLines;
    private final int maxLoggedLines;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private long lines;

    OutputCapture(String sessionId, int tailLines, int maxLoggedLines) {
        this.sessionId = sessionId;
        this.tailLines = tailLines;
        this.maxLoggedLines = maxLoggedLines;
    }

    OutputStream stream(String label) {
        return new LineStream(label);
    }

    synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    private synchronized void line(String label, String text) {
        lines++;
        if (lines <= maxLoggedLines) {
            log.info("session {}: ssrun {}: {}", sessionId, label, text);
        } else if (lines == maxLoggedLines + 1) {
            log.warn("session {}: ssrun printed more than {} lines; further output is not logged", sessionId,
                    maxLoggedLines);
        }
        if (tail.size() == tailLines) {
            tail.removeFirst();
        }
        tail.addLast(label + ": " + text);
    }

    private final class LineStream extends OutputStream {
        private final String label;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);

        LineStream(String label) {
            this.label = label;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                emit();
                return;
            }
            buffer.write(b);
            if (buffer.size() >= MAX_LINE_BYTES) {
                emit();
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }

        @Override
        public void close() {
            if (buffer.size() > 0) {
                emit();
            }
        }

        private void emit() {
            String text = buffer.toString(StandardCharsets.UTF_8);
            buffer.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            line(label, text);
        }
    }
}
