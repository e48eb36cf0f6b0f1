package io.relay4j.providers.internal;

import io.relay4j.core.error.AuthenticationFailed;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.ContextLengthExceeded;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidRequest;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.ModelNotFound;
import io.relay4j.core.error.Overloaded;
import io.relay4j.core.error.PolicyViolation;
import io.relay4j.core.error.RateLimitInfo;
import io.relay4j.core.error.RateLimited;
import io.relay4j.core.error.ServerError;
import io.relay4j.core.error.Timeout;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one status-to-taxonomy table, applied to every vendor's error replies and in-body errors. Vendor
 * protocols parse their body into a {@link VendorError} (or let {@link #fromReply(HttpReply, Redactor)} do it
 * for the common envelopes). A vendor whose error vocabulary says more than the HTTP status (Anthropic's error
 * types, Gemini's canonical statuses and detail records) translates it into a {@link VendorReading}, the
 * status the error stands for, and the same table decides the exception; it keeps no table of its own.
 *
 * <p>Defaults: 400 is {@code ContextLengthExceeded} or {@code ContentFiltered} when the code or message
 * says so (OpenAI's {@code content_policy_violation}, Azure's {@code content_filter}), otherwise
 * {@code InvalidRequest} (as are 409, 422 and other 4xx); 401 {@code AuthenticationFailed}; 402
 * {@code RateLimited(quotaExhausted)}; 403 {@code PolicyViolation}, unless a moderation filter refused the
 * input (OpenRouter's 403), which is {@code ContentFiltered}: a ban cools the provider down for long, a refused
 * prompt is the request's doing; 404 {@code ModelNotFound}; 408 {@code Timeout(ATTEMPT)}; 413
 * {@code ContextLengthExceeded}; 429 {@code RateLimited}; 503, 529 and Groq's 498 (capacity exceeded)
 * {@code Overloaded}; other 5xx {@code ServerError}. Every exception
 * carries the provider, status, request id, retry-after, vendor code and rate-limit counters; its
 * message holds the vendor's message redacted and capped, never a raw body.
 */
public final class ErrorClassifier {

    private static final Pattern RETRY_HINT = Pattern.compile(
            "(?i)(?:try again|retry)\\s+(?:in|after)\\s+([0-9][0-9.hms]*)\\s*(milliseconds?|seconds?|secs?|minutes?|mins?)?");

    private ErrorClassifier() {
    }

    /** Classifies a non-2xx reply from the common JSON envelopes, or from the status alone. */
    public static LlmException fromReply(HttpReply reply, Redactor redactor) {
        return fromReply(reply, VendorError.parse(reply.body()), redactor, Instant.now());
    }

    /** Classifies a reply whose vendor error the protocol already parsed (empty: no understood error body). */
    public static LlmException fromReply(HttpReply reply, Optional<VendorError> error, Redactor redactor,
                                         Instant now) {
        if (error.isPresent()) {
            return fromReply(reply, error.get(), VendorReading.status(reply.status()), details(reply, now), redactor);
        }
        return byStatus(VendorReading.status(reply.status()), ErrorBodies.describe(reply.status(), reply.body()),
                details(reply, now), error);
    }

    /**
     * Classifies a reply whose error the vendor's vocabulary has read: the table applied to the status
     * {@code reading} says the error stands for.
     *
     * @param details the reply's {@linkplain #details details}, with anything the vendor's body adds (a request id,
     *                a retry delay); the vendor code is set from {@code error}'s code, else its type
     */
    public static LlmException fromReply(HttpReply reply, VendorError error, VendorReading reading,
                                         ErrorDetails details, Redactor redactor) {
        String message = "HTTP " + reply.status() + ": " + redactor.scrub(error.message());
        return byStatus(reading, message, details.withVendorCode(error.codeOrType().orElse(null)), Optional.of(error));
    }

    /**
     * Classifies an error the vendor sent inside a 2xx stream or body (OpenAI's {@code data: {"error":...}},
     * Anthropic's {@code event: error}), from its code or type: rate limits, quota, overload, context length,
     * content filters, invalid requests, bad keys and unknown models keep their meaning; anything else is a
     * {@code ServerError}.
     */
    public static LlmException inBody(ErrorDetails details, VendorError error, Redactor redactor) {
        return inBody(details, error, VendorReading.status(impliedStatus(error)), redactor);
    }

    /**
     * Classifies an error sent inside a 2xx stream or body that the vendor's vocabulary has read: the table
     * applied to the status {@code reading} says the error stands for. The vendor code is set from
     * {@code error}'s code, else its type.
     */
    public static LlmException inBody(ErrorDetails details, VendorError error, VendorReading reading,
                                      Redactor redactor) {
        String message = "the vendor reported an error in the response body: " + redactor.scrub(error.message());
        return byStatus(reading, message, details.withVendorCode(error.codeOrType().orElse(null)), Optional.of(error));
    }

    /** Status, request id, retry-after and rate-limit counters of a reply. */
    public static ErrorDetails details(HttpReply reply, Instant now) {
        RateLimitInfo rateLimit = RateLimitHeaders.rateLimit(reply.headers(), now);
        return ErrorDetails.of(reply.provider())
                .withStatus(reply.status())
                .withRequestId(requestId(reply).orElse(null))
                .withRetryAfter(RateLimitHeaders.retryAfter(reply.headers(), now).orElse(null))
                .withRateLimit(rateLimit);
    }

    /** The vendor's request id: {@code x-request-id}, {@code request-id} or Azure's {@code apim-request-id}. */
    public static Optional<String> requestId(HttpReply reply) {
        return reply.header("x-request-id").or(() -> reply.header("request-id"))
                .or(() -> reply.header("apim-request-id"));
    }

    /** A wait stated in a message: "Please try again in 644ms", "try again in 20s", "retry after 86400 seconds". */
    public static Optional<Duration> retryHint(String message) {
        if (!mentionsTry(message)) {
            return Optional.empty();
        }
        Matcher m = RETRY_HINT.matcher(message);
        if (!m.find()) {
            return Optional.empty();
        }
        String amount = m.group(1).replaceAll("\\.$", "");
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        if (unit.startsWith("milli")) {
            return RateLimitHeaders.goDuration(amount + "ms");
        }
        if (unit.startsWith("min")) {
            return RateLimitHeaders.goDuration(amount + "m");
        }
        if (!unit.isEmpty() || amount.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            return RateLimitHeaders.goDuration(amount + "s");
        }
        return RateLimitHeaders.goDuration(amount);
    }

    /**
     * Whether the message holds "try", ASCII case-insensitively: both of {@link #RETRY_HINT}'s anchors ("try
     * again", "retry") do, and most messages do not, so the regex runs only where it can match.
     */
    private static boolean mentionsTry(String message) {
        if (message == null) {
            return false;
        }
        for (int i = 0; i + 2 < message.length(); i++) {
            if ((message.charAt(i) | 0x20) == 't' && (message.charAt(i + 1) | 0x20) == 'r'
                    && (message.charAt(i + 2) | 0x20) == 'y') {
                return true;
            }
        }
        return false;
    }

    /** Whether code, type or message say the prompt is too long for the model. */
    public static boolean saysContextTooLong(Optional<VendorError> error) {
        return error.map(VendorError::searchable).map(s -> s.contains("context_length_exceeded")
                || s.contains("maximum context length") || s.contains("prompt is too long")
                || s.contains("context window") || s.contains("exceed context limit")
                || s.contains("too many tokens") || s.contains("string_above_max_length")).orElse(false);
    }

    /**
     * Whether code, type or message say a content filter or moderation refused the prompt or the answer: Azure's
     * {@code content_filter} ({@code ResponsibleAIPolicyViolation}), OpenAI's {@code content_policy_violation}
     * ("rejected as a result of our safety system"), Anthropic's "Output blocked by content filtering policy",
     * OpenRouter's moderation ("requires moderation ... flagged").
     */
    public static boolean saysContentFiltered(Optional<VendorError> error) {
        return error.map(VendorError::searchable).map(s -> s.contains("content_filter")
                || s.contains("content_policy_violation") || s.contains("responsibleaipolicyviolation")
                || s.contains("content management policy") || s.contains("content filtering policy")
                || s.contains("our safety system")
                || (s.contains("moderation") && s.contains("flagged"))).orElse(false);
    }

    /** Whether code, type or message say the account's quota, credit or billing is spent. */
    public static boolean saysQuotaExhausted(Optional<VendorError> error) {
        // not a bare "billing": OpenAI's ordinary rate-limit messages link to the billing page
        return error.map(VendorError::searchable).map(s -> s.contains("insufficient_quota")
                || s.contains("exceeded your current quota") || s.contains("quota exceeded")
                || s.contains("out of quota") || s.contains("billing details") || s.contains("insufficient credit")
                || s.contains("insufficient balance")).orElse(false);
    }

    private static LlmException byStatus(VendorReading reading, String message, ErrorDetails d,
                                         Optional<VendorError> error) {
        return switch (reading.status()) {
            case 400 -> {
                if (saysContextTooLong(error)) {
                    yield new ContextLengthExceeded(message, d);
                }
                yield saysContentFiltered(error) ? new ContentFiltered(message, d) : new InvalidRequest(message, d);
            }
            case 401 -> new AuthenticationFailed(message, d);
            case 402 -> new RateLimited(message, d, true);
            case 403 -> saysContentFiltered(error) ? new ContentFiltered(message, d) : new PolicyViolation(message, d);
            case 404 -> new ModelNotFound(message, d);
            case 408 -> new Timeout(message, d, Timeout.Kind.ATTEMPT);
            case 413 -> new ContextLengthExceeded(message, d);
            case 429 -> rateLimited(message, d, error,
                    reading.quotaExhausted().orElseGet(() -> saysQuotaExhausted(error)));
            case 498, 503, 529 -> new Overloaded(message, d);
            default -> {
                if (reading.status() >= 500) {
                    yield new ServerError(message, d);
                }
                yield saysContextTooLong(error) ? new ContextLengthExceeded(message, d) : new InvalidRequest(message, d);
            }
        };
    }

    private static RateLimited rateLimited(String message, ErrorDetails d, Optional<VendorError> error,
                                           boolean quotaExhausted) {
        ErrorDetails withWait = d;
        if (d.retryAfter().isEmpty()) {
            Optional<Duration> wait = d.rateLimit().exhaustedUntilReset()
                    .or(() -> error.flatMap(e -> retryHint(e.message())));
            withWait = d.withRetryAfter(wait.orElse(null));
        }
        return new RateLimited(message, withWait, quotaExhausted);
    }

    /** The status an in-body error stands for: its numeric code, or one implied by its code or type. */
    private static int impliedStatus(VendorError error) {
        Optional<String> numeric = error.code().filter(c -> c.matches("[1-5]\\d\\d"));
        if (numeric.isPresent()) {
            return Integer.parseInt(numeric.get());
        }
        String s = error.searchable();
        if (s.contains("rate_limit") || s.contains("insufficient_quota") || s.contains("resource_exhausted")) {
            return 429;
        }
        if (s.contains("overloaded") || s.contains("unavailable")) {
            return 503;
        }
        if (saysContextTooLong(Optional.of(error)) || saysContentFiltered(Optional.of(error))) {
            return 400;
        }
        // the specific codes first: OpenAI sends them with the generic type invalid_request_error
        if (s.contains("invalid_api_key") || s.contains("authentication_error")) {
            return 401;
        }
        if (s.contains("model_not_found")) {
            return 404;
        }
        return s.contains("invalid_request_error") ? 400 : 500;
    }
}
