package dev.gpunotebook.it.emulator;

import dev.gpunotebook.bot.local.MotoServerProcess;
import java.net.URI;

/** The tests' view of a {@link MotoServerProcess}: the same launcher {@code --local} uses. */
final class MotoServerEmulator implements AwsEmulator {

    private final MotoServerProcess process;

    MotoServerEmulator(MotoServerProcess process) {
        this.process = process;
    }

    static MotoServerEmulator start() {
        return new MotoServerEmulator(MotoServerProcess.start());
    }

    MotoServerProcess process() {
        return process;
    }

    @Override
    public URI endpoint() {
        return process.endpoint();
    }

    @Override
    public void reset() {
        process.reset();
    }

    @Override
    public String describe() {
        return process.describe();
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return describe();
    }
}
