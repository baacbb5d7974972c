package dev.gpunotebook.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.model.InstanceFamilies.VcpuQuota;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstanceFamiliesTest {

    @ParameterizedTest
    @CsvSource({"g4dn.xlarge,G_AND_VT", "g5.48xlarge,G_AND_VT", "g6e.xlarge,G_AND_VT", "vt1.3xlarge,G_AND_VT",
            "p3.2xlarge,P", "p4d.24xlarge,P", "p5.48xlarge,P", "m5.large,STANDARD", "t3.micro,STANDARD",
            "c7i.large,STANDARD", "inf2.xlarge,INF", "trn1.2xlarge,TRN", "dl1.24xlarge,DL", "x2gd.large,X",
            "u-6tb1.metal,HIGH_MEMORY", "f1.2xlarge,F"})
    void quotaFor_whenGivenAType_namesItsVcpuBucket(String type, VcpuQuota expected) {
        assertThat(InstanceFamilies.quotaFor(type)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"G_AND_VT,L-DB2E81BA", "P,L-417A185B", "STANDARD,L-1216C47A"})
    void code_whenAskedForTheQuotaCode_matchesServiceQuotas(VcpuQuota quota, String code) {
        assertThat(quota.code()).isEqualTo(code);
        assertThat(quota.increaseCommand(16)).contains("--quota-code " + code).contains("--desired-value 16");
    }
}
