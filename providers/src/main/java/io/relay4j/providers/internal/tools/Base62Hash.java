package io.relay4j.providers.internal.tools;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Base62 of the SHA-256 of a string: 42 or 43 letters and digits, the same on every JVM and every run. */
final class Base62Hash {

    private static final char[] DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final BigInteger BASE = BigInteger.valueOf(DIGITS.length);
    /** Enough digits for every hash, so the text has one length whatever the leading digits are. */
    private static final int LENGTH = 43;

    private Base62Hash() {
    }

    static String of(String text) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        BigInteger n = new BigInteger(1, digest);
        char[] out = new char[LENGTH];
        // least significant digit first: the leading base62 digits of a 256-bit number are nearly always 0 or 1
        for (int i = 0; i < LENGTH; i++) {
            BigInteger[] qr = n.divideAndRemainder(BASE);
            out[i] = DIGITS[qr[1].intValue()];
            n = qr[0];
        }
        return new String(out);
    }
}
