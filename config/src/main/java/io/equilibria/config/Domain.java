package io.equilibria.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The values a gene may take. A domain checks a value and describes itself for error messages,
 * the docs and (later) the Jenetics codec.
 */
public sealed interface Domain {

    /** How a numeric range is sampled and mutated. */
    enum Scale { LINEAR, LOG }

    /** Returns a one-line reason why {@code value} is not in this domain, or {@code null}. */
    String reject(Object value);

    /** A short human description, such as {@code 1..8} or {@code one of l1, l2, cosine}. */
    String describe();

    /** Integers from {@code min} to {@code max} inclusive. */
    record IntRange(int min, int max, Scale scale) implements Domain {
        public IntRange {
            if (min > max || (scale == Scale.LOG && min <= 0)) {
                throw new IllegalArgumentException("bad int range " + min + ".." + max);
            }
        }

        @Override
        public String reject(Object value) {
            if (!(value instanceof Integer i)) {
                return "expected an integer";
            }
            return i < min || i > max ? i + " is outside " + describe() : null;
        }

        @Override
        public String describe() {
            return min + ".." + max + (scale == Scale.LOG ? " (log scale)" : "");
        }
    }

    /** One of a few integers, such as the latent sizes {32, 64, 128, 256}. */
    record IntSet(List<Integer> values) implements Domain {
        public IntSet {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("empty int set");
            }
        }

        /** The set of {@code values} (at least one, no duplicates), in the order given. */
        public static IntSet of(int... values) {
            return new IntSet(Arrays.stream(values).boxed().toList());
        }

        @Override
        public String reject(Object value) {
            if (!(value instanceof Integer i)) {
                return "expected an integer";
            }
            return values.contains(i) ? null : i + " is not " + describe();
        }

        @Override
        public String describe() {
            return "one of " + values.toString().replaceAll("[\\[\\]]", "");
        }
    }

    /** Real numbers from {@code min} to {@code max} inclusive. */
    record RealRange(double min, double max, Scale scale) implements Domain {
        public RealRange {
            if (!(min <= max) || (scale == Scale.LOG && min <= 0)) {
                throw new IllegalArgumentException("bad real range " + min + ".." + max);
            }
        }

        @Override
        public String reject(Object value) {
            if (!(value instanceof Double d)) {
                return "expected a number";
            }
            if (!Double.isFinite(d)) {
                return "expected a finite number";
            }
            return d < min || d > max ? format(d) + " is outside " + describe() : null;
        }

        @Override
        public String describe() {
            return format(min) + ".." + format(max) + (scale == Scale.LOG ? " (log scale)" : "");
        }

        private static String format(double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e6
                    ? String.valueOf((long) d)
                    : String.format(Locale.ROOT, "%.6g", d).replaceAll("\\.?0+(e|$)", "$1");
        }
    }

    /** On or off. */
    /** A flag: true or false, or ({@code only} not null) that one value, as a search may narrow it. */
    record Flag(Boolean only) implements Domain {
        /** True or false. */
        public Flag() {
            this(null);
        }

        /** A flag narrowed to {@code value}. */
        public static Flag only(boolean value) {
            return new Flag(value);
        }

        @Override
        public String reject(Object value) {
            if (!(value instanceof Boolean b)) {
                return "expected true or false";
            }
            return only == null || only.equals(b) ? null : "expected " + only;
        }

        @Override
        public String describe() {
            return only == null ? "true or false" : String.valueOf(only);
        }
    }

    /**
     * One constant of an enum, written by its {@link Choice#jsonName()}; {@code allowed} lists the
     * constants' names this domain admits (a search may narrow a gene to some of them).
     */
    record Options(Class<? extends Enum<?>> type, List<String> allowed) implements Domain {
        public Options {
            List<String> all = Arrays.stream(type.getEnumConstants()).map(e -> ((Choice) e).jsonName()).toList();
            allowed = allowed == null ? all : all.stream().filter(allowed::contains).toList();
            if (allowed.isEmpty()) {
                throw new IllegalArgumentException("no option of " + type.getSimpleName() + " allowed");
            }
        }

        /** Every constant of {@code type}. */
        public Options(Class<? extends Enum<?>> type) {
            this(type, null);
        }

        /** Only the given constants of their enum. */
        @SafeVarargs
        public static <E extends Enum<E> & Choice> Options only(E... values) {
            return new Options(values[0].getDeclaringClass(), Arrays.stream(values).map(Choice::jsonName).toList());
        }

        /** The allowed constants' lower-case names, in declaration order. */
        public List<String> names() {
            return allowed;
        }

        @Override
        public String reject(Object value) {
            return type.isInstance(value) && allowed.contains(((Choice) value).jsonName()) ? null
                    : "expected " + describe();
        }

        @Override
        public String describe() {
            return "one of " + String.join(", ", names());
        }
    }

    /** A random seed: a non-negative long. Carried by every genome, never searched over. */
    record Seed() implements Domain {
        @Override
        public String reject(Object value) {
            if (!(value instanceof Long l)) {
                return "expected a non-negative integer";
            }
            return l < 0 ? "expected a non-negative integer" : null;
        }

        @Override
        public String describe() {
            return "a non-negative integer";
        }
    }
}
