package org.raypool.wire.asap;

import java.util.Objects;

import org.raypool.wire.param.Cookie;

/** Cookie Echo (0x0C), PU to the new PE after failover. */
public record CookieEcho(Cookie cookie) implements AsapMessage {
    public CookieEcho {
        Objects.requireNonNull(cookie, "cookie");
    }

    @Override
    public AsapMessageType type() {
        return AsapMessageType.COOKIE_ECHO;
    }
}
