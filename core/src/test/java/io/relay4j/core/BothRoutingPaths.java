package io.relay4j.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs a {@link RoutingPathScenario} class twice: on the unhedged path ({@code UnhedgedGenerate}) and on the
 * hedged one ({@code GenerateExecution}, hedged streams), with a hedge delay no scripted latency reaches
 * ({@link RouterTestKit#HEDGE_NEVER_DUE}), so every test expects the same outcome on both. Review finding 4
 * (2026-11-30): nothing checked that the two paths behave the same.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedClass(name = "hedged = {0}")
@ValueSource(booleans = {false, true})
@interface BothRoutingPaths {
}
