package org.raypool.wire.asap;

import java.util.Objects;

import org.raypool.wire.param.Cookie;

/** Cookie (0x0B), PE to PU on the control channel. Named to keep it apart from the Cookie parameter. */
public record CookieMessage(Cookie cookie) implements AsapMessage {
    public CookieMessage {
        Objects.requireNonNull(cookie, "cookie");
    }

    @Override
    public AsapMessageType type() {
        return AsapMessageType.COOKIE;
    }
}
