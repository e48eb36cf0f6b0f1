package io.relay4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The parts of a message and the request's tool settings: what they accept, refuse, and never show. */
class ContentPartsTest {

    private static final String SECRET = "card 4111-1111";
    private static final ProviderState SIGNATURE = ProviderState.of("claude", "anthropic", "sig-" + SECRET);

    @Test
    void aToolCallParsesItsArgumentsOnceAndKeepsTheText() {
        ToolCall call = ToolCall.of("call_1", "get_weather", "{\"city\": \"Paris\", \"days\": 3, \"deep\": {\"x\": [1.5]}}");

        assertThat(call.argumentsJson()).isEqualTo("{\"city\": \"Paris\", \"days\": 3, \"deep\": {\"x\": [1.5]}}");
        assertThat(call.arguments()).containsEntry("city", "Paris").containsEntry("days", 3L);
        assertThat(call.arguments().keySet()).containsExactly("city", "days", "deep");
        assertThat(((Map<?, ?>) call.arguments().get("deep")).get("x")).isEqualTo(List.of(new BigDecimal("1.5")));
        assertThat(call.kind()).isEqualTo(ContentPart.Kind.TOOL_CALL);
        assertThat(call.state()).isEmpty();
    }

    @Test
    void blankArgumentsAreAnEmptyObject() {
        for (String blank : List.of("", "  ", "\n")) {
            ToolCall call = ToolCall.of("c", "now", blank);
            assertThat(call.argumentsJson()).isEqualTo("{}");
            assertThat(call.arguments()).isEmpty();
        }
        assertThat(ToolCall.of("c", "now", "")).isEqualTo(ToolCall.of("c", "now", "{ }"));
    }

