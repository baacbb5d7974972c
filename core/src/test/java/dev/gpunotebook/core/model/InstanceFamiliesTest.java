package dev.gpunotebook.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class InstanceFamiliesTest {

    @ParameterizedTest(name = "{0} counts against {1}")
    @CsvSource({
        "g4dn.xlarge, L-DB2E81BA", "g5.12xlarge, L-DB2E81BA", "g6e.xlarge, L-DB2E81BA", "gr6.4xlarge, L-DB2E81BA",
        "vt1.3xlarge, L-DB2E81BA", "G5.XLARGE, L-DB2E81BA",
        "p3.2xlarge, L-417A185B", "p5.48xlarge, L-417A185B",
        "m5.large, L-1216C47A", "t3.micro, L-1216C47A", "c7g.large, L-1216C47A", "a1.medium, L-1216C47A",
        "d3.xlarge, L-1216C47A", "i4i.large, L-1216C47A", "z1d.large, L-1216C47A", "r6i.large, L-1216C47A",
        "h1.2xlarge, L-1216C47A",
        "inf2.xlarge, L-1945791B", "trn1.2xlarge, L-2C3B7624", "dl1.24xlarge, L-6E869C2A", "f1.2xlarge, L-74FC7D96",
        "x2idn.16xlarge, L-7295265B", "u-6tb1.56xlarge, L-43DA4232", "hpc7g.16xlarge, L-F7808C92"
    })
    void quotaFor_whenKnownFamily_givesItsBucket(String type, String quotaCode) {
        assertThat(InstanceFamilies.quotaFor(type)).map(InstanceFamilies.VcpuQuotaRef::quotaCode).contains(quotaCode);
    }

    @Test
    void quotaFor_whenGpuFamily_namesTheQuotaAsAwsDoes() {
        assertThat(InstanceFamilies.quotaFor("g5.xlarge")).contains(new InstanceFamilies.VcpuQuotaRef("L-DB2E81BA",
                "Running On-Demand G and VT instances"));
    }

    @Test
    void quotaFor_whenNoBucketKnown_isEmpty() {
        assertThat(InstanceFamilies.quotaFor("mac2.metal")).isEmpty();
    }

    @Test
    void familyOf_whenTypeHasSize_dropsIt() {
        assertThat(InstanceFamilies.familyOf("g4dn.xlarge")).isEqualTo("g4dn");
    }

    @Test
    void sameQuota_whenG4dnAndG5_shareTheirQuota() {
        assertThat(InstanceFamilies.sameQuota("g4dn.xlarge", "g5.2xlarge")).isTrue();
        assertThat(InstanceFamilies.sameQuota("g5.xlarge", "p3.2xlarge")).isFalse();
    }

    @Test
    void quotaFor_whenBlank_isRefused() {
        assertThatThrownBy(() -> InstanceFamilies.quotaFor(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
