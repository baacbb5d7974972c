package dev.gpunotebook.core.provision.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrsTest {

    @Test
    void split_whenVpcIsA16_makesConsecutive20s() {
        assertThat(Cidrs.split("10.42.0.0/16", 2)).containsExactly("10.42.0.0/20", "10.42.16.0/20");
    }

    @Test
    void split_whenAddressHasHostBits_startsAtTheNetwork() {
        assertThat(Cidrs.split("192.168.1.77/24", 2)).containsExactly("192.168.1.0/28", "192.168.1.16/28");
    }

    @Test
    void split_whenVpcIsTooSmall_explainsTheMinimum() {
        assertThatThrownBy(() -> Cidrs.split("10.0.0.0/26", 2)).hasMessageContaining("/24 or larger");
    }

    @Test
    void plan_whenBuilt_putsTheListenerAfterTheLoadBalancer() {
        assertThat(EnvironmentSetup.plan()).filteredOn(s -> s.name().equals("listener")).singleElement()
                .satisfies(s -> assertThat(s.dependsOn()).containsExactly("load-balancer"));
    }
}
