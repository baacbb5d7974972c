package dev.gpunotebook.it.docker;

import dev.gpunotebook.it.docker.DockerfileRules.Finding;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Static checks of docker/notebook/Dockerfile and docker/bot/Dockerfile with {@link DockerfileRules},
 * and, for every rule, a bad Dockerfile text that the same checker must reject.
 */
class DockerfileLintTest {

    private static final Set<Integer> NOTEBOOK_PORTS = Set.of(8888);
    private static final String GOOD = """
            FROM eclipse-temurin:17.0.13_11-jre
            HEALTHCHECK CMD ["true"]
            EXPOSE 8888
            USER 10001
            """;

    // ---- the real Dockerfiles

    @Test
    void check_whenNotebookDockerfile_hasNoFindings() throws IOException {
        assertThat(DockerfileRules.check(read("docker/notebook/Dockerfile"), NOTEBOOK_PORTS)).isEmpty();
    }

    @Test
    void check_whenBotDockerfile_hasNoFindings() throws IOException {
        assertThat(DockerfileRules.check(read("docker/bot/Dockerfile"), Set.of())).isEmpty();
    }

    @Test
    void notebookDockerfile_whenRead_isTheJupyterStacksCudaImageWithTheWrapper() throws IOException {
        List<String> lines = read("docker/notebook/Dockerfile").lines().toList();

        assertThat(lines).filteredOn(l -> l.startsWith("FROM "))
                .containsExactly("FROM quay.io/jupyter/pytorch-notebook:cuda12-2026-08-24");
        assertThat(lines).contains("EXPOSE 8888", "USER ${NB_UID}", "VOLUME [\"/home/jovyan/work\"]",
                "ENTRYPOINT [\"tini\", \"-g\", \"--\", \"/usr/local/bin/gpu-notebook-entrypoint\"]");
        assertThat(lines).filteredOn(l -> l.startsWith("USER ")).last().isEqualTo("USER ${NB_UID}");
        assertThat(String.join("\n", lines)).doesNotContain("JUPYTER_TOKEN=").doesNotContain(".token");
    }

    @Test
    void botDockerfile_whenRead_buildsTheJarWithMavenAndRunsItAsNonRoot() throws IOException {
        List<String> lines = read("docker/bot/Dockerfile").lines().toList();

        assertThat(lines).filteredOn(l -> l.startsWith("FROM ")).containsExactly(
                "FROM maven:3.9-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17.0.13_11-jre");
        assertThat(lines).anyMatch(l -> l.startsWith("RUN mvn -q -B -DskipTests ") && l.contains(" package"));
        assertThat(lines).contains("COPY --from=build /src/bot/target/gpu-notebook.jar /app/gpu-notebook.jar",
                "ENTRYPOINT [\"java\",\"-jar\",\"/app/gpu-notebook.jar\"]", "CMD [\"slack\"]");
        assertThat(lines).filteredOn(l -> l.startsWith("USER ")).last().isEqualTo("USER 10001:10001");
    }

    @Test
    void dockerignore_whenRead_keepsBuildOutputAndGitOut() throws IOException {
        assertThat(read(".dockerignore").lines()).contains(".git", "**/target");
    }

    // ---- every rule can fail

    @Test
    void check_whenGoodText_hasNoFindings() {
        assertThat(DockerfileRules.check(GOOD, NOTEBOOK_PORTS)).isEmpty();
    }

    @Test
    void check_whenFromUntagged_reportsUnpinned() {
        assertThat(rules(GOOD.replace("eclipse-temurin:17.0.13_11-jre", "eclipse-temurin"))).containsExactly("from.unpinned");
    }

    @Test
    void check_whenFromLatest_reportsUnpinned() {
        assertThat(rules(GOOD.replace(":17.0.13_11-jre", ":latest"))).containsExactly("from.unpinned");
    }

    @Test
    void check_whenFromRegistryWithPortButNoTag_reportsUnpinned() {
        assertThat(rules(GOOD.replace("eclipse-temurin:17.0.13_11-jre", "registry.local:5000/team/jre")))
                .containsExactly("from.unpinned");
    }

    @Test
    void check_whenFromVariable_reportsUnpinned() {
        assertThat(rules("ARG BASE=ubuntu:24.04\n" + GOOD.replace("eclipse-temurin:17.0.13_11-jre", "$BASE")))
                .containsExactly("from.unpinned");
    }

    @Test
    void check_whenFromDigestOrEarlierStage_acceptsIt() {
        String digest = "ubuntu@sha256:" + "a".repeat(64);
        String text = "FROM --platform=linux/amd64 " + digest + " AS build\nRUN make\nFROM build\n"
                + "HEALTHCHECK CMD [\"true\"]\nEXPOSE 8888/tcp\nUSER app\n";

        assertThat(DockerfileRules.check(text, NOTEBOOK_PORTS)).isEmpty();
    }

    @Test
    void check_whenNoUser_reportsUserMissing() {
        assertThat(rules(GOOD.replace("USER 10001\n", ""))).containsExactly("user.missing");
    }

