package io.relay4j.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.Message;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.ResponseFormat;
import io.relay4j.core.Usage;
import io.relay4j.core.budget.BudgetLimit;
import io.relay4j.core.budget.BudgetStatus;
import io.relay4j.core.budget.BudgetWindow;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.core.router.ErrorPolicy;
import io.relay4j.core.router.RetryConfig;
import io.relay4j.core.testing.PublicApiCheck;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A record's component list and canonical constructor are API: adding a field (tool calls, images, reasoning)
 * breaks every caller of the constructor. The types users build and that will grow are final classes with
 * private constructors, built by factories and builders; this pins that no public record creeps back into the
 * packages that hold them.
 */
class PublicCanonicalConstructorRegressionTest {

    private static final Set<String> PACKAGES = Set.of("io.relay4j.core", "io.relay4j.core.router",
            "io.relay4j.core.budget");

    /** Small values that are not expected to grow; left as records on purpose. */
    private static final Set<Class<?>> SETTLED_RECORDS = Set.of(BudgetLimit.class, BudgetStatus.class,
            BudgetWindow.class);

    private static final List<Class<?>> EVOLVING = List.of(LlmRequest.class, Message.class, LlmResponse.class,
            LlmChunk.class, Attempt.class, Usage.class, ProviderInfo.class, ResponseFormat.class, RetryConfig.class,
            CooldownConfig.class, ErrorPolicy.class);

    @Test
    void noPublicRecordWithAPublicConstructorInTheRootRouterOrBudgetPackages() {
        List<String> records = PublicApiCheck.publicApiTypes(LlmRouter.class).stream()
                .filter(t -> PACKAGES.contains(t.getPackageName()))
                .filter(Class::isRecord)
                .filter(t -> Arrays.stream(t.getDeclaredConstructors())
                        .anyMatch(c -> Modifier.isPublic(c.getModifiers())))
                .filter(t -> !SETTLED_RECORDS.contains(t))
                .map(Class::getName)
                .collect(Collectors.toList());

        assertThat(records).as("public records (their canonical constructors are API)").isEmpty();
    }

    @Test
    void theEvolvingValueTypesAreFinalClassesWithoutPublicConstructors() {
        assertThat(EVOLVING).allSatisfy(type -> {
            assertThat(type.isRecord()).as(type.getSimpleName() + " is a record").isFalse();
            assertThat(Modifier.isFinal(type.getModifiers())).as(type.getSimpleName() + " is final").isTrue();
            assertThat(type.getConstructors()).as(type.getSimpleName() + "'s public constructors").isEmpty();
        });
    }

    @Test
    void theCheckSeesTheTypesItGuards() {
        assertThat(PublicApiCheck.publicApiTypes(LlmRouter.class)).containsAll(EVOLVING)
                .contains(BudgetLimit.class, RetryConfig.class);
    }
}
