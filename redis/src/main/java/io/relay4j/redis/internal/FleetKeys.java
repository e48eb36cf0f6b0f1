package io.relay4j.redis.internal;

import java.util.regex.Pattern;

/**
 * The Redis keys and channels of one fleet namespace. Every key carries the hash tag {@code {<namespace>}}, so all of
 * a namespace's keys live in one Redis Cluster slot and one script may touch several of them.
 */
public final class FleetKeys {

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._-]+");

    private final String prefix;

    public FleetKeys(String namespace) {
        this.prefix = "relay4j:{" + checkNamespace(namespace) + "}:";
    }

    /** Checks a namespace: letters, digits, {@code . _ -}, at most 100 characters. */
    public static String checkNamespace(String namespace) {
        if (namespace == null || namespace.length() > 100 || !NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace must be 1 to 100 characters of [A-Za-z0-9._-] (it names "
                    + "the fleet's Redis keys), was " + (namespace == null ? "null" : "'" + namespace + "'"));
        }
        return namespace;
    }

    /** The hash of provider health records, one field per provider. */
    public String health() {
        return prefix + "health";
    }

    /** The channel on which merged health records are published. */
    public String healthChannel() {
        return prefix + "health:events";
    }

    /** The half-open probe lease of {@code provider}. */
    public String probe(String provider) {
        return prefix + "probe:" + provider;
    }

    /** A key of this namespace under {@code suffix}, for the other stores. */
    public String key(String suffix) {
        return prefix + suffix;
    }
}
