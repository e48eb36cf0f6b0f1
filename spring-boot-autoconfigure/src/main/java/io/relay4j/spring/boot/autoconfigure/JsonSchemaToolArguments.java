package io.relay4j.spring.boot.autoconfigure;

import io.relay4j.core.Tool;
import io.relay4j.core.validation.ToolArgumentsValidator;
import io.relay4j.validation.JsonSchemaToolArgumentsValidator;

/**
 * The one class of the auto-configuration that names relay4j-validation, an optional dependency: it is loaded only
 * after {@link RouterPolicies} found {@link #VALIDATOR_CLASS} on the application's class path, so an application
 * without relay4j-validation never links against it.
 */
final class JsonSchemaToolArguments {

    /** The class whose presence means relay4j-validation is on the class path. */
    static final String VALIDATOR_CLASS = "io.relay4j.validation.JsonSchemaToolArgumentsValidator";

    private JsonSchemaToolArguments() {
    }

    /**
     * A validator whose JSON Schema machinery is loaded already. The library reads the draft 2020-12 meta-schema
     * (which every tool schema is checked against) from its jar at first use: a blocking read that would otherwise
     * happen on the thread that releases the first tool call, an event loop. Here it happens at startup, on the
     * thread that builds the context.
     */
    static ToolArgumentsValidator validator() {
        JsonSchemaToolArgumentsValidator validator = JsonSchemaToolArgumentsValidator.create();
        validator.validate(Tool.of("relay4j_warm_up", "", "{\"type\": \"object\"}"), "{}");
        return validator;
    }
}
