package io.relay4j.providers.internal;

import java.util.Optional;

/**
 * What a vendor's own error vocabulary says an error is, in the terms of {@link ErrorClassifier}'s one status
 * table: the vendor translates its error types, canonical statuses or detail records, and the table alone
 * decides the exception. Examples: Anthropic's {@code overloaded_error} stands for 529 whatever status it came
 * with (or none, inside a stream); Gemini's {@code FAILED_PRECONDITION} for 403, and an {@code API_KEY_INVALID}
 * reason for 401 although Gemini sends 400; a vendor's "input too long" wording for 413.
 *
 * @param status         the HTTP status the error stands for, 100-599; the exception still reports the status
 *                       the reply really had
 * @param quotaExhausted for a 429, whether the vendor's own data settle that the quota is spent (Gemini's
 *                       {@code QuotaFailure}, Anthropic's separate {@code billing_error}); empty leaves it to the
 *                       table's reading of the message
 */
public record VendorReading(int status, Optional<Boolean> quotaExhausted) {

    public VendorReading {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("an HTTP status is 100-599, got " + status);
        }
        if (quotaExhausted == null || (quotaExhausted.isPresent() && status != 429)) {
            throw new IllegalArgumentException("only a 429 reading may settle whether the quota is spent");
        }
    }

    /** The error stands for {@code status}; the table reads the rest from the message. */
    public static VendorReading status(int status) {
        return new VendorReading(status, Optional.empty());
    }

    /** A rate limit (429) whose vendor data say whether the quota is spent, whatever the message says. */
    public static VendorReading rateLimited(boolean quotaExhausted) {
        return new VendorReading(429, Optional.of(quotaExhausted));
    }
}
