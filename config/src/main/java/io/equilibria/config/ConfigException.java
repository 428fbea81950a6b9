package io.equilibria.config;

/**
 * A configuration value, file or preset that cannot be used. The message is one line that names
 * the offending field (as a dotted path such as {@code a.learningRate}) and, when known, the file.
 */
public final class ConfigException extends RuntimeException {
    private final String field;
    private final String reason;

    /**
     * @param field the field or option at fault ({@code a.learningRate}, {@code --steps}), or null when the
     *     reason names its file itself
     * @param reason what is wrong, in one line
     */
    public ConfigException(String field, String reason) {
        super(field == null || field.isEmpty() ? reason : field + ": " + reason);
        this.field = field == null ? "" : field;
        this.reason = reason;
    }

    /** The dotted path of the offending field, or empty when the whole input is at fault. */
    public String field() {
        return field;
    }

    /** What is wrong, without the field. */
    public String reason() {
        return reason;
    }

    /** The same error, prefixed with the file it came from. */
    public ConfigException inFile(String file) {
        ConfigException e = new ConfigException(null, file + ": " + getMessage());
        e.initCause(this);
        return e;
    }
}
