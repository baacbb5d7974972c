package dev.gpunotebook.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentConfigTest {

    @Test
    void defaults_whenNoCertificate_usesHttpOpenToEveryone() {
        EnvironmentConfig config = EnvironmentConfig.defaults();

        assertThat(config.https()).isFalse();
        assertThat(config.allowedCidrs()).containsExactly("0.0.0.0/0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0", "10.0.0.0/33", "256.0.0.0/8", "010.0.0.0/8", "x/8"})
    void withAllowedCidrs_whenMalformed_isRefused(String cidr) {
        assertThatThrownBy(() -> EnvironmentConfig.defaults().withAllowedCidrs(List.of(cidr)))
                .hasMessageContaining("Invalid allowed client CIDR");
    }

    @Test
    void withVpc_whenOnlyOneSubnet_explainsTheTwoZoneRule() {
        assertThatThrownBy(() -> EnvironmentConfig.defaults().withVpc("vpc-1", List.of("subnet-1")))
                .hasMessageContaining("two Availability Zones");
    }

    @Test
    void notebookUrl_whenHttps_usesHttpsAndTheBaseUrl() {
        EnvironmentConfig config = EnvironmentConfig.defaults().withCertificate("arn:aws:acm:us-east-1:1:certificate/x");
        Environment env = new Environment(config, "vpc", List.of(), "c", "alb", "lb.example.com", "sg1", "sg2", "l",
                "p", "r", "g");

        assertThat(env.notebookUrl(NotebookName.of("bob"))).isEqualTo("https://lb.example.com/notebook/bob/");
    }
}
