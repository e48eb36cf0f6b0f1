package io.relay4j.core.testing;

import io.relay4j.core.error.AuthenticationFailed;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.ContextLengthExceeded;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidRequest;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.error.Overloaded;
import io.relay4j.core.error.PolicyViolation;
import io.relay4j.core.error.RateLimited;
import io.relay4j.core.error.ServerError;
import io.relay4j.core.error.Timeout;
import io.relay4j.core.error.TransportError;
import java.time.Duration;
import java.util.function.Function;

/** Factories of typed provider errors for scripted tests, as a real provider would classify them. */
public final class Errors {

    private Errors() {
    }

    public static Function<String, LlmException> banned() {
        return p -> new PolicyViolation("use case not allowed", ErrorDetails.of(p).withStatus(403));
    }

    public static Function<String, LlmException> unauthorized() {
        return p -> new AuthenticationFailed("invalid api key", ErrorDetails.of(p).withStatus(401));
    }

    public static Function<String, LlmException> rateLimited(Duration retryAfter) {
        return p -> new RateLimited("rate limited", ErrorDetails.of(p).withStatus(429).withRetryAfter(retryAfter), false);
    }

    public static Function<String, LlmException> rateLimitedNoHint() {
        return p -> new RateLimited("rate limited", ErrorDetails.of(p).withStatus(429), false);
    }

    public static Function<String, LlmException> quotaExhausted() {
        return p -> new RateLimited("quota exhausted",
                ErrorDetails.of(p).withStatus(429).withVendorCode("insufficient_quota"), true);
    }

    public static Function<String, LlmException> serverError() {
        return p -> new ServerError("internal error", ErrorDetails.of(p).withStatus(500));
    }

    public static Function<String, LlmException> overloaded() {
        return p -> new Overloaded("overloaded", ErrorDetails.of(p).withStatus(529));
    }

    public static Function<String, LlmException> connectionReset() {
        return p -> new TransportError("connection reset", ErrorDetails.of(p), true, null);
    }

    public static Function<String, LlmException> timeout() {
        return p -> new Timeout("no answer", ErrorDetails.of(p), Timeout.Kind.ATTEMPT);
    }

    public static Function<String, LlmException> contextTooLong() {
        return p -> new ContextLengthExceeded("context too long", ErrorDetails.of(p).withStatus(400));
    }

    public static Function<String, LlmException> contentFiltered() {
        return p -> new ContentFiltered("content filtered", ErrorDetails.of(p).withStatus(400));
    }

    public static Function<String, LlmException> invalidRequest() {
        return p -> new InvalidRequest("bad request", ErrorDetails.of(p).withStatus(400));
    }

    public static Function<String, LlmException> malformed() {
        return p -> new MalformedResponse("unparseable body", ErrorDetails.of(p).withStatus(200));
    }
}
