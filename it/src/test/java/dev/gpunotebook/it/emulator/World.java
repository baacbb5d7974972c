package dev.gpunotebook.it.emulator;

/**
 * Which tests share what they leave in the emulator. Chosen with {@link WithAwsEmulator#world()}.
 *
 * <p>A shared world is cheaper (one reset, and a stack that setup made once is found by the next test) but
 * ties each test to what the tests before it left; a world per test lets tests run in any order.
 */
public enum World {

    /** The tests of one class share the emulator; it is reset before each class, a {@code @Nested} one too. */
    PER_CLASS,

    /**
     * Every test starts with an empty emulator: it is also reset before each test, so state made in
     * {@code @BeforeAll} is gone by the time a test runs.
     */
    PER_TEST
}
