package io.relay4j.core.error;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The answer could not be used: it failed the caller's output validator, or a tool call in it was invalid
 * ({@link #reason()} says which). Falls over to the next provider by default
 * ({@link io.relay4j.core.router.ErrorPolicy#defaultFor}); a stream's invalid tool call is found when the call is
 * complete, before it is released to the consumer. The message names the call's id and tool where there is one,
 * never its arguments.
 */
public final class InvalidOutput extends LlmException {

    private static final long serialVersionUID = 1L;

    /** The vendor codes providers give a tool call the vendor itself reports it could not produce. */
    private static final Set<String> MALFORMED_CALL_CODES = Set.of("MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL",
            "TOO_MANY_TOOL_CALLS");

    /** Why the output was invalid; {@link #tag()} is a bounded metric tag value. */
    public enum Reason {
        /** The caller's {@link io.relay4j.core.validation.OutputValidator} rejected the answer. */
        ANSWER_REJECTED,
        /** A tool call's arguments are not a JSON object (or the call lacks its id or name). */
        ARGUMENTS_NOT_JSON,
        /** A tool call names a tool the request did not declare. */
        UNKNOWN_TOOL,
        /** A tool call's arguments do not match the tool's JSON Schema (opt-in). */
        SCHEMA_MISMATCH,
        /** The vendor reported it could not produce a valid tool call (Gemini's {@code MALFORMED_FUNCTION_CALL}). */
        MALFORMED_TOOL_CALL;

        /** The reason in lower case, for metric tags: {@code unknown_tool}, {@code schema_mismatch}, ... */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** True for the reasons about a tool call, false for a rejected answer. */
        public boolean isToolCall() {
            return this != ANSWER_REJECTED;
        }
    }

    private final Reason reason;

    /**
     * An invalid output whose reason follows from the details' vendor code: {@code invalid_tool_call} (a call whose
     * arguments are not a JSON object, as providers report it) is {@link Reason#ARGUMENTS_NOT_JSON}, a vendor's own
     * broken-call finish reason is {@link Reason#MALFORMED_TOOL_CALL}, anything else {@link Reason#ANSWER_REJECTED}.
     */
    public InvalidOutput(String message, ErrorDetails details) {
        this(message, details, (Throwable) null);
    }

    /** As {@link #InvalidOutput(String, ErrorDetails)}, with a cause. */
    public InvalidOutput(String message, ErrorDetails details, Throwable cause) {
        this(message, details, reasonOf(details), cause);
    }

    /** An invalid output for {@code reason}. */
    public InvalidOutput(String message, ErrorDetails details, Reason reason) {
        this(message, details, reason, null);
    }

    /** An invalid output for {@code reason}, with a cause. */
    public InvalidOutput(String message, ErrorDetails details, Reason reason, Throwable cause) {
        super(message, details, cause);
        this.reason = Objects.requireNonNull(reason, "reason must not be null");
    }

    private static Reason reasonOf(ErrorDetails details) {
        String code = details == null ? "" : details.vendorCode().orElse("");
        if (code.equals("invalid_tool_call")) {
            return Reason.ARGUMENTS_NOT_JSON;
        }
        return MALFORMED_CALL_CODES.contains(code) ? Reason.MALFORMED_TOOL_CALL : Reason.ANSWER_REJECTED;
    }

    /** Why the output was invalid. */
    public Reason reason() {
        return reason;
    }

    @Override
    public ErrorType type() {
        return ErrorType.INVALID_OUTPUT;
    }
}
