package io.relay4j.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.audio.Audio;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.AudioContent;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ToolChoice;
import io.relay4j.core.ImagePart;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Message;
import io.relay4j.core.Reasoning;
import io.relay4j.core.Role;
import io.relay4j.core.ToolResult;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestMapperTest {

    private static final String PNG = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'});

    private static LlmRequest map(ChatRequest request) {
        return RequestMapper.toLlmRequest(request, false, Optional.empty());
    }

    @Test
    void aToolLoopConversationKeepsItsRolesAndGroupsTheResultsOfOneTurn() {
        ToolExecutionRequest first = ToolExecutionRequest.builder().id("c1").name("weather").arguments("{}").build();
        ToolExecutionRequest second = ToolExecutionRequest.builder().id("c2").name("time").arguments("").build();
        LlmRequest request = map(ChatRequest.builder().messages(
                SystemMessage.from("Be brief."),
                UserMessage.from("Weather and time?"),
                AiMessage.from(first, second),
                ToolExecutionResultMessage.from(first, "sunny"),
                ToolExecutionResultMessage.builder().id("c2").toolName("time").text("no clock").isError(true).build())
                .build());

        assertThat(request.messages()).extracting(Message::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL);
        assertThat(request.messages().get(2).toolCalls()).extracting(c -> c.id() + ":" + c.argumentsJson())
                .containsExactly("c1:{}", "c2:{}");
        List<ToolResult> results = request.messages().get(3).toolResults();
        assertThat(results).extracting(ToolResult::callId, ToolResult::text, ToolResult::isError)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c1", "sunny", false),
                        org.assertj.core.groups.Tuple.tuple("c2", "no clock", true));
    }

    @Test
    void userImagesInlineAndByUrl() {
        LlmRequest request = map(ChatRequest.builder().messages(UserMessage.from(
                TextContent.from("What is this?"),
                ImageContent.from(PNG, "image/png"),
                ImageContent.from("https://example.com/cat.png"))).build());

        Message user = request.messages().get(0);
        assertThat(user.content()).isEqualTo("What is this?");
        assertThat(user.parts()).filteredOn(ImagePart.class::isInstance).map(ImagePart.class::cast)
                .extracting(ImagePart::isInline).containsExactly(true, false);
    }

    @Test
    void parametersAreMapped() {
        LlmRequest request = RequestMapper.toLlmRequest(ChatRequest.builder().messages(UserMessage.from("Hi"))
                .parameters(ChatRequestParameters.builder().modelName("fast").temperature(0.3).topP(0.9)
                        .maxOutputTokens(200).stopSequences(List.of("END"))
                        .toolSpecifications(ToolSpecification.builder().name("now").build())
                        .toolChoice(ToolChoice.REQUIRED)
                        .responseFormat(ResponseFormat.JSON)
                        .build())
                .build(), true, Optional.of(Reasoning.budgetTokens(1024)));

        assertThat(request.model()).contains("fast");
        assertThat(request.temperature()).hasValue(0.3);
        assertThat(request.topP()).hasValue(0.9);
        assertThat(request.maxTokens()).hasValue(200);
        assertThat(request.stopSequences()).containsExactly("END");
        assertThat(request.tools()).extracting(io.relay4j.core.Tool::name).containsExactly("now");
        assertThat(request.toolChoice()).contains(io.relay4j.core.ToolChoice.required());
        assertThat(request.responseFormat()).hasValueSatisfying(format ->
                assertThat(format.schemaJson()).isEqualTo(ToolSchemas.ANY_OBJECT));
        assertThat(request.reasoning()).contains(Reasoning.budgetTokens(1024));
        assertThat(request.toolCallDeltas()).isTrue();
    }

    @Test
    void parametersRelay4jCannotSendAreRefused() {
        for (ChatRequestParameters parameters : List.of(ChatRequestParameters.builder().topK(3).build(),
                ChatRequestParameters.builder().frequencyPenalty(0.1).build(),
                ChatRequestParameters.builder().presencePenalty(0.1).build())) {
            assertThatThrownBy(() -> map(ChatRequest.builder().messages(UserMessage.from("Hi"))
                    .parameters(parameters).build())).isInstanceOf(UnsupportedFeatureException.class);
        }
    }

    @Test
    void contentRelay4jCannotSendIsRefused() {
        assertThatThrownBy(() -> map(ChatRequest.builder().messages(UserMessage.from(
                AudioContent.from(Audio.builder().base64Data("AAAA").mimeType("audio/wav").build()))).build()))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("AUDIO");
    }

    @Test
    void aToolCallWithoutAnIdIsRefusedWithAMessageNamingTheTool() {
        assertThatThrownBy(() -> map(ChatRequest.builder().messages(UserMessage.from("Hi"),
                AiMessage.from(ToolExecutionRequest.builder().name("weather").arguments("{}").build())).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weather");
    }
}
