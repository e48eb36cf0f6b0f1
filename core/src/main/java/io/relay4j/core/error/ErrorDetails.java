package io.relay4j.core.error;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What is known about where a failure came from. Never holds a key or prompt text.
 *
 * @param provider   the provider's name as configured on the router
 * @param httpStatus the HTTP status, where a response arrived
 * @param requestId  the vendor's request id, for support tickets
 * @param retryAfter how long the vendor asked us to wait
 * @param vendorCode the vendor's own error code or type (for example {@code insufficient_quota})
 * @param rateLimit  the vendor's rate-limit counters from the failed response's headers
 */
public record ErrorDetails(
        String provider,
        OptionalInt httpStatus,
        Optional<String> requestId,
        Optional<Duration> retryAfter,
        Optional<String> vendorCode,
        RateLimitInfo rateLimit) {

    public ErrorDetails {
        Objects.requireNonNull(provider, "provider must not be null");
        Objects.requireNonNull(httpStatus, "httpStatus must not be null");
        Objects.requireNonNull(requestId, "requestId must not be null");
        Objects.requireNonNull(retryAfter, "retryAfter must not be null");
        Objects.requireNonNull(vendorCode, "vendorCode must not be null");
        Objects.requireNonNull(rateLimit, "rateLimit must not be null (use RateLimitInfo.NONE)");
        if (retryAfter.isPresent() && retryAfter.get().isNegative()) {
            retryAfter = Optional.of(Duration.ZERO);
        }
    }

    /** Details that name only the provider. */
    public static ErrorDetails of(String provider) {
        return new ErrorDetails(provider, OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                RateLimitInfo.NONE);
    }

    public ErrorDetails withStatus(int status) {
        return new ErrorDetails(provider, OptionalInt.of(status), requestId, retryAfter, vendorCode, rateLimit);
    }

    public ErrorDetails withRequestId(String id) {
        return new ErrorDetails(provider, httpStatus, Optional.ofNullable(id), retryAfter, vendorCode, rateLimit);
    }

    public ErrorDetails withRetryAfter(Duration wait) {
        return new ErrorDetails(provider, httpStatus, requestId, Optional.ofNullable(wait), vendorCode, rateLimit);
    }

    public ErrorDetails withVendorCode(String code) {
        return new ErrorDetails(provider, httpStatus, requestId, retryAfter, Optional.ofNullable(code), rateLimit);
    }

    public ErrorDetails withRateLimit(RateLimitInfo info) {
        return new ErrorDetails(provider, httpStatus, requestId, retryAfter, vendorCode,
                Objects.requireNonNull(info, "rateLimit must not be null"));
    }

    String describe() {
        StringBuilder sb = new StringBuilder();
        httpStatus.ifPresent(s -> sb.append("status ").append(s));
        vendorCode.ifPresent(c -> sb.append(sb.length() > 0 ? ", " : "").append("code ").append(c));
        requestId.ifPresent(r -> sb.append(sb.length() > 0 ? ", " : "").append("request id ").append(r));
        retryAfter.ifPresent(r -> sb.append(sb.length() > 0 ? ", " : "").append("retry after ").append(r.toMillis()).append(" ms"));
        return sb.toString();
    }
}