    @Test
    void argumentsThatAreNotAJsonObjectAreRefusedWithoutQuotingThem() {
        for (String bad : List.of("[\"" + SECRET + "\"]", "\"" + SECRET + "\"", "{\"k\": \"" + SECRET + "\"", "null",
                SECRET)) {
            assertThatThrownBy(() -> ToolCall.of("call_9", "pay", bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("the arguments of tool call 'call_9' (pay) is")
                    .hasMessageNotContaining(SECRET).hasMessageNotContaining("4111");
        }
        assertThatThrownBy(() -> ToolCall.of(" ", "pay", "{}")).hasMessageContaining("tool call id must not be blank");
        assertThatThrownBy(() -> ToolCall.of("c", "", "{}")).hasMessageContaining("tool name must not be blank");
        assertThatThrownBy(() -> ToolCall.of("c", "pay", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void withIdAndWithStateKeepTheArgumentsAndToStringNeverShowsThem() {
        ToolCall call = ToolCall.of("toolu_01", "pay", "{\"card\": \"" + SECRET + "\"}");
        ToolCall renamed = call.withId("call_abc").withState(SIGNATURE);

        assertThat(renamed.id()).isEqualTo("call_abc");
        assertThat(renamed.name()).isEqualTo("pay");
        assertThat(renamed.argumentsJson()).isSameAs(call.argumentsJson());
        assertThat(renamed.arguments()).isSameAs(call.arguments());
        assertThat(renamed.state()).contains(SIGNATURE);
        assertThat(renamed.withId("toolu_01")).isNotEqualTo(call).isEqualTo(call.withState(SIGNATURE));
        assertThatThrownBy(() -> call.withId("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(renamed.toString()).doesNotContain(SECRET).contains("call_abc", "pay", "state");
    }

    @Test
    void anInlineImageCopiesItsBytesAndShowsOnlyTypeAndSize() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        ImagePart image = ImagePart.of(png, " IMAGE/PNG ");
        png[0] = 0;

        assertThat(image.isInline()).isTrue();
        assertThat(image.mediaType()).contains("image/png");
        assertThat(image.data()).containsExactly((byte) 0x89, 'P', 'N', 'G');
        image.data()[1] = 'X';
        assertThat(image.data()[1]).isEqualTo((byte) 'P');
        assertThat(image.size()).isEqualTo(4);
        assertThat(image.base64()).isEqualTo(Base64.getEncoder().encodeToString(image.data()));
        assertThat(image.url()).isEmpty();
        assertThat(image).hasToString("ImagePart[mediaType=image/png, bytes=4]");
        assertThat(ImagePart.ofBase64(image.base64(), "image/png")).isEqualTo(image).hasSameHashCodeAs(image);
    }

    @Test
    void aDataUrlIsAnInlineImageWithTheBareMediaType() {
        String data = Base64.getEncoder().encodeToString("gif-bytes".getBytes(StandardCharsets.US_ASCII));

        ImagePart image = ImagePart.url("data:image/gif;base64," + data);
        assertThat(image.isInline()).isTrue();
        assertThat(image.mediaType()).contains("image/gif");
        assertThat(new String(image.data(), StandardCharsets.US_ASCII)).isEqualTo("gif-bytes");
        // review of issue 13: parameters before ;base64 went to the vendors as part of the media type
        assertThat(ImagePart.url("DATA:image/webp;charset=binary;base64," + data).mediaType()).contains("image/webp");

        for (String bad : List.of("data:image/png," + data, "data:image/png;base64" + data, "data:;base64," + data)) {
            assertThatThrownBy(() -> ImagePart.url(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ImagePart.url("data:image/png;base64,%%%not-base64"))
                .hasMessage("image base64 is not valid base64");
    }

    @Test
    void anHttpUrlImageIsFetchedByTheVendorAndItsPathAndQueryNeverShow() {
        String token = "sig4111token";
        ImagePart image = ImagePart.url("https://cdn.example.com/u/42/photo.png?X-Amz-Signature=" + token);

        assertThat(image.isInline()).isFalse();
        assertThat(image.url()).contains(URI.create("https://cdn.example.com/u/42/photo.png?X-Amz-Signature="
                + token));
        assertThat(image.mediaType()).isEmpty();
        assertThat(image.size()).isZero();
        assertThat(image.base64()).isEmpty();
        assertThat(image).hasToString("ImagePart[url=https://cdn.example.com]");
        assertThat(ImagePart.url("http://user:" + token + "@example.com/a.png").toString()).doesNotContain(token);

        for (String bad : List.of("ftp://example.com/a.png", "file:///etc/passwd", "/relative.png", "https:///x",
                "https://exa mple.com/")) {
            assertThatThrownBy(() -> ImagePart.url(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("image url");
        }
    }

    @Test
    void anImageNeedsBytesAndAnImageMediaType() {
        byte[] one = {1};
        assertThatThrownBy(() -> ImagePart.of(new byte[0], "image/png")).hasMessage("image data must not be empty");
        for (String bad : List.of("text/plain", "image/", "image", "application/pdf", "image/png; q=1", "image/ png")) {
            assertThatThrownBy(() -> ImagePart.of(one, bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("mediaType must be an image type");
        }
        assertThat(ImagePart.of(one, "image/svg+xml").mediaType()).contains("image/svg+xml");
        assertThat(ImagePart.of(one, "image/vnd.microsoft.icon").mediaType()).contains("image/vnd.microsoft.icon");
    }

    @Test
    void aToolResultAnswersOneCallWithTextAndImagesOnly() {
        ImagePart chart = ImagePart.of(new byte[] {7}, "image/png");
        ToolResult result = ToolResult.of("call_1", List.of(TextPart.of("part one, "), chart, TextPart.of("part two")));

        assertThat(result.callId()).isEqualTo("call_1");
        assertThat(result.text()).isEqualTo("part one, part two");
        assertThat(result.content()).hasSize(3);
        assertThat(result.isError()).isFalse();
        assertThat(result.kind()).isEqualTo(ContentPart.Kind.TOOL_RESULT);
        assertThat(ToolResult.of("c", SECRET).text()).isEqualTo(SECRET);
        assertThat(ToolResult.of("c", SECRET).toString()).doesNotContain(SECRET);

        ToolResult failed = ToolResult.error("call_2", "the service is down");
        assertThat(failed.isError()).isTrue();
        assertThat(failed.text()).isEqualTo("the service is down");
        assertThat(failed).isNotEqualTo(ToolResult.of("call_2", "the service is down"));

        assertThatThrownBy(() -> ToolResult.of(" ", "x")).hasMessageContaining("callId must not be blank");
        assertThatThrownBy(() -> ToolResult.of("c", List.of(ToolCall.of("c", "n", "{}"))))
                .hasMessageContaining("text and images only");
        assertThatThrownBy(() -> ToolResult.of("c", List.of(ReasoningPart.of("x"))))
                .hasMessageContaining("text and images only");
    }

    @Test
    void aToolHasAPortableNameAndAnObjectSchema() {
        Tool tool = Tool.of("get_weather-v2", "the weather", "{\"type\":\"object\",\"properties\":{}}");
        assertThat(tool.strict()).isFalse();
        assertThat(tool.withStrict(true).strict()).isTrue();
        assertThat(tool.withStrict(true)).isNotEqualTo(tool);
        assertThat(tool).hasToString("Tool[name=get_weather-v2]");
        assertThat(Tool.withoutParameters("now", "").parametersJson()).isEqualTo("{\"type\":\"object\",\"properties\":{}}");
        assertThat(Tool.of("a".repeat(64), "", "{}").name()).hasSize(64);

        for (String bad : List.of("", "a".repeat(65), "get weather", "get.weather", "wetter_ä", "a/b")) {
            assertThatThrownBy(() -> Tool.of(bad, "", "{}")).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tool name must be 1-64 letters");
        }
        for (String bad : List.of("[]", "\"object\"", "{\"type\":", "")) {
            assertThatThrownBy(() -> Tool.of("t", "", bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("the parameters schema of tool 't'");
        }
        assertThatThrownBy(() -> Tool.of("t", null, "{}")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aToolChoiceIsAModeOrOneNamedTool() {
        assertThat(ToolChoice.auto().mode()).isEqualTo(ToolChoice.Mode.AUTO);
        assertThat(ToolChoice.none().mode()).isEqualTo(ToolChoice.Mode.NONE);
        assertThat(ToolChoice.required().mode()).isEqualTo(ToolChoice.Mode.REQUIRED);
        assertThat(ToolChoice.required().toolName()).isEmpty();
        ToolChoice one = ToolChoice.tool("search");
        assertThat(one.mode()).isEqualTo(ToolChoice.Mode.TOOL);
        assertThat(one.toolName()).contains("search");
        assertThat(one).isEqualTo(ToolChoice.tool("search")).isNotEqualTo(ToolChoice.tool("other"))
                .hasToString("ToolChoice[TOOL search]");
        assertThatThrownBy(() -> ToolChoice.tool(" ")).hasMessage("tool name must not be blank");
    }

    @Test
    void reasoningIsAnEffortABudgetOrOff() {
        Reasoning high = Reasoning.effort(Reasoning.Effort.HIGH);
        assertThat(high.enabled()).isTrue();
        assertThat(high.effortLevel()).contains(Reasoning.Effort.HIGH);
        assertThat(high.budget()).isEmpty();
        assertThat(high).hasToString("Reasoning[HIGH]");

        Reasoning budget = Reasoning.budgetTokens(2048);
        assertThat(budget.budget().getAsInt()).isEqualTo(2048);
        assertThat(budget.effortLevel()).isEmpty();
        assertThat(budget).hasToString("Reasoning[2048 tokens]").isEqualTo(Reasoning.budgetTokens(2048));

        assertThat(Reasoning.off().enabled()).isFalse();
        assertThat(Reasoning.off()).hasToString("Reasoning[off]");
        assertThatThrownBy(() -> Reasoning.budgetTokens(1023)).hasMessageContaining("at least 1024");
    }

    @Test
    void reasoningPartsTextPartsAndStateNeverShowTheirText() {
        ReasoningPart thought = ReasoningPart.of(SECRET).withState(SIGNATURE);
        assertThat(thought.text()).isEqualTo(SECRET);
        assertThat(thought.isRedacted()).isFalse();
        assertThat(thought.toString()).doesNotContain(SECRET).contains("state");

        ReasoningPart redacted = ReasoningPart.redacted(SIGNATURE);
        assertThat(redacted.isRedacted()).isTrue();
        assertThat(redacted.text()).isEmpty();
        assertThat(redacted.state()).contains(SIGNATURE);
        assertThat(redacted).isNotEqualTo(ReasoningPart.of("").withState(SIGNATURE));

        TextPart text = TextPart.of(SECRET).withState(SIGNATURE);
        assertThat(text.toString()).doesNotContain(SECRET);
        assertThat(text).isNotEqualTo(TextPart.of(SECRET));

        assertThat(SIGNATURE.toString()).doesNotContain(SECRET).contains("claude", "anthropic");
        assertThat(SIGNATURE.isFrom("claude", "anthropic")).isTrue();
        assertThat(SIGNATURE.isFrom("claude-eu", "anthropic")).isFalse();
        assertThat(SIGNATURE.isFrom("claude", "aws.bedrock")).isFalse();
        assertThatThrownBy(() -> ProviderState.of(" ", "v", "x")).hasMessage("provider must not be blank");
        assertThat(Optional.of(SIGNATURE)).contains(ProviderState.of("claude", "anthropic", "sig-" + SECRET));
    }
}
