/** Checks of answers before the router returns them: {@link io.relay4j.core.validation.OutputValidator}. */
package io.relay4j.core.validation;
