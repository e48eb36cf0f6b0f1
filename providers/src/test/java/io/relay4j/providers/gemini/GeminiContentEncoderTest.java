package io.relay4j.providers.gemini;

import static io.relay4j.providers.gemini.GeminiFixtures.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relay4j.core.ContentPart;
import io.relay4j.core.ImagePart;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Message;
import io.relay4j.core.ProviderState;
import io.relay4j.core.Reasoning;
import io.relay4j.core.ReasoningPart;
import io.relay4j.core.TextPart;
import io.relay4j.core.Tool;
import io.relay4j.core.ToolCall;
import io.relay4j.core.ToolChoice;
import io.relay4j.core.ToolResult;
import io.relay4j.core.error.InvalidRequest;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the content model reaches Gemini's request body. */
class GeminiContentEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};

    private static JsonNode body(LlmRequest request) {
        return body(GeminiFixtures.protocol(), request);
    }

    private static JsonNode body(GeminiProtocol protocol, LlmRequest request) {
        try {
            return JSON.readTree(protocol.encode(request, false).body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ProviderState own(String value) {
        return ProviderState.of(PROVIDER, "gcp.gemini", value);
    }

    @Test
    void toolResultsOfOneStepFormOneUserContentInCallOrderWithTheCallsNamesAndOnlyGeminisIds() {
        // the turn Gemini answered carries its signature: that is how its ids are known to be Gemini's own
        ToolCall issued = ToolCall.of("fc-abc", "get_weather", "{\"city\":\"Paris\"}").withState(own("sig-call"));
        ToolCall synthesized = ToolCall.of("relay4j-gemini-0-1", "get_time", "{}");
        LlmRequest request = LlmRequest.builder()
                .user("Weather and time?")
                .message(Message.assistant(List.of(issued, synthesized)))
                .message(Message.toolResult("relay4j-gemini-0-1", "12:00"))
                .message(Message.toolResults(List.of(ToolResult.error("fc-abc", "service down"))))
                .user("Thanks")
                .build();

        assertThat(body(request).path("contents")).isEqualTo(json("""
                [{"role":"user","parts":[{"text":"Weather and time?"}]},
                 {"role":"model","parts":[
                   {"functionCall":{"name":"get_weather","args":{"city":"Paris"},"id":"fc-abc"},"thoughtSignature":"sig-call"},
                   {"functionCall":{"name":"get_time","args":{}}}]},
                 {"role":"user","parts":[
                   {"functionResponse":{"name":"get_weather","id":"fc-abc","response":{"error":"service down"}}},
                   {"functionResponse":{"name":"get_time","response":{"output":"12:00"}}},
                   {"text":"Thanks"}]}]"""));
    }

    @Test
    void anotherVendorsCallIdsAndNamesAreLeftOutOrRewrittenForGeminiCallAndResponseAlike() {
        LlmRequest request = LlmRequest.builder()
                .user("q")
                .message(Message.assistant(List.of(ToolCall.of("toolu_01AbCdEf", "get_weather", "{}"),
                        ToolCall.of("functions.Bash:0", "1bash.run", "{}"))))
                .message(Message.toolResults(List.of(ToolResult.of("toolu_01AbCdEf", "sun"),
                        ToolResult.of("functions.Bash:0", "ok"))))
                .build();

        JsonNode contents = body(request).path("contents");
        JsonNode calls = contents.path(1).path("parts");
        JsonNode responses = contents.path(2).path("parts");

        assertThat(calls.path(0).path("functionCall").has("id")).isFalse();
        assertThat(responses.path(0).path("functionResponse").has("id")).isFalse();
        String renamed = calls.path(1).path("functionCall").path("name").asText();
        assertThat(renamed).matches("[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}").startsWith("_1bash_run_");
        assertThat(responses.path(1).path("functionResponse").path("name").asText()).isEqualTo(renamed);
    }

    @Test
    void aToolResultAnsweringNoCallOfThePrecedingAssistantMessageIsAnInvalidRequest() {
        LlmRequest request = LlmRequest.builder()
                .user("q")
                .message(Message.assistant(List.of(ToolCall.of("fc-1", "f", "{}"))))
                .message(Message.toolResult("fc-2", "orphan"))
                .build();

        assertThatThrownBy(() -> body(request)).isInstanceOfSatisfying(InvalidRequest.class, e -> assertThat(
                e.getMessage()).contains("message 2").contains("'fc-2'").contains("preceding assistant message"));
    }

    @Test
    void signaturesGoBackOnTheirPartsOnlyForThisProviderAndVendor() {
        ProviderState otherProvider = ProviderState.of("gemini-backup", "gcp.gemini", "sig-other-account");
        ProviderState otherVendor = ProviderState.of(PROVIDER, "anthropic", "sig-anthropic");
        LlmRequest request = LlmRequest.builder()
                .user("q")
                .message(Message.assistant(List.of(
                        ReasoningPart.of("unsigned thought"),
                        ReasoningPart.of("signed thought").withState(own("sig-thought")),
                        ReasoningPart.of("foreign thought").withState(otherVendor),
                        TextPart.of("text").withState(own("sig-text")),
                        ToolCall.of("fc-1", "f", "{\"a\":1}").withState(otherProvider),
                        ToolCall.of("fc-2", "g", "{}").withState(own("sig-call")),
                        TextPart.of("").withState(otherVendor))))
                .user("next")
                .build();

        assertThat(body(request).path("contents").path(1)).isEqualTo(json("""
                {"role":"model","parts":[
                  {"text":"signed thought","thought":true,"thoughtSignature":"sig-thought"},
                  {"text":"text","thoughtSignature":"sig-text"},
                  {"functionCall":{"name":"f","args":{"a":1},"id":"fc-1"}},
                  {"functionCall":{"name":"g","args":{},"id":"fc-2"},"thoughtSignature":"sig-call"},
                  {"text":""}]}"""));
    }

    @Test
    void onGemini3TheFirstCallOfAStepWithoutThisProvidersSignatureGetsThePlaceholder() {
        GeminiProtocol gemini3 = GeminiFixtures.protocol("gemini-3-flash-preview");
        LlmRequest foreignStep = LlmRequest.builder()
                .user("q")
                .message(Message.assistant(List.of(TextPart.of("calling"), ToolCall.of("call_openai1", "f", "{}"),
                        ToolCall.of("call_openai2", "g", "{}"))))
                .message(Message.toolResults(List.of(ToolResult.of("call_openai1", "1"), ToolResult.of("call_openai2",
                        "2"))))
                .message(Message.assistant(List.of(
                        ToolCall.of("fc-own", "f", "{}").withState(own("sig-own")))))
                .message(Message.toolResult("fc-own", "3"))
                .build();

        JsonNode contents = body(gemini3, foreignStep).path("contents");
        JsonNode firstStep = contents.path(1).path("parts");
        JsonNode secondStep = contents.path(3).path("parts");

        assertThat(firstStep.path(0).has("thoughtSignature")).isFalse();
        assertThat(firstStep.path(1).path("thoughtSignature").asText()).isEqualTo("skip_thought_signature_validator");
        assertThat(firstStep.path(2).has("thoughtSignature")).isFalse();
        assertThat(secondStep.path(0).path("thoughtSignature").asText()).isEqualTo("sig-own");
        assertThat(body(foreignStep).path("contents").path(1).path("parts").path(1).has("thoughtSignature"))
                .as("Gemini 2.5 needs no placeholder").isFalse();
    }

    @Test
    void inlineImagesAreInlineDataAndUrlImagesAreFileData() {
        LlmRequest request = LlmRequest.builder()
                .message(Message.user(TextPart.of("Compare"), ImagePart.of(PNG, "image/png"),
                        ImagePart.url("https://example.com/photos/cat.JPG?sig=abc"),
                        ImagePart.url("https://example.com/render?id=7")))
                .build();

        assertThat(body(request).path("contents").path(0).path("parts")).isEqualTo(json("""
                [{"text":"Compare"},
                 {"inlineData":{"mimeType":"image/png","data":"iVBORwECAw=="}},
                 {"fileData":{"mimeType":"image/jpeg","fileUri":"https://example.com/photos/cat.JPG?sig=abc"}},
                 {"fileData":{"fileUri":"https://example.com/render?id=7"}}]"""));
    }

    @Test
    void imagesInToolResultsAreNestedOnGemini3AndFollowTheResponsesOnEarlierModels() {
        LlmRequest request = LlmRequest.builder()
                .user("Screenshot?")
                .message(Message.assistant(List.of(ToolCall.of("fc-1", "screenshot", "{}").withState(own("sig")))))
                .message(Message.toolResults(List.of(ToolResult.of("fc-1",
                        List.<ContentPart>of(TextPart.of("done"), ImagePart.of(PNG, "image/png"))))))
                .build();
        String inline = "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"iVBORwECAw==\"}}";

        assertThat(body(GeminiFixtures.protocol("gemini-3-pro-preview"), request).path("contents").path(2))
                .isEqualTo(json("{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"screenshot\","
                        + "\"id\":\"fc-1\",\"response\":{\"output\":\"done\"},\"parts\":[" + inline + "]}}]}"));
        assertThat(body(request).path("contents").path(2))
                .isEqualTo(json("{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"screenshot\","
                        + "\"id\":\"fc-1\",\"response\":{\"output\":\"done\"}}}," + inline + "]}"));
    }

    @Test
    void toolsAreFunctionDeclarationsWithTheirJsonSchema() {
        LlmRequest request = LlmRequest.builder().user("q")
                .tool(Tool.of("get_weather", "Weather of a city",
                        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"))
                .tool(Tool.withoutParameters("now", ""))
                .parallelToolCalls(false)
                .build();

        JsonNode body = body(request);

        assertThat(body.path("tools")).isEqualTo(json("""
                [{"functionDeclarations":[
                  {"name":"get_weather","description":"Weather of a city","parametersJsonSchema":
                    {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
                  {"name":"now","parametersJsonSchema":{"type":"object","properties":{}}}]}]"""));
        assertThat(body.has("toolConfig")).as("no tool choice, and Gemini has no parallel-calls switch").isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "auto     | {\"mode\":\"AUTO\"}",
        "none     | {\"mode\":\"NONE\"}",
        "required | {\"mode\":\"ANY\"}",
        "lookup   | {\"mode\":\"ANY\",\"allowedFunctionNames\":[\"lookup\"]}"
    })
    void toolChoiceIsTheFunctionCallingConfig(String choice, String expected) {
        ToolChoice toolChoice = switch (choice) {
            case "auto" -> ToolChoice.auto();
            case "none" -> ToolChoice.none();
            case "required" -> ToolChoice.required();
            default -> ToolChoice.tool(choice);
        };
        LlmRequest request = LlmRequest.builder().user("q").tool(Tool.withoutParameters("lookup", "d"))
                .toolChoice(toolChoice).build();

        assertThat(body(request).path("toolConfig").path("functionCallingConfig")).isEqualTo(json(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "gemini-2.5-flash        | HIGH   |      | {\"thinkingBudget\":16384,\"includeThoughts\":true}",
        "gemini-2.5-flash        | MINIMAL|      | {\"thinkingBudget\":512,\"includeThoughts\":true}",
        "gemini-2.5-flash        |        | 2048 | {\"thinkingBudget\":2048,\"includeThoughts\":true}",
        "gemini-2.5-flash        | OFF    |      | {\"thinkingBudget\":0}",
        "gemini-2.5-pro          | OFF    |      | {\"thinkingBudget\":128}",
        "gemini-3-flash-preview  | LOW    |      | {\"thinkingLevel\":\"low\",\"includeThoughts\":true}",
        "gemini-3-flash-preview  | MAX    |      | {\"thinkingLevel\":\"high\",\"includeThoughts\":true}",
        "gemini-3-flash-preview  |        | 8192 | {\"thinkingLevel\":\"medium\",\"includeThoughts\":true}",
        "gemini-3-flash-preview  | OFF    |      | {\"thinkingLevel\":\"minimal\"}",
        "models/gemini-3-pro-preview | OFF |     | {\"thinkingLevel\":\"low\"}",
        "gemini-3.1-pro-preview  | MINIMAL|      | {\"thinkingLevel\":\"low\",\"includeThoughts\":true}"
    })
    void reasoningIsALevelOnGemini3AndABudgetBefore(String model, String effort, Integer budget, String expected) {
        Reasoning reasoning = budget != null ? Reasoning.budgetTokens(budget)
                : effort.equals("OFF") ? Reasoning.off() : Reasoning.effort(Reasoning.Effort.valueOf(effort));
        LlmRequest request = LlmRequest.builder().user("q").model(model).reasoning(reasoning).build();

        assertThat(body(request).path("generationConfig").path("thinkingConfig")).isEqualTo(json(expected));
    }

    @Test
    void topPAndSeedGoToTheGenerationConfigBesideTheSchema() {
        LlmRequest request = LlmRequest.builder().user("q").topP(0.9).seed(42)
                .responseFormat(io.relay4j.core.ResponseFormat.jsonSchema("s", "{\"type\":\"object\"}")).build();

        assertThat(body(request).path("generationConfig")).isEqualTo(json("""
                {"topP":0.9,"seed":42,"responseMimeType":"application/json",
                 "responseJsonSchema":{"type":"object"}}"""));
    }

    @Test
    void providerFieldsAreMergedOnlyForThisProvider() {
        LlmRequest request = LlmRequest.builder().user("q").maxTokens(10)
                .providerFields(PROVIDER, "{\"generationConfig\":{\"topK\":5},\"cachedContent\":\"cachedContents/x\"}")
                .providerFields("openai", "{\"service_tier\":\"flex\"}")
                .build();

        JsonNode body = body(request);

        assertThat(body.path("generationConfig")).isEqualTo(json("{\"maxOutputTokens\":10,\"topK\":5}"));
        assertThat(body.path("cachedContent").asText()).isEqualTo("cachedContents/x");
        assertThat(body.has("service_tier")).isFalse();
        assertThat(body(GeminiFixtures.protocol(), LlmRequest.builder().user("q")
                .providerFields("gemini-backup", "{\"cachedContent\":\"cachedContents/y\"}").build())
                .has("cachedContent")).isFalse();
    }
}
