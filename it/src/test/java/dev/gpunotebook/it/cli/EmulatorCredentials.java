package dev.gpunotebook.it.cli;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives the SDK's default credential chain keys for the emulator (it accepts any) while a test class
 * runs the command line in process, and takes them away after it:
 *
 * <pre>{@code
 * @WithAwsEmulator
 * @ExtendWith(EmulatorCredentials.class)
 * class CommandLineIT { ... }
 * }</pre>
 */
public final class EmulatorCredentials implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }
}
