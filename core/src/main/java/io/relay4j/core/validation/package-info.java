/**
 * Checks of answers before the router returns them: {@link io.relay4j.core.validation.OutputValidator} (an
 * answer's text) and {@link io.relay4j.core.validation.ToolArgumentsValidator} (a tool call's arguments).
 */
package io.relay4j.core.validation;
