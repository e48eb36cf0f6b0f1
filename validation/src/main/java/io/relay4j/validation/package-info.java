/** Output validators beyond core: answers checked against a JSON Schema. */
package io.relay4j.validation;
