package io.relay4j.core.validation;

import io.relay4j.core.Tool;
import java.util.Optional;

/**
 * Checks a complete tool call's arguments against the tool the request declared, before the call counts as part
 * of an answer; a call that fails is an {@link io.relay4j.core.error.InvalidOutput} with reason
 * {@link io.relay4j.core.error.InvalidOutput.Reason#SCHEMA_MISMATCH}, which falls over to the next provider by
 * default. Opt-in ({@code LlmRouter.Builder.toolArgumentsValidator}); the {@code relay4j-validation} module's
 * {@code JsonSchemaToolArgumentsValidator} checks them against the tool's JSON Schema.
 *
 * <p>It runs only on calls of a declared tool whose arguments are a JSON object (the router has checked both
 * before). For a stream it runs when the call is complete, before anything of it reaches the consumer (unless the
 * request asked for argument fragments, which are released as they come).
 *
 * <p>Contract for implementations: pure, thread-safe, fast and non-blocking (it runs on the thread that received
 * the call); the failure message names locations and rules, never the arguments' values, since it becomes an
 * exception message. A validator that throws fails the call, with the exception's type as the reason.
 */
@FunctionalInterface
public interface ToolArgumentsValidator {

    /**
     * Checks {@code argumentsJson}, a JSON object, as arguments of {@code tool}.
     *
     * @return empty when the arguments are valid, else why they are not (without quoting them)
     */
    Optional<String> validate(Tool tool, String argumentsJson);
}
