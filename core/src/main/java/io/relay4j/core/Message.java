package io.relay4j.core;

import java.util.Objects;

/**
 * One turn of a conversation.
 *
 * <p>{@link #toString()} never shows the content, so a message may be logged safely.
 */
public record Message(Role role, String content) {

    public Message {
        Objects.requireNonNull(role, "role must not be null");
        Objects.requireNonNull(content, "content must not be null (use an empty string)");
    }

    public static Message system(String content) {
        return new Message(Role.SYSTEM, content);
    }

    public static Message user(String content) {
        return new Message(Role.USER, content);
    }

    public static Message assistant(String content) {
        return new Message(Role.ASSISTANT, content);
    }

    @Override
    public String toString() {
        return "Message[role=" + role + ", chars=" + content.length() + "]";
    }
}
