package io.relay4j.providers.internal;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A reply's headers as {@link HttpReply} exposes them (lower-case names, first value of each), read through
 * to the headers Netty decoded instead of copied: a reply has a couple of dozen headers and the client reads a
 * handful (request id, retry-after, rate-limit counters, content type), so a lookup finds its header by name
 * (Netty matches names case-insensitively) and only iteration, which errors and tests may use, builds the
 * lower-cased copy, once. Unmodifiable; safe to read from any thread once the headers were received (Netty
 * does not change them afterwards).
 */
public final class ResponseHeaders extends AbstractMap<String, String> {

    private final HttpHeaders headers;
    private volatile Map<String, String> copy;

    private ResponseHeaders(HttpHeaders headers) {
        this.headers = headers;
    }

    /** A view of received headers; they must not be changed afterwards. */
    public static ResponseHeaders of(HttpHeaders received) {
        return new ResponseHeaders(Objects.requireNonNull(received, "received"));
    }

    @Override
    public String get(Object name) {
        return name instanceof String s ? headers.get(s) : null;
    }

    @Override
    public boolean containsKey(Object name) {
        return name instanceof String s && headers.contains(s);
    }

    @Override
    public int size() {
        return lowerCased().size();
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return lowerCased().entrySet();
    }

    private Map<String, String> lowerCased() {
        Map<String, String> c = copy;
        if (c == null) {
            Map<String, String> map = new HashMap<>();
            for (Map.Entry<String, String> e : headers) {
                map.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
            }
            c = Map.copyOf(map);
            copy = c;
        }
        return c;
    }
}
