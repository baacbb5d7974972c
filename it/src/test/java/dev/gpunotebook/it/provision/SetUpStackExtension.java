package dev.gpunotebook.it.provision;

import dev.gpunotebook.it.emulator.EmulatorExtension;
import dev.gpunotebook.it.emulator.FaultInjector;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import java.net.URI;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension handing tests a {@link SetUpStack}: setup run against the emulator of
 * {@link WithAwsEmulator}, opened when a test (or its {@code @BeforeEach}) first asks for it and closed after
 * that test. Every parameter of one test gets the same stack.
 *
 * <pre>{@code
 * @WithAwsEmulator
 * class StopIT {
 *
 *     @RegisterExtension
 *     static final SetUpStackExtension STACK = SetUpStackExtension.onTheEmulator().withCoreThroughFaultInjector();
 *
 *     @Test
 *     void stop_whenEc2Refuses_keepsTheServiceUp(SetUpStack stack, FaultInjector faults) {
 *         stack.start("refused");
 *         faults.injectQueryError("StopInstances", 400, FaultInjector.ec2Error("IncorrectInstanceState", "..."));
 *         ...
 *     }
 * }
 * }</pre>
 *
 * Every test gets an environment of its own (see {@link WithAwsEmulator#world()}): in a world per test (the
 * default) the emulator is empty and the stack is the {@code default} environment; in a world per class, where the
 * tests of the class share the emulator, each stack is a new environment with a name no other test used (as a
 * unique {@code GPU_NOTEBOOK_ENV} per test; see {@link EmulatorExtension#environment}), so its resources and its
 * probe's answers are its own.
 * A constructor or {@code @BeforeAll} parameter is refused: it would open the stack before the emulator is
 * made ready for a test, and a world per test would then wipe it.
 */
public final class SetUpStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SetUpStackExtension.class);

    private final boolean coreThroughFaultInjector;

    private SetUpStackExtension(boolean coreThroughFaultInjector) {
        this.coreThroughFaultInjector = coreThroughFaultInjector;
    }

    /** Core and probe both talk to the emulator itself. */
    public static SetUpStackExtension onTheEmulator() {
        return new SetUpStackExtension(false);
    }

    /**
     * Core talks to the {@link FaultInjector} in front of the emulator, so a test can inject the AWS answers moto
     * does not give and read what core sent; the probe still looks at the emulator directly.
     */
    public SetUpStackExtension withCoreThroughFaultInjector() {
        return new SetUpStackExtension(true);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == SetUpStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (extensionContext.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("A SetUpStack is opened for one test: ask for it in a @Test,"
                    + " @BeforeEach or @AfterEach method, not in " + parameterContext.getDeclaringExecutable());
        }
        return extensionContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(SetUpStack.class, key -> open(extensionContext), SetUpStack.class);
    }

    private SetUpStack open(ExtensionContext context) {
        URI emulator = EmulatorExtension.emulator(context).endpoint();
        URI core = coreThroughFaultInjector ? EmulatorExtension.faultInjector(context).endpoint() : emulator;
        return SetUpStack.open(core, emulator, EmulatorExtension.environment(context));
    }
}
