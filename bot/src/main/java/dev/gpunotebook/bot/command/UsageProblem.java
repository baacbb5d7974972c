package dev.gpunotebook.bot.command;

/** A parse failure inside the parser; {@link CommandParser} turns it into a {@link UsageError}. */
final class UsageProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Verb verb;

    /** @param verb the command whose usage to show, or null for the general usage */
    UsageProblem(String message, Verb verb) {
        super(message, null, false, false);
        this.verb = verb;
    }

    Verb verb() {
        return verb;
    }
}
