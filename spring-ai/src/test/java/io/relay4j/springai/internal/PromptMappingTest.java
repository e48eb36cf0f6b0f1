package io.relay4j.springai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.ContentPart;
import io.relay4j.core.FinishReason;
import io.relay4j.core.ImagePart;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.Message;
import io.relay4j.core.ProviderState;
import io.relay4j.core.Role;
import io.relay4j.core.TextPart;
import io.relay4j.core.Tool;
import io.relay4j.core.ToolCall;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.tool.function.FunctionToolCallback;
import org.springframework.util.MimeType;

/** Spring AI prompts as relay4j requests, and the relay4j message kept on an answer coming back unchanged. */
class PromptMappingTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};

    private final PromptMapping mapping = new PromptMapping(ToolCallingManager.builder().build());

    record City(String name) {
    }

    @Test
    void theMessagesOfEachRoleAreSentInOrder() {
        Prompt prompt = new Prompt(List.of(
                new SystemMessage("Be brief."),
                UserMessage.builder().text("What is this?")
                        .media(new Media(MimeType.valueOf("image/PNG;q=1"), new org.springframework.core.io.ByteArrayResource(PNG)))
                        .build(),
                AssistantMessage.builder().content("Let me look.").toolCalls(List.of(
                        new AssistantMessage.ToolCall("call_1", "function", "lookup", "{\"q\":\"png\"}"))).build(),
                ToolResponseMessage.builder().responses(List.of(
                        new ToolResponseMessage.ToolResponse("call_1", "lookup", "a logo"))).build()));

        LlmRequest request = mapping.toRequest(prompt, ChatOptions.builder().build());

        List<Message> messages = request.messages();
        assertThat(messages).extracting(Message::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL);
        assertThat(messages.get(0).content()).isEqualTo("Be brief.");
        assertThat(messages.get(1).content()).isEqualTo("What is this?");
        ImagePart image = (ImagePart) messages.get(1).parts().get(1);
        assertThat(image.data()).isEqualTo(PNG);
        assertThat(image.mediaType()).contains("image/png");
        assertThat(messages.get(2).content()).isEqualTo("Let me look.");
        assertThat(messages.get(2).toolCalls()).singleElement()
                .satisfies(call -> assertThat(call.id()).isEqualTo("call_1"))
                .satisfies(call -> assertThat(call.arguments()).isEqualTo(Map.of("q", "png")));
        assertThat(messages.get(3).toolResults()).singleElement()
                .satisfies(result -> assertThat(result.callId()).isEqualTo("call_1"))
                .satisfies(result -> assertThat(result.text()).isEqualTo("a logo"));
    }

    @Test
    void imagesByUrlOrBase64AreSentAndOtherMediaAreRefused() {
        UserMessage byUrl = UserMessage.builder().text("see")
                .media(Media.builder().mimeType(MimeType.valueOf("image/jpeg"))
                        .data(java.net.URI.create("https://example.com/a.jpg")).build()).build();
        UserMessage byBase64 = UserMessage.builder().text("see")
                .media(Media.builder().mimeType(MimeType.valueOf("image/png"))
                        .data(java.util.Base64.getEncoder().encodeToString(PNG)).build()).build();
        UserMessage pdf = UserMessage.builder().text("read")
                .media(Media.builder().mimeType(MimeType.valueOf("application/pdf")).data(PNG).build()).build();

        ContentPart url = mapping.toRequest(new Prompt(byUrl), ChatOptions.builder().build())
                .messages().get(0).parts().get(1);
        ContentPart inline = mapping.toRequest(new Prompt(byBase64), ChatOptions.builder().build())
                .messages().get(0).parts().get(1);

        assertThat(((ImagePart) url).url()).hasValueSatisfying(u -> assertThat(u).hasToString("https://example.com/a.jpg"));
        assertThat(((ImagePart) inline).data()).isEqualTo(PNG);
        assertThatThrownBy(() -> mapping.toRequest(new Prompt(pdf), ChatOptions.builder().build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("application/pdf");
    }

    @Test
    void theOptionsAndTheToolDefinitionsAreSent() {
        ToolCallingChatOptions options = ToolCallingChatOptions.builder()
                .model("fast").maxTokens(300).temperature(0.2).topP(0.9).stopSequences(List.of("END"))
                .toolCallbacks(FunctionToolCallback.builder("find_city", (City city) -> "found")
                        .description("Finds a city").inputType(City.class).build())
                .build();

        LlmRequest request = mapping.toRequest(new Prompt("hello"), options);

        assertThat(request.model()).contains("fast");
        assertThat(request.maxTokens()).hasValue(300);
        assertThat(request.temperature()).hasValue(0.2);
        assertThat(request.topP()).hasValue(0.9);
        assertThat(request.stopSequences()).containsExactly("END");
        assertThat(request.tools()).extracting(Tool::name, Tool::description)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("find_city", "Finds a city"));
        assertThat(request.tools().get(0).parametersJson()).contains("\"name\"").contains("\"object\"");
    }

    @Test
    void anAnswerComingBackUnchangedIsSentWithItsVendorStateAndAnEditedOneWithout() {
        ProviderState signature = ProviderState.of("gemini", "gcp.gemini", "sig-1");
        Message answer = Message.assistant(List.of(TextPart.of("Checking."),
                ToolCall.of("c1", "clock", "{\"zone\":\"UTC\"}").withState(signature)));
        ChatResponse response = ResponseMapping.toChatResponse(LlmResponse.builder().message(answer)
                .provider("gemini").model("gemini-3-pro-preview").finishReason(FinishReason.TOOL_CALLS).build());
        AssistantMessage returned = response.getResult().getOutput();

        Message unchanged = mapping.toRequest(new Prompt(List.of(new UserMessage("time?"), returned)),
                ChatOptions.builder().build()).messages().get(1);
        Message edited = mapping.toRequest(new Prompt(List.of(new UserMessage("time?"),
                        returned.mutate().content("Checking the clock.").build())),
                ChatOptions.builder().build()).messages().get(1);

        assertThat(unchanged).isSameAs(answer);
        assertThat(unchanged.toolCalls().get(0).state()).contains(signature);
        assertThat(edited.content()).isEqualTo("Checking the clock.");
        assertThat(edited.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.id()).isEqualTo("c1");
            assertThat(call.state()).isEmpty();
        });
    }
}
