package io.relay4j.providers.internal;

import io.relay4j.core.error.RateLimitInfo;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the vendors' rate-limit headers: {@code retry-after} (seconds, fractional or whole, or an HTTP
 * date), {@code retry-after-ms}, OpenAI's and Groq's {@code x-ratelimit-{limit,remaining,reset}-{requests,tokens}}
 * (resets as Go-like durations: {@code 1s}, {@code 6m0s}, {@code 12ms}, {@code 2m59.56s}) and Anthropic's
 * {@code anthropic-ratelimit-*} (resets as RFC 3339 timestamps, made relative to the given {@code now}).
 *
 * <p>Header names are expected lower-case. A value that cannot be read, and the {@code -1}/{@code 0}
 * placeholders some servers send, are ignored: these methods never throw on bad input.
 */
public final class RateLimitHeaders {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(h|ms|m|s|us|µs|ns)");
    private static final Pattern PLAIN_NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?|\\.\\d+");

    private RateLimitHeaders() {
    }

    /** How long the vendor asked us to wait: {@code retry-after-ms} first, then {@code retry-after}. */
    public static Optional<Duration> retryAfter(Map<String, String> headers, Instant now) {
        Optional<Duration> ms = number(headers.get("retry-after-ms")).map(v -> fromSeconds(v.movePointLeft(3)));
        if (ms.isPresent()) {
            return ms;
        }
        String value = headers.get("retry-after");
        if (value == null) {
            return Optional.empty();
        }
        Optional<Duration> seconds = number(value).map(RateLimitHeaders::fromSeconds);
        return seconds.isPresent() ? seconds : httpDate(value, now);
    }

    /** The counters of the headers, from OpenAI-style or Anthropic-style names, whichever are present. */
    public static RateLimitInfo rateLimit(Map<String, String> headers, Instant now) {
        Axis requests = axis(headers, "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests",
                "x-ratelimit-reset-requests", now)
                .or(() -> anthropicAxis(headers, "requests", now)).orElse(Axis.NONE);
        Axis tokens = axis(headers, "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens",
                "x-ratelimit-reset-tokens", now)
                .or(() -> anthropicAxis(headers, "tokens", now))
                .or(() -> tighter(anthropicAxis(headers, "input-tokens", now), anthropicAxis(headers, "output-tokens", now)))
                .orElse(Axis.NONE);
        return new RateLimitInfo(requests.limit, requests.remaining, requests.reset,
                tokens.limit, tokens.remaining, tokens.reset);
    }

    /**
     * A reset value: a Go-like duration ({@code 1h2m3s}, {@code 7.66s}, {@code 12ms}), plain seconds, or an
     * RFC 3339 timestamp relative to {@code now} (a past timestamp gives zero).
     */
    public static Optional<Duration> reset(String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        Optional<Duration> d = goDuration(v);
        if (d.isPresent()) {
            return d;
        }
        Optional<Duration> seconds = number(v).map(RateLimitHeaders::fromSeconds);
        if (seconds.isPresent()) {
            return seconds;
        }
        try {
            return Optional.of(nonNegative(Duration.between(now, OffsetDateTime.parse(v).toInstant())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A Go-like duration: one or more number-unit pairs ({@code h}, {@code m}, {@code s}, {@code ms}, {@code us}, {@code ns}). */
    public static Optional<Duration> goDuration(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = DURATION_PART.matcher(value);
        int at = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (at < value.length()) {
            if (!m.find(at) || m.start() != at) {
                return Optional.empty();
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(nanosPer(m.group(2))));
            at = m.end();
        }
        try {
            return Optional.of(Duration.ofNanos(nanos.longValueExact()));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static BigDecimal nanosPer(String unit) {
        return switch (unit) {
            case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
            case "m" -> BigDecimal.valueOf(60_000_000_000L);
            case "s" -> BigDecimal.valueOf(1_000_000_000L);
            case "ms" -> BigDecimal.valueOf(1_000_000L);
            case "us", "µs" -> BigDecimal.valueOf(1_000L);
            default -> BigDecimal.ONE;
        };
    }

    private static Optional<Axis> anthropicAxis(Map<String, String> headers, String axis, Instant now) {
        String prefix = "anthropic-ratelimit-" + axis + "-";
        return axis(headers, prefix + "limit", prefix + "remaining", prefix + "reset", now);
    }

    private static Optional<Axis> axis(Map<String, String> headers, String limitName, String remainingName,
                                       String resetName, Instant now) {
        OptionalLong limit = count(headers.get(limitName));
        OptionalLong remaining = count(headers.get(remainingName));
        Optional<Duration> reset = reset(headers.get(resetName), now);
        if (limit.isPresent() && limit.getAsLong() == 0) {
            // a zero limit is a placeholder (Azure), not a limit that blocks everything
            limit = OptionalLong.empty();
            remaining = OptionalLong.empty();
        }
        if (limit.isEmpty() && remaining.isEmpty() && reset.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Axis(limit, remaining, reset));
    }

    /** Of Anthropic's input and output token counters, the one closer to running out. */
    private static Optional<Axis> tighter(Optional<Axis> a, Optional<Axis> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isPresent() ? a : b;
        }
        long ra = a.get().remaining.orElse(Long.MAX_VALUE);
        long rb = b.get().remaining.orElse(Long.MAX_VALUE);
        return rb < ra ? b : a;
    }

    private static OptionalLong count(String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(value.strip());
            return n < 0 ? OptionalLong.empty() : OptionalLong.of(n);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static Optional<BigDecimal> number(String value) {
        if (value == null || !PLAIN_NUMBER.matcher(value.strip()).matches()) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(value.strip()));
    }

    private static Duration fromSeconds(BigDecimal seconds) {
        try {
            return Duration.ofNanos(seconds.movePointRight(9).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            return Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L);
        }
    }

    private static Optional<Duration> httpDate(String value, Instant now) {
        try {
            Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(nonNegative(Duration.between(now, at)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private record Axis(OptionalLong limit, OptionalLong remaining, Optional<Duration> reset) {
        static final Axis NONE = new Axis(OptionalLong.empty(), OptionalLong.empty(), Optional.empty());
    }
}
