package io.relay4j.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.relay4j.core.Attempt;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.PolicyViolation;
import io.relay4j.core.error.RateLimited;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.health.ProviderHealth;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.providers.anthropic.AnthropicProvider;
import io.relay4j.providers.openai.OpenAiProvider;
import io.relay4j.providers.testing.Fixtures;
import io.relay4j.providers.testing.SharedWireMock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The router over two real providers of different vendors, each talking HTTP to WireMock: a failure of the
 * first (OpenAI) is classified by its provider, moves the request to the second (Anthropic) within the same
 * call, is recorded in the answer's attempts and cools the first provider down as its error deserves.
 */
@ExtendWith({NettyLeakGuard.class, SharedWireMock.class})
class RouterFailoverEndToEndTest {

    private static final String OPENAI_PATH = "/v1/chat/completions";
    private static final String ANTHROPIC_PATH = "/v1/messages";
    private static final Duration LONG_COOLDOWN = Duration.ofMinutes(10);
    private static final String REGION_BAN = """
            {"error": {"code": "unsupported_country_region_territory",
                       "message": "Country, region, or territory not supported",
                       "param": null, "type": "request_forbidden"}}""";
    private static final String RATE_LIMIT = """
            {"error": {"message": "Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 500.",
                       "type": "requests", "param": null, "code": "rate_limit_exceeded"}}""";

    private final WireMockServer server = SharedWireMock.server();
    private final OpenAiProvider openai = OpenAiProvider.builder()
            .name("openai").apiKey("sk-test-0123456789abcdef").model("gpt-4o-mini")
            .baseUrl(SharedWireMock.baseUrl() + "/v1").build();
    private final AnthropicProvider anthropic = AnthropicProvider.builder()
            .name("anthropic").apiKey("sk-ant-test-0123456789").model("claude-sonnet-4-5")
            .baseUrl(SharedWireMock.baseUrl() + "/v1").build();
    private final LlmRouter router = LlmRouter.builder()
            .provider(openai).provider(anthropic)
            .cooldown(CooldownConfig.custom().longCooldown(LONG_COOLDOWN).build())
            .build();

    @AfterEach
    void close() {
        openai.close();
        anthropic.close();
    }

    @Test
    void bannedOpenAiFallsOverToAnthropicAndCoolsDownForLong() {
        server.stubFor(post(OPENAI_PATH).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withHeader("x-request-id", "req_ban")
                .withBody(REGION_BAN)));
        anthropicAnswers();

        LlmResponse response = router.generate(LlmRequest.of("Say hi")).block(Duration.ofSeconds(10));

        assertThat(response.provider()).isEqualTo("anthropic");
        assertThat(response.content()).isEqualTo("Hi there.");
        assertThat(response.attempts()).hasSize(2);
        Attempt banned = response.attempts().get(0);
        assertThat(banned.provider()).isEqualTo("openai");
        assertThat(banned.kind()).isEqualTo(Attempt.Kind.PRIMARY);
        assertThat(banned.outcome()).isEqualTo(Attempt.Outcome.FAILED);
        assertThat(banned.errorType()).contains(ErrorType.POLICY_VIOLATION);
        LlmException error = banned.error().orElseThrow();
        assertThat(error).isInstanceOf(PolicyViolation.class);
        assertThat(error.httpStatus()).hasValue(403);
        assertThat(error.requestId()).contains("req_ban");
        assertThat(error.details().vendorCode()).contains("unsupported_country_region_territory");
        Attempt served = response.attempts().get(1);
        assertThat(served.provider()).isEqualTo("anthropic");
        assertThat(served.kind()).isEqualTo(Attempt.Kind.FALLBACK);
        assertThat(served.outcome()).isEqualTo(Attempt.Outcome.SUCCESS);

        ProviderHealth health = router.health("openai");
        assertThat(health.state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(health.lastError()).contains(ErrorType.POLICY_VIOLATION);
        assertThat(health.cooldownRemaining()).hasValueSatisfying(remaining ->
                assertThat(remaining).isGreaterThan(LONG_COOLDOWN.minusMinutes(1)).isLessThanOrEqualTo(LONG_COOLDOWN));
        assertThat(router.health("anthropic").state()).isEqualTo(HealthState.HEALTHY);
        server.verify(1, postRequestedFor(urlEqualTo(OPENAI_PATH)));
        server.verify(1, postRequestedFor(urlEqualTo(ANTHROPIC_PATH)));
    }

    @Test
    void aBannedProviderIsSkippedWithoutACallByTheNextRequest() {
        server.stubFor(post(OPENAI_PATH).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody(REGION_BAN)));
        anthropicAnswers();
        router.generate(LlmRequest.of("first")).block(Duration.ofSeconds(10));

        LlmResponse second = router.generate(LlmRequest.of("second")).block(Duration.ofSeconds(10));

        assertThat(second.provider()).isEqualTo("anthropic");
        assertThat(second.attempts()).extracting(Attempt::provider, Attempt::outcome, Attempt::skipReason)
                .containsExactly(
                        tuple("openai", Attempt.Outcome.SKIPPED, Optional.of(Attempt.SkipReason.COOLING_DOWN)),
                        tuple("anthropic", Attempt.Outcome.SUCCESS, Optional.empty()));
        server.verify(1, postRequestedFor(urlEqualTo(OPENAI_PATH)));
        server.verify(2, postRequestedFor(urlEqualTo(ANTHROPIC_PATH)));
    }

    @Test
    void rateLimitedOpenAiWithALongRetryAfterFallsOverAtOnceAndCoolsDownForThatLong() {
        server.stubFor(post(OPENAI_PATH).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withHeader("retry-after", "30")
                .withHeader("x-request-id", "req_429").withBody(RATE_LIMIT)));
        anthropicAnswers();

        LlmResponse response = router.generate(LlmRequest.of("Say hi")).block(Duration.ofSeconds(10));

        assertThat(response.provider()).isEqualTo("anthropic");
        assertThat(response.attempts()).extracting(Attempt::provider, Attempt::outcome)
                .containsExactly(tuple("openai", Attempt.Outcome.FAILED),
                        tuple("anthropic", Attempt.Outcome.SUCCESS));
        Attempt limited = response.attempts().get(0);
        assertThat(limited.errorType()).contains(ErrorType.RATE_LIMITED);
        RateLimited error = (RateLimited) limited.error().orElseThrow();
        assertThat(error.quotaExhausted()).isFalse();
        assertThat(error.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(error.httpStatus()).hasValue(429);
        assertThat(response.attempts().get(1).kind()).isEqualTo(Attempt.Kind.FALLBACK);
        // 30 s is longer than the router waits out in place (2 s): no retry on OpenAI
        server.verify(1, postRequestedFor(urlEqualTo(OPENAI_PATH)));

        ProviderHealth health = router.health("openai");
        assertThat(health.state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(health.lastError()).contains(ErrorType.RATE_LIMITED);
        assertThat(health.cooldownRemaining()).hasValueSatisfying(remaining ->
                assertThat(remaining).isGreaterThan(Duration.ofSeconds(20)).isLessThanOrEqualTo(Duration.ofSeconds(30)));
    }

    private void anthropicAnswers() {
        server.stubFor(post(ANTHROPIC_PATH).willReturn(okJson(Fixtures.text("anthropic/response-text.json"))
                .withHeader("request-id", "req_anthropic")));
    }
}
