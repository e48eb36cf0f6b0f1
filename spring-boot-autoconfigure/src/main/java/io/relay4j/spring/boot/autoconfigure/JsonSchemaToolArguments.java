package io.relay4j.spring.boot.autoconfigure;

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

    /** The JSON Schema validator (it loads the schema machinery it needs when built, on the context's thread). */
    static ToolArgumentsValidator validator() {
        return JsonSchemaToolArgumentsValidator.create();
    }
}
