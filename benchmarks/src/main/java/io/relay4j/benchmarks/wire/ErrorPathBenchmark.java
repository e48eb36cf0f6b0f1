package io.relay4j.benchmarks.wire;

import io.relay4j.core.error.LlmException;
import io.relay4j.providers.internal.ApiKey;
import io.relay4j.providers.internal.ErrorClassifier;
import io.relay4j.providers.internal.HttpReply;
import io.relay4j.providers.internal.Redactor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a failed provider call costs before the router falls over, on one thread with no I/O: redacting a
 * vendor's error message ({@code scrub*}, ns per message) and classifying a whole error reply into its
 * exception ({@code classify*}, ns per reply, including the exception's construction). With {@code -prof gc},
 * {@code gc.alloc.rate.norm} is bytes allocated per operation.
 */
@State(Scope.Benchmark)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ErrorPathBenchmark {

    private static final String SERVER_ERROR_MESSAGE = "The server had an error while processing your request. "
            + "Sorry about that! You can retry your request, or contact us through our help center at "
            + "help.openai.com if the error persists. (Please include the request ID req_4b1e0c0a9f in your message.)";
    private static final String KEY_ECHO_MESSAGE = "Incorrect API key provided: sk-proj-abc***************xyz1. "
            + "You can find your API key at https://platform.openai.com/account/api-keys.";
    private static final String RATE_LIMIT_BODY = "{\"error\":{\"message\":\"Rate limit reached for gpt-4o in "
            + "organization org-x on tokens per min (TPM): Limit 30000, Used 29800, Requested 900. Please try again "
            + "in 1.4s.\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}";

    private final Redactor redactor = Redactor.of(Optional.of(ApiKey.of("sk-bench-0123456789abcdefghij")));
    private final HttpReply serverError = reply(500, "{\"error\":{\"message\":\"" + SERVER_ERROR_MESSAGE
            + "\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
    private final HttpReply rateLimited = reply(429, RATE_LIMIT_BODY);

    @Benchmark
    public String scrubServerErrorMessage() {
        return redactor.scrub(SERVER_ERROR_MESSAGE);
    }

    @Benchmark
    public String scrubEchoedKey() {
        return redactor.scrub(KEY_ECHO_MESSAGE);
    }

    @Benchmark
    public LlmException classifyServerError() {
        return ErrorClassifier.fromReply(serverError, redactor);
    }

    @Benchmark
    public LlmException classifyRateLimitWithHint() {
        return ErrorClassifier.fromReply(rateLimited, redactor);
    }

    private static HttpReply reply(int status, String body) {
        return new HttpReply("bench", status, Map.of("x-request-id", "req_4b1e0c0a9f"),
                body.getBytes(StandardCharsets.UTF_8), Duration.ofMillis(80));
    }
}
