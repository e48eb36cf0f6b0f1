package io.relay4j.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.LlmRouter;
import io.relay4j.core.api.fixture.LeakyApi;
import io.relay4j.core.testing.PublicApiCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorePublicApiTest {

    @Test
    void noPublicSignatureOfCoreNamesAnInternalType() {
        assertThat(PublicApiCheck.violationsInModuleOf(LlmRouter.class)).isEmpty();
    }

    @Test
    void theCheckSeesCoresPublicTypesAndNoInternalOnes() {
        var types = PublicApiCheck.publicApiTypes(LlmRouter.class);
        assertThat(types).contains(LlmRouter.class, LlmRouter.Builder.class)
                .noneMatch(t -> t.getPackageName().contains(".internal"));
    }

    @Test
    void theCheckFindsALeakInEveryKindOfSignature() {
        assertThat(PublicApiCheck.violationsAmong(List.of(LeakyApi.class)))
                .anyMatch(v -> v.contains("(supertype)"))
                .anyMatch(v -> v.contains(".field"))
                .anyMatch(v -> v.contains("<init> parameter"))
                .anyMatch(v -> v.contains("nested() return"))
                .noneMatch(v -> v.contains("packagePrivateIsNotApi"))
                .allMatch(v -> v.endsWith("-> io.relay4j.core.api.fixture.internal.Hidden"));
    }

    @Test
    void theReadmesModuleTableGivesThisModulesPublicTypeCount() {
        assertThat(PublicApiCheck.publicApiTypes(LlmRouter.class)).as("user-reachable public types of core (README's module table)")
                .hasSize(PublicApiCheck.readmeCount("core"));
    }
}
