package io.relay4j.core;

import java.util.Objects;

/**
 * One turn of a conversation. Immutable; make one with {@link #user(String)}, {@link #system(String)},
 * {@link #assistant(String)} or {@link #of(Role, String)}. Messages with the same role and content are equal.
 *
 * <p>{@link #toString()} never shows the content, so a message may be logged safely.
 */
public final class Message {

    private final Role role;
    private final String content;

    private Message(Role role, String content) {
        this.role = Objects.requireNonNull(role, "role must not be null");
        this.content = Objects.requireNonNull(content, "content must not be null (use an empty string)");
    }

    /** A message of any role. */
    public static Message of(Role role, String content) {
        return new Message(role, content);
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

    /** Who speaks. */
    public Role role() {
        return role;
    }

    /** What was said. */
    public String content() {
        return content;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message other && role == other.role && content.equals(other.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, content);
    }

    @Override
    public String toString() {
        return "Message[role=" + role + ", chars=" + content.length() + "]";
    }
}
