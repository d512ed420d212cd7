package org.raypool.submit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Result archives a hostile worker sends, for the tests of farm-submit's reading of them. */
public final class HostileArchives {
    private HostileArchives() {}

    /**
     * A tar.gz whose first entry carries one PAX extended header of about {@code recordBytes} (a single
     * {@code comment=aaa...} record, which a tar reader without a header bound buffers whole), then output.txt. A
     * 256 MiB record gzips to about 250 KB.
     */
    public static byte[] paxHeaderBomb(int recordBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            String key = " comment=";
            int value = recordBytes - key.length() - 1;
            int length = value + key.length() + 1;
            length += Integer.toString(length + Integer.toString(length).length()).length();
            String digits = Integer.toString(length);
            TarArchiveEntry pax = new TarArchiveEntry("./PaxHeaders/output.txt", TarConstants.LF_PAX_EXTENDED_HEADER_LC);
            pax.setSize(length);
            tar.putArchiveEntry(pax);
            tar.write((digits + key).getBytes(StandardCharsets.US_ASCII));
            writeRepeated(tar, (byte) 'a', value);
            tar.write('\n');
            tar.closeArchiveEntry();
            byte[] log = "ssrun: bomb\n".getBytes(StandardCharsets.US_ASCII);
            TarArchiveEntry entry = new TarArchiveEntry("output.txt");
            entry.setSize(log.length);
            tar.putArchiveEntry(entry);
            tar.write(log);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static void writeRepeated(OutputStream out, byte b, long count) throws IOException {
        byte[] chunk = new byte[1 << 16];
        Arrays.fill(chunk, b);
        for (long left = count; left > 0; left -= chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, left));
        }
    }
}