    @Test
    void check_whenLastUserIsRoot_reportsUserRoot() {
        assertThat(rules(GOOD + "USER root\n")).containsExactly("user.root");
        assertThat(rules(GOOD + "USER 0:0\n")).containsExactly("user.root");
    }

    @Test
    void check_whenOnlyTheBuildStageHasANonRootUser_reportsUserMissing() {
        String text = "FROM maven:3.9-eclipse-temurin-17 AS build\nUSER 1000\n"
                + "FROM eclipse-temurin:17.0.13_11-jre\nHEALTHCHECK CMD [\"true\"]\nEXPOSE 8888\n";

        assertThat(rules(text)).containsExactly("user.missing");
    }

    @Test
    void check_whenUserIsAnUnknownVariable_reportsUnverifiable() {
        assertThat(rules(GOOD.replace("USER 10001", "USER ${APP_UID}"))).containsExactly("user.unverifiable");
        assertThat(rules(GOOD.replace("USER 10001", "USER ${NB_UID}"))).isEmpty();
    }

    @Test
    void check_whenSlackTokensPresent_reportsThem() {
        String bot = "xox" + "b-" + "1234567890-1234567890-" + "abcdefghijklmnopqrstuvwx";
        String app = "xa" + "pp-1-" + "A0123456789-1234567890-" + "abcdef0123456789";

        assertThat(rules(GOOD + "ENV SLACK=" + bot + "\n")).containsExactly("secret.slack-token");
        assertThat(rules(GOOD + "# " + app + "\n")).containsExactly("secret.slack-token");
    }

    @Test
    void check_whenAwsKeysPresent_reportsThem() {
        String keyId = "AK" + "IA" + "ABCDEFGHIJ234567";

        assertThat(rules(GOOD + "RUN aws configure set aws_access_key_id " + keyId + "\n"))
                .containsExactly("secret.aws-key");
        assertThat(rules(GOOD + "RUN echo aws_secret_access_key=abc >> ~/.aws/credentials\n"))
                .containsExactly("secret.aws-key");
    }

    @Test
    void check_whenPrivateKeyPresent_reportsIt() {
        assertThat(rules(GOOD + "# -----BEGIN " + "RSA PRIVATE KEY-----\n")).containsExactly("secret.private-key");
    }

    @Test
    void check_whenJupyterTokenOnTheCommandLine_reportsIt() {
        assertThat(rules(GOOD + "CMD [\"jupyter\", \"lab\", \"--ServerApp.token=abc\"]\n"))
                .containsExactly("secret.jupyter-token");
        assertThat(rules(GOOD + "CMD jupyter lab --IdentityProvider.token=''\n")).containsExactly("secret.jupyter-token");
    }

    @Test
    void check_whenContinuedRunLineSetsAJupyterToken_reportsItsLine() {
        String text = GOOD + "RUN echo start && \\\n    # a comment inside the continuation\n"
                + "    JUPYTER_TOKEN=abc jupyter lab\n";

        List<Finding> findings = DockerfileRules.check(text, NOTEBOOK_PORTS);

        assertThat(findings).extracting(Finding::rule).containsExactly("secret.jupyter-token");
        assertThat(findings.get(0).line()).isEqualTo(7);
    }

    @Test
    void check_whenEnvSetsASecretLookingName_reportsSecretEnv() {
        assertThat(rules(GOOD + "ENV JUPYTER_TOKEN abc\n")).containsExactly("secret.env");
        assertThat(rules(GOOD + "ENV A=1 SLACK_APP_TOKEN=\"x y\"\n")).containsExactly("secret.env");
        assertThat(rules(GOOD + "ARG DB_PASSWORD\n")).containsExactly("secret.env");
        assertThat(rules(GOOD + "ENV SLACK_BOT_TOKEN=\"\" JAVA_TOOL_OPTIONS=\"-Xmx1g -Xss1m\"\n")).isEmpty();
    }

    @Test
    void check_whenNotebookAppOptionUsed_reportsDeprecated() {
        assertThat(rules(GOOD + "CMD [\"jupyter\", \"lab\", \"--NotebookApp.base_url=/x/\"]\n"))
                .containsExactly("jupyter.notebookapp");
    }

    @Test
    void check_whenNoHealthcheckOrNone_reportsMissing() {
        assertThat(rules(GOOD.replace("HEALTHCHECK CMD [\"true\"]\n", ""))).containsExactly("healthcheck.missing");
        assertThat(rules(GOOD + "HEALTHCHECK NONE\n")).containsExactly("healthcheck.missing");
    }

    @Test
    void check_whenRequiredPortNotExposed_reportsMissing() {
        assertThat(rules(GOOD.replace("EXPOSE 8888", "EXPOSE 8080"))).containsExactly("expose.missing");
    }

    private static List<String> rules(String dockerfile) {
        return DockerfileRules.check(dockerfile, NOTEBOOK_PORTS).stream().map(Finding::rule).toList();
    }

    private static String read(String path) throws IOException {
        return Files.readString(RepoRoot.find().resolve(path));
    }
}
