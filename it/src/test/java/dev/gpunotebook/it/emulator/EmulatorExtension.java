package dev.gpunotebook.it.emulator;

import dev.gpunotebook.core.model.EnvironmentName;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension giving tests the JVM's one AWS emulator (see {@link AwsEmulators} for which one) and,
 * on request, a {@link FaultInjector} in front of it.
 *
 * <ul>
 *   <li>Injects {@link AwsEmulator} and {@link FaultInjector} into constructors, test and lifecycle methods, and
 *       the test's own gpu-notebook environment, an {@link EnvironmentName}, into test and {@code @BeforeEach}
 *       methods (see {@link #environment}).</li>
 *   <li>Before each test class, {@code @Nested} ones included, resets the emulator: every class starts with
 *       an empty emulator. State an enclosing class creates in {@code @BeforeAll} is therefore gone in its
 *       nested classes; create shared state in {@code @BeforeEach} or in the class that uses it.</li>
 *   <li>In a world per test ({@link World#PER_TEST}, the default), resets it before each test as well; with
 *       {@code @WithAwsEmulator(world = World.PER_CLASS)}, only before each class (see {@link World}).</li>
 *   <li>Before each test (and each class), removes the fault injector's injections and forgets its requests:
 *       inject in the test method or in {@code @BeforeEach}.</li>
 *   <li>Stops both once the whole test run is over (they live in the root context's store); a JVM shutdown
 *       hook stops a {@code moto_server} process in any case.</li>
 * </ul>
 * Emulator and fault injector are shared, so this assumes test classes run one at a time (JUnit's default).
 * Which emulator is used is printed once, when it starts.
 *
 * <pre>{@code
 * @WithAwsEmulator                       // or @ExtendWith(EmulatorExtension.class)
 * class NetworkIT {
 *     private final Ec2Client ec2;
 *
 *     NetworkIT(AwsEmulator emulator) {
 *         ec2 = emulator.client(Ec2Client.builder());
 *     }
 *
 *     @Test
 *     void createVpc_whenCidrIsFree_returnsAnAvailableVpc() {
 *         assertThat(ec2.createVpc(r -> r.cidrBlock("10.42.0.0/16")).vpc().vpcId()).startsWith("vpc-");
 *     }
 * }
 * }</pre>
 */
public final class EmulatorExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmulatorExtension.class);
    /** Numbers the environments handed out in shared worlds: JVM-wide, so no two tests sharing an emulator meet. */
    private static final AtomicInteger ENVIRONMENTS = new AtomicInteger();

    @Override
    public void beforeAll(ExtensionContext context) {
        emulator(context).reset();
        existingFaultInjector(context).ifPresent(FaultInjector::reset);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (world(context) == World.PER_TEST) {
            emulator(context).reset();
        }
        existingFaultInjector(context).ifPresent(FaultInjector::reset);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == AwsEmulator.class || type == FaultInjector.class || type == EnvironmentName.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == EnvironmentName.class) {
            if (extensionContext.getTestMethod().isEmpty()) {
                throw new ParameterResolutionException("An environment belongs to one test: ask for it in a @Test,"
                        + " @BeforeEach or @AfterEach method, not in " + parameterContext.getDeclaringExecutable());
            }
            return environment(extensionContext);
        }
        return type == AwsEmulator.class ? emulator(extensionContext) : faultInjector(extensionContext);
    }

    /**
     * The gpu-notebook environment of the current test, what {@code GPU_NOTEBOOK_ENV} names: {@code default} in a
     * world per test, where the emulator is the test's own; in a world per class, a name no other test got
     * ({@code it1}, {@code it2}...), so that the tests sharing the emulator keep apart. The same for every ask
     * within one test; for extensions that build on this one.
     */
    public static EnvironmentName environment(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(EnvironmentName.class,
                key -> world(context) == World.PER_TEST
                        ? EnvironmentName.DEFAULT
                        : new EnvironmentName("it" + ENVIRONMENTS.incrementAndGet()),
                EnvironmentName.class);
    }

    /** The shared emulator, started on first use; for extensions that build on this one. */
    public static AwsEmulator emulator(ExtensionContext context) {
        return store(context)
                .getOrComputeIfAbsent(SharedEmulator.class, key -> new SharedEmulator(AwsEmulators.obtain()),
                        SharedEmulator.class)
                .emulator();
    }

    /** The shared fault injector, started on first use in front of the shared emulator; for extensions. */
    public static FaultInjector faultInjector(ExtensionContext context) {
        AwsEmulator emulator = emulator(context);
        return store(context).getOrComputeIfAbsent(FaultInjector.class,
                key -> FaultInjector.inFrontOf(emulator.endpoint()), FaultInjector.class);
    }

    /**
     * The world the nearest {@link WithAwsEmulator} asks for, a world per test without one (a class registering this
     * extension by hand); for extensions that build on this one.
     */
    public static World world(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithAwsEmulator.class,
                        context.getEnclosingTestClasses())
                .map(WithAwsEmulator::world)
                .orElse(World.PER_TEST);
    }

    private static Optional<FaultInjector> existingFaultInjector(ExtensionContext context) {
        return Optional.ofNullable(store(context).get(FaultInjector.class, FaultInjector.class));
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE);
    }

    /** The root store closes this when the test run ends; that stops the emulator if the harness started it. */
    private record SharedEmulator(AwsEmulator emulator) implements AutoCloseable {
        @Override
        public void close() {
            AwsEmulators.shutdown();
        }
    }
}
