package org.raypool.wire.ssp;

/**
 * One Scripting Service Protocol message (docs/protocol/scripting-service.md §3, §4). Instances are immutable and
 * validated on construction, so every instance can be encoded.
 */
public sealed interface SspMessage
        permits NotReady, Ready, FileChunk, KeepAlive, KeepAliveAck, Status, Environment {

    SspType type();

    /** Bytes on the wire, header included; equals the Length field (SSP is never padded). */
    int length();

    /**
     * A PE host name made fit for a Ready / Not Ready info: non-ASCII and control characters become '?',
     * the result is cut to {@link SspCodec#MAX_INFO} characters.
     */
    static String hostInfo(String hostName) {
        StringBuilder info = new StringBuilder(Math.min(hostName.length(), SspCodec.MAX_INFO));
        for (int i = 0; i < hostName.length() && info.length() < SspCodec.MAX_INFO; i++) {
            char c = hostName.charAt(i);
            info.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return info.toString();
    }
}
