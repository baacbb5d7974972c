package dev.gpunotebook.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SnapshotMappingTest {

    @Nested
    class AllowedActionsAreReadFromThePolicyDocumentAsIamReturnsIt {

        @Test
        void allowedActions_whenDocumentIsUrlEncoded_readsActionStringsAndLists() {
            String document = """
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Action": "ecs:RegisterContainerInstance", "Resource": "*"},
                      {"Effect": "Allow", "Action": ["ecs:Poll", "ecs:Submit*"], "Resource": "*"},
                      {"Effect": "Deny", "Action": "ecs:DeregisterContainerInstance", "Resource": "*"}]}""";

            assertThat(SnapshotMapping.allowedActions(URLEncoder.encode(document, StandardCharsets.UTF_8)))
                    .containsExactly("ecs:RegisterContainerInstance", "ecs:Poll", "ecs:Submit*");
        }

        @Test
        void allowedActions_whenStatementIsOneObject_readsIt() {
            assertThat(SnapshotMapping.allowedActions("{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"logs:*\"}}"))
                    .containsExactly("logs:*");
        }

        @Test
        void allowedActions_whenDocumentIsNotJsonOrHasNoStatement_isEmpty() {
            assertThat(SnapshotMapping.allowedActions("{\"Statement\": [")).isEmpty();
            assertThat(SnapshotMapping.allowedActions("[\"Allow\"]")).isEmpty();
            assertThat(SnapshotMapping.allowedActions(null)).isEmpty();
        }
    }
}
