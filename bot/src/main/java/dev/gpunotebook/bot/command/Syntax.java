package dev.gpunotebook.bot.command;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What may follow a verb: how many words, which options with a value, which flags.
 * The option names here and in {@link CommandFormatter} are the grammar; {@link Usage} explains them.
 */
record Syntax(Verb verb, int maxPositionals, Set<String> valueOptions, Set<String> flags) {

    static final String INSTANCE_TYPE = "--instance-type";
    static final String GPUS = "--gpus";
    static final String IMAGE = "--image";
    static final String VOLUME_GIB = "--volume-gib";
    static final String IDLE_MINUTES = "--idle-minutes";
    static final String OWNER = "--owner";
    static final String NEW_TOKEN = "--new-token";
    static final String YES = "--yes";
    static final String CLUSTER = "--cluster";
    static final String SERVICE = "--service";

    /** The options of start, in the order of its usage line. */
    static final List<String> START_VALUE_OPTIONS =
            List.of(INSTANCE_TYPE, GPUS, IMAGE, VOLUME_GIB, IDLE_MINUTES, OWNER);

    private static final Map<Verb, Syntax> BY_VERB = new EnumMap<>(Verb.class);

    static {
        for (Verb verb : Verb.values()) {
            BY_VERB.put(verb, new Syntax(verb, 0, Set.of(), Set.of()));
        }
        BY_VERB.put(Verb.START, new Syntax(Verb.START, 1, Set.copyOf(START_VALUE_OPTIONS), Set.of(NEW_TOKEN)));
        BY_VERB.put(Verb.STOP, new Syntax(Verb.STOP, 1, Set.of(), Set.of()));
        BY_VERB.put(Verb.DELETE, new Syntax(Verb.DELETE, 1, Set.of(), Set.of(YES)));
        BY_VERB.put(Verb.STATUS, new Syntax(Verb.STATUS, 1, Set.of(), Set.of()));
        BY_VERB.put(Verb.DIAGNOSE, new Syntax(Verb.DIAGNOSE, 1, Set.of(CLUSTER, SERVICE), Set.of()));
        BY_VERB.put(Verb.HELP, new Syntax(Verb.HELP, 1, Set.of(), Set.of()));
    }

    static Syntax of(Verb verb) {
        return BY_VERB.get(verb);
    }
}
