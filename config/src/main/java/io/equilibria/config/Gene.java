package io.equilibria.config;

/**
 * One row of the search space: a named field of a genome record, its domain, its default and
 * what it does. The name is the record component's name and the JSON field's name.
 */
public record Gene(String name, Domain domain, Object defaultValue, String doc) {
    public Gene {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("gene without a name");
        }
        String reason = domain.reject(defaultValue);
        if (reason != null) {
            throw new IllegalArgumentException("default of gene " + name + ": " + reason);
        }
    }

    /** Whether the evolutionary search varies this gene (the seed is carried, not searched). */
    public boolean searched() {
        return !(domain instanceof Domain.Seed);
    }
}
