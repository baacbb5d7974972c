package dev.gpunotebook.it.emulator;

/**
 * Which tests share what they leave in the emulator. Chosen with {@link WithAwsEmulator#world()}.
 *
 * <p>Tests run in a random order (JUnit's {@code MethodOrderer.Random}), so every test needs a world of its own:
 * a fresh emulator, or its own gpu-notebook environment in an emulator the class shares.
 */
public enum World {

    /**
     * Every test starts with an empty emulator: it is also reset before each test, so state made in
     * {@code @BeforeAll} is gone by the time a test runs. The default: sound for any test, including one that
     * looks at the whole account (vCPU quotas, every load balancer). It costs a reset and a setup from scratch
     * per test, a few seconds with moto.
     */
    PER_TEST,

    /**
     * The tests of one class share the emulator; it is reset before each class, a {@code @Nested} one too. The
     * tests must still keep apart: the {@code SetUpStackExtension} gives each its own environment (as a unique
     * {@code GPU_NOTEBOOK_ENV} would), and a test may only assert on what is in its environment. Cheaper (a
     * setup of a new environment costs under a second), so for classes whose tests never look across environments.
     */
    PER_CLASS
}
