package dev.gpunotebook.it.emulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class with {@link EmulatorExtension}: an AWS emulator, reset before the class and, in
 * the default {@code world = World.PER_TEST}, before each test. On a {@code @Nested} class it overrides the
 * enclosing class's choice of world.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(EmulatorExtension.class)
public @interface WithAwsEmulator {

    /**
     * Which tests share the emulator's state. A world per test by default: tests run in a random order, so none may
     * see what another left. {@link World#PER_CLASS} is cheaper, for classes whose tests keep to their own
     * environment.
     */
    World world() default World.PER_TEST;
}
