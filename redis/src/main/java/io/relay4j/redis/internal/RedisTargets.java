package io.relay4j.redis.internal;

import io.lettuce.core.RedisURI;
import java.util.stream.Collectors;

/**
 * Reads a Redis URI without ever repeating it: it may hold a password, so a message or a log names the server by
 * host and port only.
 */
public final class RedisTargets {

    private RedisTargets() {
    }

    /** Checks that {@code uri} parses; the message of a failure names the problem, not the URI. */
    public static String check(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("uri must be a Redis URI such as redis://host:6379, rediss://host:6380 "
                    + "or redis-sentinel://host:26379?sentinelMasterId=name, was " + (uri == null ? "null" : "blank"));
        }
        parse(uri);
        return uri;
    }

    /** The parsed URI; a failure's message and cause never hold the URI's text. */
    public static RedisURI parse(String uri) {
        RedisURI parsed;
        try {
            parsed = RedisURI.create(uri);
        } catch (RuntimeException e) {
            // Lettuce's message may quote the URI, password included: not chained
            throw new IllegalArgumentException("uri is not a Redis URI Lettuce can read (scheme redis://, rediss://, "
                    + "redis-socket:// or redis-sentinel://, then [[user]:password@]host[:port][/database]); "
                    + "the value is not repeated as it may hold a password");
        }
        if (parsed.getSentinels().isEmpty() && (parsed.getHost() == null || parsed.getHost().isEmpty())
                && parsed.getSocket() == null) {
            throw new IllegalArgumentException("uri names no Redis host (e.g. redis://host:6379)");
        }
        return parsed;
    }

    /**
     * What a log may say about a failure: the chain of exception types, with the server's own replies (an error
     * Redis sent, such as {@code WRONGPASS ...} or {@code CLUSTERDOWN ...}, which never repeats a password); other
     * messages are left out, since a client's may quote the URI.
     */
    public static String describe(Throwable error) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = error; t != null && out.length() < 500; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
                continue;
            }
            if (out.length() > 0) {
                out.append(" <- ");
            }
            out.append(t.getClass().getSimpleName());
            if (t instanceof io.lettuce.core.RedisCommandExecutionException && t.getMessage() != null) {
                out.append(": ").append(t.getMessage());
            }
        }
        return out.toString();
    }

    /** {@code host:port}, the Sentinels' for Sentinel, with {@code (tls)} when so: never credentials. */
    public static String describe(RedisURI uri) {
        String where;
        if (!uri.getSentinels().isEmpty()) {
            where = "sentinel " + uri.getSentinels().stream().map(s -> s.getHost() + ":" + s.getPort())
                    .collect(Collectors.joining(",")) + " master " + uri.getSentinelMasterId();
        } else if (uri.getSocket() != null) {
            where = "socket " + uri.getSocket();
        } else {
            where = uri.getHost() + ":" + uri.getPort();
        }
        return uri.isSsl() ? where + " (tls)" : where;
    }
}
