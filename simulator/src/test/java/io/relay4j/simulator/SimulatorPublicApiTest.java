package io.relay4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.simulator.SimulatorServer;
import io.relay4j.core.testing.PublicApiCheck;
import org.junit.jupiter.api.Test;

class SimulatorPublicApiTest {

    @Test
    void noPublicSignatureNamesAnInternalType() {
        assertThat(PublicApiCheck.violationsInModuleOf(SimulatorServer.class)).isEmpty();
    }

    @Test
    void theReadmesModuleTableGivesThisModulesPublicTypeCount() {
        assertThat(PublicApiCheck.publicApiTypes(SimulatorServer.class)).as("user-reachable public types of simulator (README's module table)")
                .hasSize(PublicApiCheck.readmeCount("simulator"));
    }
}
