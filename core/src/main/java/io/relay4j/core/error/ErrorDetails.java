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
 */
public record ErrorDetails(
        String provider,
        OptionalInt httpStatus,
        Optional<String> requestId,
        Optional<Duration> retryAfter,
        Optional<String> vendorCode) {

    public ErrorDetails {
        Objects.requireNonNull(provider, "provider must not be null");
        Objects.requireNonNull(httpStatus, "httpStatus must not be null");
        Objects.requireNonNull(requestId, "requestId must not be null");
        Objects.requireNonNull(retryAfter, "retryAfter must not be null");
        Objects.requireNonNull(vendorCode, "vendorCode must not be null");
        if (retryAfter.isPresent() && retryAfter.get().isNegative()) {
            retryAfter = Optional.of(Duration.ZERO);
        }
    }

    /** Details that name only the provider. */
    public static ErrorDetails of(String provider) {
        return new ErrorDetails(provider, OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public ErrorDetails withStatus(int status) {
        return new ErrorDetails(provider, OptionalInt.of(status), requestId, retryAfter, vendorCode);
    }

    public ErrorDetails withRequestId(String id) {
        return new ErrorDetails(provider, httpStatus, Optional.ofNullable(id), retryAfter, vendorCode);
    }

    public ErrorDetails withRetryAfter(Duration wait) {
        return new ErrorDetails(provider, httpStatus, requestId, Optional.ofNullable(wait), vendorCode);
    }

    public ErrorDetails withVendorCode(String code) {
        return new ErrorDetails(provider, httpStatus, requestId, retryAfter, Optional.ofNullable(code));
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
