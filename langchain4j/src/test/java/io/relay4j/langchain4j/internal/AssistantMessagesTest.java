package io.relay4j.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import io.relay4j.core.ContentPart;
import io.relay4j.core.Message;
import io.relay4j.core.ProviderState;
import io.relay4j.core.ReasoningPart;
import io.relay4j.core.TextPart;
import io.relay4j.core.ToolCall;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** relay4j's assistant message, vendor state included, through an {@code AiMessage} and a persisted chat memory. */
class AssistantMessagesTest {

    private static final ProviderState SIGNATURE = ProviderState.of("claude", "anthropic", "sig-1");

    private static final Message SIGNED = Message.assistant(List.<ContentPart>of(
            ReasoningPart.of("Let me look.").withState(SIGNATURE),
            ReasoningPart.redacted(ProviderState.of("claude", "anthropic", "opaque")),
            TextPart.of("Checking."),
            ToolCall.of("toolu_1", "weather", "{\"city\":\"Rome\"}").withState(
                    ProviderState.of("gemini", "gemini", "thought-sig"))));

    @Test
    void anAnswerBecomesAnAiMessageWithItsTextThinkingAndCalls() {
        AiMessage ai = AssistantMessages.toAiMessage(SIGNED);

        assertThat(ai.text()).isEqualTo("Checking.");
        assertThat(ai.thinking()).isEqualTo("Let me look.");
        assertThat(ai.toolExecutionRequests()).singleElement().satisfies(request -> {
            assertThat(request.id()).isEqualTo("toolu_1");
            assertThat(request.name()).isEqualTo("weather");
            assertThat(request.arguments()).isEqualTo("{\"city\":\"Rome\"}");
        });
    }

    @Test
    void vendorStateSurvivesAPersistedChatMemory() {
        String stored = ChatMessageSerializer.messageToJson(AssistantMessages.toAiMessage(SIGNED));
        AiMessage loaded = (AiMessage) ChatMessageDeserializer.messageFromJson(stored);

        assertThat(AssistantMessages.toMessage(loaded)).isEqualTo(SIGNED);
    }

    @Test
    void anEditedMessageIsRebuiltFromItsFieldsWithoutState() {
        AiMessage edited = AssistantMessages.toAiMessage(SIGNED).withText("Something else.");

        Message message = AssistantMessages.toMessage(edited);

        assertThat(message.content()).isEqualTo("Something else.");
        assertThat(message.toolCalls()).singleElement().satisfies(call -> assertThat(call.state()).isEmpty());
        assertThat(message.parts()).noneMatch(part -> part instanceof ReasoningPart r && r.state().isPresent());
    }

    @Test
    void anAnswerWithoutStateCarriesNoAttribute() {
        AiMessage ai = AssistantMessages.toAiMessage(Message.assistant("Hello."));

        assertThat(ai.attributes()).isEmpty();
        assertThat(AssistantMessages.toMessage(ai)).isEqualTo(Message.assistant("Hello."));
    }

    @Test
    void aDamagedAttributeFallsBackToTheFields() {
        AiMessage damaged = AiMessage.builder().text("Hi.").attributes(Map.of(AssistantMessages.ATTRIBUTE, "{not json"))
                .build();

        assertThat(AssistantMessages.toMessage(damaged)).isEqualTo(Message.assistant("Hi."));
    }
}
