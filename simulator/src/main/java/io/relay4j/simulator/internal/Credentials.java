package io.relay4j.simulator.internal;

/** Presence checks for credentials; the simulator accepts any non-blank key and never looks at it further. */
final class Credentials {

    private Credentials() {
    }

    static boolean hasBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && !authorization.substring(7).isBlank();
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
