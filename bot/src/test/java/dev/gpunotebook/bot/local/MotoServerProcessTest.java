package dev.gpunotebook.bot.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** What {@link MotoServerProcess} does when there is no usable moto_server; the real one is in MotoServerProcessIT. */
class MotoServerProcessTest {

    @TempDir
    Path dir;

    @Nested
    class WhenMotoServerIsNotOnThePath {

        @Test
        void locate_whenPathHasNoMotoServer_failsSayingHowToInstallIt() {
            assertThatThrownBy(() -> MotoServerProcess.locate(dir.toString()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("moto_server is not on the PATH")
                    .hasMessageContaining("pip install 'moto[server]==5.2.1'")
                    .hasMessageContaining("AWS_ENDPOINT_URL");
        }

        @Test
        void locate_whenPathIsUnset_failsSayingHowToInstallIt() {
            assertThatThrownBy(() -> MotoServerProcess.locate(null))
                    .hasMessageContaining("pip install 'moto[server]==5.2.1'");
        }
    }

    @Nested
    @DisabledOnOs(OS.WINDOWS)
    class WhenMotoServerDiesAtStart {

        @Test
        void start_whenTheServerExitsBeforeAnswering_failsWithItsExitStatusAndLogTail() throws IOException {
            Path fake = executable("moto_server", "#!/bin/sh\necho 'ImportError: no module named flask'\nexit 3\n");

            assertThatThrownBy(() -> MotoServerProcess.start(fake, dir.resolve("logs")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exited with status 3")
                    .hasMessageContaining("ImportError: no module named flask");
        }

        @Test
        void locate_whenAnExecutableIsOnThePath_findsIt() throws IOException {
            Path fake = executable("moto_server", "#!/bin/sh\nexit 0\n");

            assertThat(MotoServerProcess.locate("/nonexistent" + java.io.File.pathSeparator + dir)).isEqualTo(fake);
        }
    }

    private Path executable(String name, String script) throws IOException {
        Path file = Files.writeString(dir.resolve(name), script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
