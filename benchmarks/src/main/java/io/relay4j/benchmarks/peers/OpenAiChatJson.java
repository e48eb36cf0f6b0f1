package io.relay4j.benchmarks.peers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The OpenAI Chat Completions wire format as {@link RelayFront} speaks it: a request body in, an
 * {@link LlmRequest} out; an {@link LlmResponse} in, a {@code chat.completion} body out. Streams both ways with
 * Jackson's parser and generator (no tree in between); the answer is written straight into a Netty buffer, so
 * it is not copied again on its way to the socket.
 *
 * <p>Reads {@code messages} (role and string content; {@code system} and {@code developer} become system
 * messages, {@code assistant} assistant ones, any other role a user message) and {@code max_tokens}; every other
 * field is skipped. A body that is not such an object is refused with an {@link IllegalArgumentException}
 * saying what is wrong.
 */
final class OpenAiChatJson {

    private static final JsonFactory JSON = new JsonFactory();

    private OpenAiChatJson() {
    }

    /** Parses a request body. */
    static LlmRequest parse(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            expect(parser.nextToken() == JsonToken.START_OBJECT, "the request body must be a JSON object");
            LlmRequest.Builder request = LlmRequest.builder();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("messages".equals(field)) {
                    request.messages(messages(parser, value));
                } else if ("max_tokens".equals(field) && value != JsonToken.VALUE_NULL) {
                    expect(value == JsonToken.VALUE_NUMBER_INT, "max_tokens must be an integer");
                    request.maxTokens(parser.getIntValue());
                } else {
                    parser.skipChildren();
                }
            }
            return request.build();
        } catch (IOException e) {
            throw new IllegalArgumentException("the request body is not valid JSON", e);
        }
    }

    private static List<Message> messages(JsonParser parser, JsonToken start) throws IOException {
        expect(start == JsonToken.START_ARRAY, "messages must be an array");
        List<Message> messages = new ArrayList<>(4);
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            String role = "user";
            String content = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("role".equals(field) && value == JsonToken.VALUE_STRING) {
                    role = parser.getText();
                } else if ("content".equals(field)) {
                    expect(value == JsonToken.VALUE_STRING, "a message's content must be a string");
                    content = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            expect(content != null, "every message needs a content");
            messages.add(switch (role) {
                case "system", "developer" -> Message.system(content);
                case "assistant" -> Message.assistant(content);
                default -> Message.user(content);
            });
        }
        return messages;
    }

    /**
     * Renders an answer into a buffer from {@code allocator}; the caller owns (and sends or releases) it. The
     * {@code id} is the upstream's request id when it gave one.
     */
    static ByteBuf render(LlmResponse answer, ByteBufAllocator allocator) {
        ByteBuf out = allocator.buffer(256 + answer.content().length() * 2);
        try (JsonGenerator json = JSON.createGenerator((java.io.OutputStream) new ByteBufOutputStream(out))) {
            json.writeStartObject();
            json.writeStringField("id", answer.requestId().orElse("relay4j"));
            json.writeStringField("object", "chat.completion");
            json.writeStringField("model", answer.model());
            json.writeArrayFieldStart("choices");
            json.writeStartObject();
            json.writeNumberField("index", 0);
            json.writeObjectFieldStart("message");
            json.writeStringField("role", "assistant");
            json.writeStringField("content", answer.content());
            json.writeEndObject();
            json.writeStringField("finish_reason", answer.finishReason().name().toLowerCase(Locale.ROOT));
            json.writeEndObject();
            json.writeEndArray();
            json.writeObjectFieldStart("usage");
            json.writeNumberField("prompt_tokens", answer.usage().inputTokens());
            json.writeNumberField("completion_tokens", answer.usage().outputTokens());
            json.writeNumberField("total_tokens", answer.usage().inputTokens() + answer.usage().outputTokens());
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException | RuntimeException e) {
            out.release();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        return out;
    }

    private static void expect(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
